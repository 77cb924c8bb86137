// One agent process, started and watched to its end (issue 12): its own process group (setsid),
// its working folder, stdin from /dev/null, stdout kept for parsing, the end of stderr kept for
// error messages, both copied to its log file as they come. A timeout or a cancel stops the whole group:
// SIGTERM, then SIGKILL after a grace. When the agent itself exits, whatever it left running in its group is
// stopped the same way.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sciorex::flows {

// `name` when it holds a '/' (and is an executable file), else the first executable
// PATH-folder/name; nullopt when there is none.
std::optional<std::filesystem::path> find_on_path(const std::string& name);

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0]: a path or a name found on PATH
  std::filesystem::path cwd;
  // The environment is this process's, without `env_unset`, with `env_set` added.
  std::vector<std::string> env_unset;
  std::vector<std::pair<std::string, std::string>> env_set;
  std::filesystem::path log_file;  // appended to, created when missing (its folder too)
  std::chrono::steady_clock::duration timeout = std::chrono::minutes(30);
  std::chrono::milliseconds kill_grace{3000};
  std::chrono::milliseconds tick{500};  // how often `on_tick` runs while the process does
};

struct ProcessResult {
  enum class End { Exited, Signalled, TimedOut, Cancelled, NotStarted };
  End end = End::NotStarted;
  int exit_code = -1;  // Exited
  int signal = 0;      // Signalled
  std::string out;     // everything it printed on stdout (at most kMaxOutput bytes)
  bool out_truncated = false;
  std::string err_tail;  // the last kErrTail bytes it printed on stderr
  std::string error;     // NotStarted: why ("the runner command 'x' was not found on PATH", ...)
};

inline constexpr std::size_t kMaxOutput = std::size_t{64} * 1024 * 1024;
inline constexpr std::size_t kErrTail = 4096;

// Runs the process to its end (or its timeout, or `cancel`); `on_tick` runs about every
// `spec.tick` while it does. Never throws for the process's own failures.
ProcessResult run_process(const ProcessSpec& spec, const std::atomic<bool>& cancel,
                          const std::function<void()>& on_tick = {});

}  // namespace sciorex::flows
