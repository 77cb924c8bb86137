// A child process on pipes, for the tests that run the built binaries and for the benchmark's
// client: spawn with argv, environment and current folder; write stdin; read stdout line by line
// with a deadline; read all of stderr; wait for the exit with a timeout; kill. Failures to spawn
// throw std::runtime_error and nothing here uses Catch2, so it is safe on any thread (each
// ChildProcess is driven by one thread at a time). Waits block in poll() on the pipe or on a
// pidfd of the child: nothing sleeps.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sciorex::testing {

using Clock = std::chrono::steady_clock;

// Splits what a pipe delivers into lines. read_some() is the fast form (one read() per call, each
// whole line handed over as a view into the read buffer, no copy unless a line spans two reads);
// next_line() is the convenient one (a copy per line, a deadline). Do not mix the two on one
// reader while next_line() still holds queued lines.
class LineReader {
 public:
  explicit LineReader(int fd, std::size_t chunk_size = 64 * 1024) : fd_(fd), chunk_(chunk_size) {}

  // One blocking read(); calls on_line(std::string_view) for every line it completes (without the
  // '\n'). False at end of output or on a read error.
  template <class Fn>
  bool read_some(Fn&& on_line) {
    const long n = read_once();
    if (n <= 0) return false;
    std::string_view data(chunk_.data(), static_cast<std::size_t>(n));
    while (!data.empty()) {
      const auto nl = data.find('\n');
      if (nl == std::string_view::npos) {
        partial_.append(data);
        break;
      }
      if (partial_.empty()) {
        on_line(data.substr(0, nl));
      } else {
        partial_.append(data.substr(0, nl));
        on_line(std::string_view(partial_));
        partial_.clear();
      }
      data.remove_prefix(nl + 1);
    }
    return true;
  }

  enum class Status { line, timeout, end };
  // The next line into `line`; `timeout` once `deadline` passes first, `end` at end of output.
  Status next_line(std::string& line, Clock::time_point deadline);
  // The next line, or nullopt at the deadline or at end of output.
  std::optional<std::string> next_line(std::chrono::milliseconds limit);
  // One read() of what is available now (call it after poll() said so): queues its lines for
  // next_line(). False at end of output.
  bool pull();

  bool at_end() const { return end_; }
  // Bytes after the last newline (a line the writer has not finished, or never will).
  const std::string& partial() const { return partial_; }
  void clear_partial() { partial_.clear(); }
  // Everything until end of output or the deadline: queued lines, the rest, and the partial line.
  std::string read_rest(Clock::time_point deadline);
  int fd() const { return fd_; }

 private:
  long read_once();

  int fd_;
  std::vector<char> chunk_;
  std::string partial_;
  std::deque<std::string> lines_;
  bool end_ = false;
};

struct SpawnOptions {
  std::vector<std::string> argv;  // argv[0] is the program's path (no PATH search)
  std::filesystem::path cwd;      // empty: this process's current folder
  // The environment is this process's, without the variables in `unset`, with `set` added
  // (an empty value sets the variable to the empty string).
  std::vector<std::string> unset;
  std::vector<std::pair<std::string, std::string>> set;
  // stderr goes to a pipe (read_stderr()) unless a file is named here: then it is appended to
  // that file (created when missing), so that a chatty child never blocks on a full pipe.
  std::filesystem::path stderr_file;
};

class ChildProcess {
 public:
  explicit ChildProcess(const SpawnOptions& options);
  ~ChildProcess();  // closes stdin; a child still running is killed (SIGKILL) and reaped
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  int stdin_fd() const { return in_; }  // -1 once closed
  int stdout_fd() const { return out_; }
  int stderr_fd() const { return err_; }  // -1 when stderr goes to a file
  LineReader& stdout_lines() { return out_lines_; }

  // Writes all of `bytes` (blocking). False when the child closed its stdin.
  bool write_all(std::string_view bytes);
  void close_stdin();
  // The next stdout line, or nullopt after `limit` or at end of output.
  std::optional<std::string> read_line(std::chrono::milliseconds limit) {
    return out_lines_.next_line(limit);
  }
  // All of stdout until its end (bounded by `limit`), and the same for stderr (a pipe only).
  std::string read_stdout_rest(std::chrono::milliseconds limit);
  std::string read_stderr(std::chrono::milliseconds limit);
  // Both at once until both end (a child blocked on a full stderr cannot stall stdout):
  // `complete` is false when `limit` passed first.
  struct Output {
    std::string out, err;
    bool complete = false;
  };
  Output read_to_end(std::chrono::milliseconds limit);

  // Waits up to `limit` for the exit (the raw waitpid status), nullopt while it still runs.
  std::optional<int> wait(std::chrono::milliseconds limit);
  // Whether it still runs (reaps it when it ended).
  bool running();
  void kill(int signal);  // signal it; no effect once reaped
  // Closes stdin, waits up to `limit`, then SIGKILLs; the raw waitpid status.
  int finish(std::chrono::milliseconds limit);
  std::optional<int> status() const { return reaped_ ? std::optional<int>(status_) : std::nullopt; }

 private:
  pid_t pid_ = -1;
  int pidfd_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  LineReader out_lines_{-1};
};

// The exit code of a raw waitpid status; -1 when the process died of a signal.
int exit_code(int status);
// "exited with N", "killed by signal N".
std::string describe_status(int status);

}  // namespace sciorex::testing
