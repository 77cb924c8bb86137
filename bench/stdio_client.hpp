// A client of one server process over its stdin/stdout pipes: the handshake, then loads with a
// window of requests in flight. Every answer is checked (check_answer); a server that stops
// answering for `stall_timeout` is killed, which ends the run with the remaining requests failed.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.hpp"
#include "load.hpp"

namespace sciorex::bench {

class StdioClient {
 public:
  explicit StdioClient(Process& server, std::chrono::seconds stall_timeout = std::chrono::seconds(60));
  ~StdioClient();

  // Sends initialize at once and waits for its answer; returns false when it failed. Then sends
  // notifications/initialized.
  bool handshake(std::string& problem);
  LoadResult run(const LoadSpec& spec);

 private:
  // Reads once (blocking; one read() of up to 1 MiB); calls on_line for each whole line. False at
  // end of output.
  template <class Fn>
  bool read_lines(Fn&& on_line);
  bool write_all(std::string& out, bool block);

  Process& server_;
  testing::LineReader reader_;  // the server's stdout in 1 MiB reads, lines as views
  std::int64_t next_id_ = 1;
  std::atomic<std::uint64_t> progress_{0};
  std::atomic<bool> stop_watch_{false};
  std::chrono::seconds stall_timeout_;
  std::thread watchdog_;
};

}  // namespace sciorex::bench
