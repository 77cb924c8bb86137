#include "sciorex/storage/feed_wait.hpp"

#include <algorithm>

namespace sciorex::storage {

FeedWait::FeedWait(EventFeed& feed, std::chrono::milliseconds interval, std::chrono::milliseconds gap)
    : interval_(interval), gap_(std::min(gap, interval)) {
  wakeup_ = feed.wake_on_events([this] {
    {
      std::lock_guard lock(mu_);
      woken_ = true;
    }
    cv_.notify_all();
  });
}

FeedWait::~FeedWait() { wakeup_.reset(); }

bool FeedWait::wait() {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, gap_, [this] { return stopped_; });
  cv_.wait_for(lock, interval_ - gap_, [this] { return stopped_ || woken_; });
  woken_ = false;
  return !stopped_;
}

void FeedWait::stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  cv_.notify_all();
}

void FeedWait::resume() {
  std::lock_guard lock(mu_);
  stopped_ = false;
}

}  // namespace sciorex::storage
