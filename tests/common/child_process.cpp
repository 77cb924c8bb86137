#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string_view>

#include "wait_until.hpp"

extern char** environ;

namespace sciorex::testing {

namespace {

// Milliseconds left until `deadline`, rounded up, for poll(); 0 once it passed.
int ms_left(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

// poll() on one fd until it is readable (or hung up) or the deadline passes.
bool readable_by(int fd, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, ms_left(deadline));
    if (r > 0) return true;
    if (r == 0) return false;
    if (errno != EINTR) return false;
  }
}

}  // namespace

// --- LineReader -----------------------------------------------------------------------------------

long LineReader::read_once() {
  ssize_t n;
  do {
    n = ::read(fd_, chunk_.data(), chunk_.size());
  } while (n < 0 && errno == EINTR);
  return static_cast<long>(n);
}

bool LineReader::pull() {
  if (end_) return false;
  if (!read_some([&](std::string_view l) { lines_.emplace_back(l); })) end_ = true;
  return !end_;
}

LineReader::Status LineReader::next_line(std::string& line, Clock::time_point deadline) {
  for (;;) {
    if (!lines_.empty()) {
      line = std::move(lines_.front());
      lines_.pop_front();
      return Status::line;
    }
    if (end_) return Status::end;
    if (Clock::now() >= deadline || !readable_by(fd_, deadline)) return Status::timeout;
    pull();
  }
}

std::optional<std::string> LineReader::next_line(std::chrono::milliseconds limit) {
  std::string line;
  if (next_line(line, Clock::now() + limit) == Status::line) return line;
  return std::nullopt;
}

std::string LineReader::read_rest(Clock::time_point deadline) {
  std::string all, line;
  while (next_line(line, deadline) == Status::line) all += line + "\n";
  return all + partial_;
}

// --- ChildProcess ---------------------------------------------------------------------------------

ChildProcess::ChildProcess(const SpawnOptions& o) {
  if (o.argv.empty()) throw std::invalid_argument("ChildProcess: no program");
  // Everything the child needs is prepared before fork: it only dup2s, chdirs and execs, which is
  // safe in a process with other threads. The pipes are close-on-exec, so that a child started
  // meanwhile by another thread does not inherit (and hold open) this child's pipes.
  std::vector<char*> argv;
  for (const auto& a : o.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    const std::string_view var(*e);
    const std::string_view name = var.substr(0, var.find('='));
    bool drop = false;
    for (const auto& u : o.unset) drop = drop || name == u;
    for (const auto& kv : o.set) drop = drop || name == kv.first;
    if (!drop) env_strings.emplace_back(var);
  }
  for (const auto& [k, v] : o.set) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  const std::string cwd = o.cwd.string();

  int in[2], out[2], err[2] = {-1, -1};
  if (::pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  if (o.stderr_file.empty()) {
    if (::pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  } else {
    err[1] = ::open(o.stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (err[1] < 0) throw std::runtime_error("cannot open " + o.stderr_file.string());
  }
  ::signal(SIGPIPE, SIG_IGN);  // a child that exits early fails our write instead of killing us
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    if (::dup2(in[0], 0) < 0 || ::dup2(out[1], 1) < 0 || ::dup2(err[1], 2) < 0) ::_exit(127);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(127);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  in_ = in[1];
  out_ = out[0];
  err_ = err[0];
  out_lines_ = LineReader(out_);
  // A pidfd turns readable when the child exits; -1 on an old kernel: wait() then polls waitpid.
  pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
}

ChildProcess::~ChildProcess() {
  close_stdin();
  if (!reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
  }
  for (int fd : {out_, err_, pidfd_})
    if (fd >= 0) ::close(fd);
}

bool ChildProcess::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(in_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void ChildProcess::close_stdin() {
  if (in_ >= 0) ::close(in_);
  in_ = -1;
}

std::string ChildProcess::read_stdout_rest(std::chrono::milliseconds limit) {
  return out_lines_.read_rest(Clock::now() + limit);
}

std::string ChildProcess::read_stderr(std::chrono::milliseconds limit) {
  std::string all;
  if (err_ < 0) return all;
  const auto deadline = Clock::now() + limit;
  char chunk[4096];
  while (readable_by(err_, deadline)) {
    const ssize_t n = ::read(err_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    all.append(chunk, static_cast<std::size_t>(n));
  }
  return all;
}

ChildProcess::Output ChildProcess::read_to_end(std::chrono::milliseconds limit) {
  Output o;
  const auto deadline = Clock::now() + limit;
  bool err_open = err_ >= 0;
  char chunk[65536];
  while (!out_lines_.at_end() || err_open) {
    pollfd fds[2] = {{out_lines_.at_end() ? -1 : out_, POLLIN, 0}, {err_open ? err_ : -1, POLLIN, 0}};
    const int r = ::poll(fds, 2, ms_left(deadline));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;  // the deadline passed
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) out_lines_.pull();
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = ::read(err_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        err_open = false;
      else
        o.err.append(chunk, static_cast<std::size_t>(n));
    }
  }
  o.complete = out_lines_.at_end() && !err_open;
  o.out = out_lines_.read_rest(Clock::now());
  return o;
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds limit) {
  if (reaped_) return status_;
  const auto reap = [&] {
    const pid_t r = ::waitpid(pid_, &status_, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) reaped_ = true;
    return reaped_;
  };
  if (pidfd_ >= 0) {
    // The pidfd turns readable when the child exits.
    if (readable_by(pidfd_, Clock::now() + limit)) {
      ::waitpid(pid_, &status_, 0);
      reaped_ = true;
    }
  } else {
    poll_until(reap, limit, std::chrono::milliseconds(5));  // no pidfd: nothing to block on
  }
  return reaped_ ? std::optional<int>(status_) : std::nullopt;
}

bool ChildProcess::running() { return !wait(std::chrono::milliseconds(0)); }

void ChildProcess::kill(int signal) {
  if (!reaped_) ::kill(pid_, signal);
}

int ChildProcess::finish(std::chrono::milliseconds limit) {
  close_stdin();
  if (auto s = wait(limit)) return *s;
  kill(SIGKILL);
  ::waitpid(pid_, &status_, 0);
  reaped_ = true;
  return status_;
}

int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "exited with " + std::to_string(WEXITSTATUS(status));
}

}  // namespace sciorex::testing
