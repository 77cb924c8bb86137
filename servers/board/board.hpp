// The board: the web page where people see the work and answer the agents (issue 11), served on a
// store as a transport::RouteHandler for every path other than /mcp: the page's embedded files at
// / and the JSON API of docs/board-api.md under /api/, with its live feed at /api/events.
// Writes are history entries by `user <options.user>`. Knows nothing of MCP or Boost.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "sciorex/storage/config.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/transport/http_routes.hpp"

namespace sciorex::board {

struct BoardOptions {
  // The person whose writes these are ("user <name>" in the history) when the request carries no
  // person's token. A person's token (storage::UserRepository, issue 13) makes them `user <their
  // name>`; a read-only person's writes are refused with 403. Once the store has people, every
  // request needs a person's token or auth_token (Bearer, or the cookie /?token= sets).
  std::string user;
  std::string auth_token;  // when set: every request needs it or a person's token
  std::string version = "0.1.0";
  std::size_t max_body_bytes = std::size_t{1} << 20;
  std::chrono::milliseconds poll_interval{100};  // the live feed's read of the events table
  std::size_t replay_limit = 1000;               // more missed events than this: `event: reset`
};

class Board {
 public:
  // Opens its own handles on the store at `db_path`. Throws StoreError when it cannot.
  Board(const std::string& db_path, const storage::StoreConfig& config, BoardOptions options);
  ~Board();  // stops
  Board(const Board&) = delete;
  Board& operator=(const Board&) = delete;

  // The handler for HttpOptions::routes. Valid while the Board lives.
  transport::RouteHandler handler();
  // Starts the live feed's thread.
  void start();
  // Ends every open event stream and joins the feed's thread. Idempotent.
  void stop();
  // The per-process token every write must send as X-Sciorex-Csrf (also in the page's meta tag).
  const std::string& csrf_token() const;
  // The store handle the board reads with (its people among them), for the transport's people
  // check (common::use_people). Valid while the Board lives.
  storage::Database& reader();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sciorex::board
