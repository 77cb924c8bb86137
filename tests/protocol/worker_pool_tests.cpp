// The worker pool: every queued task gets a thread while the pool is under its cap, even when
// tasks are posted faster than idle threads wake up (tasks that wait, such as a question waiting
// for a person, must never hold others back).
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "worker_pool.hpp"

using namespace std::chrono_literals;
using sciorex::protocol::detail::WorkerPool;

namespace {

// Counts arrivals; wait_for_all() is true once `n` tasks are inside at the same time.
struct Rendezvous {
  explicit Rendezvous(int n) : n(n) {}
  void arrive_and_wait(std::chrono::milliseconds bound) {
    std::unique_lock lock(mu);
    ++arrived;
    cv.notify_all();
    cv.wait_for(lock, bound, [&] { return arrived >= n || released; });
  }
  bool wait_for_all(std::chrono::milliseconds bound) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, bound, [&] { return arrived >= n; });
  }
  void release() {
    std::lock_guard lock(mu);
    released = true;
    cv.notify_all();
  }
  int n;
  int arrived = 0;
  bool released = false;
  std::mutex mu;
  std::condition_variable cv;
};

}  // namespace

TEST_CASE("worker pool: tasks posted back to back onto idle threads all run at once") {
  // Each round: a pool with `idle` idle threads (from a warm-up), then idle + 3 tasks posted in a
  // row that only finish once all of them are running together. A pool that counts a thread it
  // has already woken as still idle posts the extra tasks to nobody and they wait in the queue.
  for (int round = 0; round < 40; ++round) {
    const int idle = 1 + round % 3;
    WorkerPool pool(64);
    {
      Rendezvous warm(idle);
      for (int i = 0; i < idle; ++i) pool.post([&] { warm.arrive_and_wait(2s); });
      REQUIRE(warm.wait_for_all(5s));
      REQUIRE(pool.drain(5s));
    }
    const int tasks = idle + 3;
    Rendezvous all(tasks);
    for (int i = 0; i < tasks; ++i) pool.post([&] { all.arrive_and_wait(5s); });
    bool together = all.wait_for_all(3s);
    all.release();
    INFO("round " << round << ": " << all.arrived << " of " << tasks << " tasks running, " << idle
                  << " threads were idle");
    REQUIRE(together);
    REQUIRE(pool.drain(5s));
  }
}

TEST_CASE("worker pool: at the cap, further tasks wait in the queue and run when a thread frees") {
  WorkerPool pool(2);
  Rendezvous two(2);
  std::atomic<int> third{0};
  pool.post([&] { two.arrive_and_wait(5s); });
  pool.post([&] { two.arrive_and_wait(5s); });
  pool.post([&] { third = 1; });
  REQUIRE(two.wait_for_all(5s));
  REQUIRE(pool.drain(5s));
  REQUIRE(third == 1);
}
