// Waiting in tests without sleeping. A test waits on something that signals: a future, a sink's
// condition variable, Server::drain(), a ChildProcess read or wait (poll() on a pipe or a pidfd),
// or a Signal below that the code under test's callbacks raise. poll_until() is the one exception,
// for state that nothing can signal (a file another process writes, rows a library's own thread
// writes without a hook): it looks again on a fixed interval until a deadline. It is the only
// place in the tests that sleeps to wait.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace sciorex::testing {

// A counter that threads raise and others wait on.
class Signal {
 public:
  void notify(std::size_t n = 1) {
    {
      std::lock_guard lock(mu_);
      count_ += n;
    }
    cv_.notify_all();
  }
  // Waits until it was raised `count` times in all, at most `limit`. True when it was.
  bool wait(std::size_t count = 1, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, limit, [&] { return count_ >= count; });
  }
  std::size_t count() const {
    std::lock_guard lock(mu_);
    return count_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::size_t count_ = 0;
};

// Bounded polling, only for state nothing signals (see above): true as soon as done() holds,
// false when `limit` passed first.
template <class Pred>
bool poll_until(Pred done, std::chrono::milliseconds limit,
                std::chrono::milliseconds every = std::chrono::milliseconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(every);
  }
}

}  // namespace sciorex::testing
