// ChangeWatcher: turns the store's change feed into MCP resource notifications, whichever
// process made the change. A background thread polls EventFeed::events_after(last) every
// `interval` (starting from the newest event at start()), and at once when the store says events
// were committed (EventFeed::wake_on_events: PostgreSQL's NOTIFY), and for each event notifies
// sciorex://tickets/{id} or sciorex://epics/{id}, the epic of a ticket whose status changed
// (its progress moved), and sciorex://board once per batch; created, deleted and imported
// entities also send resources/list_changed.
//
// Thread-safe: start() and stop() may be called from any thread; stop() wakes the thread and
// joins it (the destructor stops). Between two polls it waits as storage::FeedWait does.
// Store failures are logged and retried on the next tick.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>

#include "sciorex/protocol/server.hpp"
#include "sciorex/storage/feed_wait.hpp"
#include "store.hpp"

namespace sciorex::tickets {

class ChangeWatcher {
 public:
  ChangeWatcher(protocol::Server& server, Store& store,
                std::chrono::milliseconds interval = std::chrono::milliseconds(200));
  ~ChangeWatcher();
  ChangeWatcher(const ChangeWatcher&) = delete;
  ChangeWatcher& operator=(const ChangeWatcher&) = delete;

  void start();
  void stop();
  // One poll now, on the caller's thread (what the thread does each tick). Returns events seen.
  std::size_t poll_once();

 private:
  void run();

  protocol::Server& server_;
  Store& store_;
  std::mutex mu_;  // thread_
  std::int64_t last_ = 0;
  std::mutex poll_mu_;  // one poll at a time
  std::thread thread_;
  storage::FeedWait wait_;  // between two polls
};

}  // namespace sciorex::tickets
