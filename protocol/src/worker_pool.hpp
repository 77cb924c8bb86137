#pragma once
// A thread pool that grows on demand up to a cap, so that handlers that block (on a 2025 client's
// answer) do not starve the ones that do not. Handlers that wait for a person suspend instead
// (deferred.hpp) and hold no thread. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sciorex::protocol::detail {

class WorkerPool {
 public:
  explicit WorkerPool(std::size_t max_threads = 256);
  ~WorkerPool();  // finishes queued work, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void post(std::function<void()> task);
  // Waits until no task is queued or running, or the timeout passes. True when idle.
  bool drain(std::chrono::milliseconds timeout);

 private:
  void run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
  std::size_t max_threads_;
  std::size_t idle_ = 0;
  std::size_t busy_ = 0;
  bool stopping_ = false;
};

}  // namespace sciorex::protocol::detail
