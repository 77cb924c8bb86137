// The board's parts, shared by its route files (board.cpp: security and dispatch; board_read.cpp;
// board_write.cpp; board_inbox.cpp). Private to servers/board.
#pragma once

#include <string>
#include <vector>

#include "api_error.hpp"
#include "board.hpp"
#include "live_feed.hpp"
#include "request.hpp"
#include "sciorex/storage/board_queries.hpp"
#include "sciorex/storage/interaction_repository.hpp"
#include "sciorex/storage/user_repository.hpp"
#include "static_files.hpp"
#include "store.hpp"

namespace sciorex::board {

struct Board::Impl {
  Impl(const std::string& db_path, const storage::StoreConfig& config, BoardOptions o);

  BoardOptions options;
  std::string csrf;
  tickets::Store store;
  storage::InteractionRepository inbox{store.writer()};
  storage::InteractionRepository inbox_reads{store.reader()};
  storage::BoardQueries board{store.reader()};
  storage::UserRepository people{store.reader()};  // who a token names (issue 13), read per request
  StaticFiles files;
  LiveFeed feed;

  storage::Actor actor() const { return storage::Actor::user(options.user); }
};

using transport::RouteRequest;
using transport::RouteResponse;
using transport::RouteResult;
using Segments = std::vector<std::string>;

// GET /api/... (board_read.cpp); nullopt when no read route has this path.
// `who` is the caller (a signed-in person, or the board's own user); `read_only` for a read-only
// person's token: the page then offers no changes.
RouteResponse api_meta(Board::Impl& b, const storage::Actor& who, bool read_only);
RouteResponse api_board(Board::Impl& b, const Query& q);
RouteResponse api_column(Board::Impl& b, const std::string& status, const Query& q);
RouteResponse api_ticket(Board::Impl& b, const std::string& id);
RouteResponse api_ticket_runs(Board::Impl& b, const std::string& id, const Query& q);
RouteResponse api_epics(Board::Impl& b);
RouteResponse api_epic(Board::Impl& b, const std::string& id);
// The detail the API answers for a ticket (board_read.cpp), for reads, writes and 409's `current`.
json ticket_detail(Board::Impl& b, const std::string& id, bool from_writer = false);

// Writes (board_write.cpp).
RouteResponse api_create_ticket(Board::Impl& b, const storage::Actor& by, const json& body);
RouteResponse api_update_ticket(Board::Impl& b, const storage::Actor& by, const std::string& id,
                                const json& body);
RouteResponse api_change_status(Board::Impl& b, const storage::Actor& by, const std::string& id,
                                const json& body);
RouteResponse api_add_subtask(Board::Impl& b, const storage::Actor& by, const std::string& id,
                              const json& body);
RouteResponse api_update_subtask(Board::Impl& b, const storage::Actor& by, const std::string& id,
                                 const std::string& sub, const json& body);
RouteResponse api_add_comment(Board::Impl& b, const storage::Actor& by, const std::string& id,
                              const json& body);
RouteResponse api_create_epic(Board::Impl& b, const storage::Actor& by, const json& body);

// The inbox (board_inbox.cpp).
RouteResponse api_inbox(Board::Impl& b, const Query& q);
RouteResponse api_answer(Board::Impl& b, const storage::Actor& by, const std::string& id, const json& body);

}  // namespace sciorex::board
