// One agent process, started and watched to its end: see agent_process.hpp.
#include "agent_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <thread>

extern char** environ;  // NOLINT(readability-identifier-naming): POSIX's name

namespace sciorex::flows {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

bool is_executable_regular_file(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) != 0 &&
         ::access(p.c_str(), X_OK) == 0;
}

class ProcessFd {
 public:
  explicit ProcessFd(int fd = -1) : fd_(fd) {}
  ~ProcessFd() { reset(); }
  ProcessFd(const ProcessFd&) = delete;
  ProcessFd& operator=(const ProcessFd&) = delete;
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

std::vector<std::string> agent_environment(const ProcessSpec& spec) {
  std::vector<std::string> env;
  auto replaced = [&](std::string_view name) {
    for (const auto& u : spec.env_unset)
      if (u == name) return true;
    for (const auto& [k, v] : spec.env_set)
      if (k == name) return true;
    return false;
  };
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view kv(*e);
    if (!replaced(kv.substr(0, kv.find('=')))) env.emplace_back(kv);
  }
  for (const auto& [k, v] : spec.env_set) env.push_back(k + "=" + v);
  return env;
}

std::vector<char*> as_c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

void write_to_log(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;  // a log that cannot be written loses its text, never the run
    data += w;
    n -= static_cast<std::size_t>(w);
  }
}

// The child, and what its stdout and stderr gave so far (both copied to the log as they come).
struct WatchedAgent {
  pid_t pid = -1;
  ProcessFd pidfd;
  ProcessFd out;  // the read ends of stdout and stderr; -1 at their end
  ProcessFd err;
  int log = -1;
  bool reaped = false;
  int status = 0;
  ProcessResult* result = nullptr;

  bool try_reap() {
    if (!reaped && ::waitpid(pid, &status, WNOHANG) == pid) reaped = true;
    return reaped;
  }
  // One read of stdout (or stderr) when it has something or is at its end.
  void read_once(ProcessFd& fd) {
    char buf[65536];
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) {
      fd.reset();
      return;
    }
    const auto size = static_cast<std::size_t>(n);
    write_to_log(log, buf, size);
    if (&fd == &err) {
      result->err_tail.append(buf, size);
      if (result->err_tail.size() > kErrTail) result->err_tail.erase(0, result->err_tail.size() - kErrTail);
      return;
    }
    const std::size_t room = kMaxOutput - std::min(kMaxOutput, result->out.size());
    result->out.append(buf, std::min(room, size));
    if (size > room) result->out_truncated = true;
  }
  bool open_streams() const { return out.get() >= 0 || err.get() >= 0; }
  // Waits up to `limit` for output or the child's exit, reading what came.
  void wait_step(milliseconds limit, bool for_exit = true) {
    pollfd fds[3];
    ProcessFd* which[3] = {};
    nfds_t n = 0;
    for (ProcessFd* fd : {&out, &err}) {
      if (fd->get() < 0) continue;
      which[n] = fd;
      fds[n++] = {fd->get(), POLLIN, 0};
    }
    const bool watch_exit = for_exit && pidfd.get() >= 0 && !reaped;
    if (watch_exit) fds[n++] = {pidfd.get(), POLLIN, 0};
    if (n == 0 || (for_exit && pidfd.get() < 0 && !reaped)) limit = std::min(limit, milliseconds(20));
    if (n == 0) {
      std::this_thread::sleep_for(limit);
    } else if (::poll(fds, n, static_cast<int>(limit.count())) > 0) {
      for (nfds_t i = 0; i < n; ++i)
        if (which[i] != nullptr && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) read_once(*which[i]);
    }
    if (for_exit) try_reap();
  }
  bool group_alive() const { return ::kill(-pid, 0) == 0 || errno != ESRCH; }

  // SIGTERM to the whole group; SIGKILL to what is left after `grace`; the leader reaped.
  void stop_group(milliseconds grace) {
    ::kill(-pid, SIGTERM);
    const auto deadline = Clock::now() + grace;
    while (Clock::now() < deadline) {
      if (try_reap() && !group_alive()) return;
      wait_step(milliseconds(20));
    }
    ::kill(-pid, SIGKILL);
    if (!reaped && ::waitpid(pid, &status, 0) == pid) reaped = true;
  }
  // Reads both streams until their end, at most `limit` (a process outside the group may hold them).
  void drain(milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (open_streams() && Clock::now() < deadline) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      wait_step(std::max(milliseconds(1), left), false);
    }
  }
};

int open_agent_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

