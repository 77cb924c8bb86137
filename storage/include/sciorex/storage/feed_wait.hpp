// FeedWait: the wait between two reads of a thread that follows the change feed (the
// subscriptions' ChangeWatcher, the board's LiveFeed). It ends early when the backend announces a
// commit (EventFeed::wake_on_events: PostgreSQL's NOTIFY), but never sooner than `gap` after it
// began, so that a burst of writes is read in one go rather than once per write in every server
// process; and it ends after `interval` anyway (the poll: all there is on SQLite).
//
// Thread-safe: one thread waits, any thread stops it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "sciorex/storage/event_feed.hpp"

namespace sciorex::storage {

class FeedWait {
 public:
  static constexpr std::chrono::milliseconds kGap{25};

  FeedWait(EventFeed& feed, std::chrono::milliseconds interval, std::chrono::milliseconds gap = kGap);
  ~FeedWait();  // no wake-up reaches this object once it returns
  FeedWait(const FeedWait&) = delete;
  FeedWait& operator=(const FeedWait&) = delete;

  // Blocks until it is time to read the feed again: true; false at once when stopped.
  bool wait();
  // Ends the wait under way and every later one, until resume().
  void stop();
  void resume();

 private:
  const std::chrono::milliseconds interval_;
  const std::chrono::milliseconds gap_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;  // the store announced events since the last wait ended
  bool stopped_ = false;
  // Dropped first (the destructor): its calls take mu_.
  std::unique_ptr<EventWakeup> wakeup_;
};

}  // namespace sciorex::storage
