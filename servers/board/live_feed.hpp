// The board's live feed: one thread per board reads the store's events table every poll
// interval, or sooner when the store announces a commit (storage::FeedWait;
// EventFeed::events_after), and sends each new event to every open SSE stream, as
//   id: <event id>\nevent: change\ndata:
//   {"id","entityType","entityId","action","actor":{"kind","id"},"timestamp"}\n\n
// A stream that names the last event it saw (Last-Event-ID, ?after=) first gets what came after it,
// or `event: reset` when that is more than `replay_limit` events (the page reloads). Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/feed_wait.hpp"
#include "sciorex/transport/http_routes.hpp"

namespace sciorex::board {

// An actor as the board shows it, in history entries, inbox items and feed events:
// {kind: user|agent|system, id}.
nlohmann::json actor_kind_json(const storage::Actor& a);

// One event as the feed sends it (the SSE text above).
std::string sse_change(const storage::Event& e);

class LiveFeed {
 public:
  LiveFeed(storage::EventFeed& feed, std::chrono::milliseconds interval, std::size_t replay_limit);
  ~LiveFeed();  // stops
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  void start();
  // Ends every open stream and joins the thread. Idempotent.
  void stop();
  // Sends `stream` the events after `after` (when given), then every new one until it closes.
  void attach(const std::shared_ptr<transport::EventStream>& stream, std::optional<std::int64_t> after);
  std::size_t open_streams();

 private:
  void run();
  void poll_once();

  storage::EventFeed& feed_;
  const std::size_t replay_limit_;
  std::mutex mu_;  // streams_, last_sent_, stopping_
  struct Listener {
    std::shared_ptr<transport::EventStream> stream;
    std::int64_t seen = 0;  // the stream already has every event up to this id
  };
  std::vector<Listener> streams_;
  std::int64_t last_sent_ = 0;
  bool stopping_ = false;
  bool started_ = false;
  std::thread thread_;
  storage::FeedWait wait_;  // between two reads
};

}  // namespace sciorex::board