// Starts the child; fills w.pid, or returns why not.
std::string spawn_agent(const ProcessSpec& spec, const fs::path& exe, int stdout_write, int stderr_write,
                        WatchedAgent& w) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, stdout_write, 1);
  posix_spawn_file_actions_adddup2(&fa, stderr_write, 2);
  if (!spec.cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, spec.cwd.c_str());
  // Its own session (so its group can be stopped whole), no blocked signals, default handlers
  // (this process may block or ignore some).
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  sigset_t none;
  sigset_t all;
  sigemptyset(&none);
  sigfillset(&all);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  std::vector<std::string> args = spec.argv;
  std::vector<std::string> env = agent_environment(spec);
  auto argv = as_c_strings(args);
  auto envp = as_c_strings(env);
  const int rc = posix_spawn(&w.pid, exe.c_str(), &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return "could not start '" + spec.argv[0] + "': " + std::strerror(rc);
  return {};
}

}  // namespace

std::optional<fs::path> find_on_path(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    if (is_executable_regular_file(name)) return fs::path(name);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const auto colon = dirs.find(':');
    const std::string_view dir = dirs.substr(0, colon);
    const fs::path candidate = fs::path(dir.empty() ? "." : std::string(dir)) / name;
    if (is_executable_regular_file(candidate)) return candidate;
    if (colon == std::string_view::npos) return std::nullopt;
    dirs.remove_prefix(colon + 1);
  }
}

ProcessResult run_process(const ProcessSpec& spec, const std::atomic<bool>& cancel,
                          const std::function<void()>& on_tick) {
  ProcessResult r;
  if (spec.argv.empty() || spec.argv[0].empty()) {
    r.error = "the runner command is empty";
    return r;
  }
  const auto exe = find_on_path(spec.argv[0]);
  if (!exe) {
    r.error = spec.argv[0].find('/') != std::string::npos
                  ? "the runner command '" + spec.argv[0] + "' is not an executable file"
                  : "the runner command '" + spec.argv[0] + "' was not found on PATH";
    return r;
  }
  std::error_code ec;
  fs::create_directories(spec.log_file.parent_path(), ec);
  ProcessFd log(::open(spec.log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (log.get() < 0) {
    r.error = "cannot write the log file " + spec.log_file.string() + ": " + std::strerror(errno);
    return r;
  }
  int out_fds[2];
  int err_fds[2];
  if (::pipe2(out_fds, O_CLOEXEC) != 0) {
    r.error = std::string("cannot make a pipe: ") + std::strerror(errno);
    return r;
  }
  WatchedAgent w;
  w.out.reset(out_fds[0]);
  ProcessFd out_write(out_fds[1]);
  if (::pipe2(err_fds, O_CLOEXEC) != 0) {
    r.error = std::string("cannot make a pipe: ") + std::strerror(errno);
    return r;
  }
  w.err.reset(err_fds[0]);
  ProcessFd err_write(err_fds[1]);
  w.log = log.get();
  w.result = &r;
  r.error = spawn_agent(spec, *exe, out_write.get(), err_write.get(), w);
  out_write.reset();
  err_write.reset();
  if (!r.error.empty()) return r;
  w.pidfd.reset(open_agent_pidfd(w.pid));

  const auto started = Clock::now();
  const auto deadline = started + spec.timeout;
  auto next_tick = started + spec.tick;
  std::optional<ProcessResult::End> stopped;
  while (!w.reaped) {
    if (cancel.load()) {
      stopped = ProcessResult::End::Cancelled;
    } else if (Clock::now() >= deadline) {
      stopped = ProcessResult::End::TimedOut;
    }
    if (stopped) {
      w.stop_group(spec.kill_grace);
      break;
    }
    const auto now = Clock::now();
    if (on_tick && now >= next_tick) {
      on_tick();
      next_tick = now + spec.tick;
    }
    const auto until = std::min({deadline, next_tick, now + milliseconds(100)});
    w.wait_step(std::max(milliseconds(1), std::chrono::duration_cast<milliseconds>(until - now)));
  }
  // What it printed last, then whatever it left behind in its group.
  w.drain(stopped ? milliseconds(500) : milliseconds(1000));
  if (w.group_alive()) w.stop_group(spec.kill_grace);
  w.drain(milliseconds(200));

  if (stopped) {
    r.end = *stopped;
  } else if (WIFEXITED(w.status)) {
    r.end = ProcessResult::End::Exited;
    r.exit_code = WEXITSTATUS(w.status);
  } else {
    r.end = ProcessResult::End::Signalled;
    r.signal = WIFSIGNALED(w.status) ? WTERMSIG(w.status) : 0;
  }
  return r;
}

}  // namespace sciorex::flows
