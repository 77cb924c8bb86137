// What the benchmark client's runners share: request templates, a fast check of JSON-RPC answers,
// latency statistics, the server process (spawned over pipes) and its memory figures.
// Private to bench/; no dependency on the project's libraries (only the tests' Catch2-free
// child-process helper), so it measures any MCP server.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "child_process.hpp"

namespace sciorex::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// A text with placeholders filled per request index i: {i}, and chains of /M, %M, +K after it,
// applied left to right, then an optional :0Nd zero padding. Examples: T-{i%1000+1:03d},
// sub-{i/1000%3+1:03d}. Throws std::invalid_argument on a malformed placeholder.
class Template {
 public:
  explicit Template(std::string_view text);
  void render(std::uint64_t i, std::string& out) const;  // appends
  std::string render(std::uint64_t i) const;

 private:
  struct Op {
    char kind;  // '/', '%', '+'
    std::uint64_t value;
  };
  struct Piece {
    std::string literal;  // used when ops is empty and !placeholder
    bool placeholder = false;
    std::vector<Op> ops;
    int width = 0;
  };
  std::vector<Piece> pieces_;
};

// One JSON-RPC answer, checked without building a document: the top-level id, whether it is a
// response, an error, or a result with isError: true. `ok` means a result without isError.
struct Answer {
  bool is_response = false;  // has an id and result or error
  bool has_method = false;   // a request or notification from the server
  std::optional<std::int64_t> id;
  bool ok = false;
  std::string problem;  // for failures: the error or the reason
};
// Scans a whole JSON text; malformed JSON gives is_response = false and a problem.
Answer check_answer(std::string_view json);
// The value text of a top-level string member (no unescaping), e.g. result.protocolVersion.
std::optional<std::string> find_string_member(std::string_view json, std::string_view path_a,
                                              std::string_view path_b = {});

struct Stats {
  std::size_t count = 0;
  double p50_us = 0, p99_us = 0, max_us = 0, mean_us = 0;
};
Stats latency_stats(std::vector<double> seconds);

// A server started with `/bin/sh -c "exec CMD"`: stdin and stdout are pipes, stderr goes to a
// file (or /dev/null). The pid is the server's own after exec. The process is the tests' shared
// ChildProcess (tests/common); `env` holds NAME=VALUE entries added to this process's environment.
class Process {
 public:
  Process(const std::string& command, const std::string& stderr_path,
          const std::vector<std::string>& env = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return child_.pid(); }
  int to_server() const { return child_.stdin_fd(); }     // write end of the server's stdin
  int from_server() const { return child_.stdout_fd(); }  // read end of the server's stdout
  void close_input() { child_.close_stdin(); }
  // Waits up to `timeout` for exit after close_input, then SIGTERM, then SIGKILL. Exit status.
  int stop(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

 private:
  testing::ChildProcess child_;
};

// VmHWM / VmRSS of a process in kB (0 when unreadable).
long peak_rss_kb(pid_t pid);
long current_rss_kb(pid_t pid);

// A free loopback TCP port (bound and released).
int free_port();

// Runs a shell command; returns its exit status.
int shell(const std::string& command);

}  // namespace sciorex::bench
