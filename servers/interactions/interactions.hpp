// sciorex-interactions: the three Sciorex interaction tools plus sciorex_get_interaction, on the
// protocol library and the shared store's inbox.
//
// How a question reaches a person, in order of preference:
//  1. the client declared `elicitation`: a form (2026: an input_required result; 2025: an
//     elicitation/create request), its accept/decline mapped onto the documented results. A form
//     the client cancels (no person's choice: Claude Code in print mode cancels at once) is no
//     answer: the call goes on as in 2;
//  2. otherwise the inbox: the question is stored and the call waits until a person answers from
//     another terminal (`sciorex-interactions answer`, or the board, which writes the same store),
//     sending progress while it waits. When timeoutSeconds passes it returns status "pending" with
//     the interactionId.
// Either way the question is stored first, so it outlives the call. A waiting call holds no
// thread: one watcher (watcher.hpp) serves them all.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "sciorex/protocol/server.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/interaction_repository.hpp"

namespace sciorex::interactions {

struct Options {
  std::chrono::milliseconds poll_interval{200};         // how often a waiting call reads the store
  std::chrono::milliseconds progress_interval{10'000};  // heartbeat while waiting (spec: at least every 15 s)
  int default_timeout_seconds = 600;
  // Questions that may wait at once: per session (a client connection; an agent rarely has more
  // than a few open, an orchestrator fanning out through one connection a few dozen) and per
  // server (bounds the inbox a runaway client can fill and the watcher's rounds).
  std::size_t max_waiting_per_session = 64;
  std::size_t max_waiting = 1024;
};

class Watcher;

// The store handle the tools share. Thread-safe.
class Inbox {
 public:
  Inbox(const std::string& db_path, const storage::StoreConfig& config, Options options = {});
  ~Inbox();
  storage::InteractionRepository& repo() { return repo_; }
  storage::Database& db() { return db_; }
  const Options& options() const { return options_; }
  Watcher& watcher() { return *watcher_; }

 private:
  storage::Database db_;
  storage::InteractionRepository repo_;
  Options options_;
  std::unique_ptr<Watcher> watcher_;  // last: it uses the store until it is gone
};

protocol::ServerInfo server_info();
void register_all(protocol::Server& server, Inbox& inbox);

// JSON views of a stored interaction (get_interaction, the inbox's --json).
nlohmann::json to_json(const storage::Interaction& i);

}  // namespace sciorex::interactions
