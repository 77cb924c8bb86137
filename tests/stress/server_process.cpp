#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace sciorex::stress {

namespace {

void fail(const std::string& what) { throw std::runtime_error(what); }

}  // namespace

TempWorkspace::TempWorkspace() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("sciorex-stress-" + std::to_string(::getpid()) + "-" +
                                                    std::to_string(counter++) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_ / ".sciorex");
}

TempWorkspace::~TempWorkspace() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

ServerProcess::ServerProcess(const TempWorkspace& ws, const std::string& stderr_name)
    : stderr_path_(ws.path() / stderr_name) {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) fail("pipe failed");
  const std::string workspace = ws.path().string();
  const std::string err_file = stderr_path_.string();
  // Everything the child needs is prepared before fork: the child only dup2s, chdirs and execs.
  // SCIOREX_TICKETS_BIN in the environment runs the tests against another build of the server.
  const char* env_bin = std::getenv("SCIOREX_TICKETS_BIN");
  const char* bin = env_bin && *env_bin ? env_bin : SCIOREX_TICKETS_BIN;
  const char* argv[] = {bin, "--workspace", workspace.c_str(), "--log-level", "warn", nullptr};
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e) {
    const std::string_view var(*e);
    if (var.starts_with("CLAUDE_PROJECT_DIR=") || var.starts_with("SCIOREX_DB=")) continue;
    envp.push_back(*e);
  }
  envp.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) fail("fork failed");
  if (pid_ == 0) {
    int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (err < 0 || ::dup2(in[0], 0) < 0 || ::dup2(out[1], 1) < 0 || ::dup2(err, 2) < 0) ::_exit(127);
    if (::chdir(workspace.c_str()) != 0) ::_exit(127);
    ::execve(bin, const_cast<char* const*>(argv), envp.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  in_ = in[1];
  out_ = out[0];
}

ServerProcess::~ServerProcess() {
  if (!reaped_) finish(10s);
  if (in_ >= 0) ::close(in_);
  if (out_ >= 0) ::close(out_);
}

void ServerProcess::send(const json& message) {
  const std::string line = message.dump() + "\n";
  std::size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(in_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("writing to the server's stdin failed (pid " + std::to_string(pid_) + ")");
    done += static_cast<std::size_t>(n);
  }
}

std::optional<json> ServerProcess::next_message(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (auto nl = buf_.find('\n'); nl != std::string::npos) {
      std::string line = buf_.substr(0, nl);
      buf_.erase(0, nl + 1);
      json m = json::parse(line, nullptr, false);
      if (m.is_discarded()) fail("the server wrote a line that is not JSON: " + line.substr(0, 200));
      return m;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) fail("no answer from the server within " + std::to_string(limit.count()) + " ms");
    pollfd p{out_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) fail("poll failed");
    if (r == 0) continue;  // the deadline check above throws
    char chunk[65536];
    ssize_t n = ::read(out_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // A process killed while writing leaves half a line: that answer never arrived.
      if (!buf_.empty()) ++partial_lines_;
      buf_.clear();
      return std::nullopt;
    }
    buf_.append(chunk, static_cast<std::size_t>(n));
  }
}

bool ServerProcess::wait_exit(std::chrono::milliseconds limit, int& status) {
  // Bounded polling for the exit (waitpid has no timeout).
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) return true;
    if (r < 0 && errno != EINTR) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
}

void ServerProcess::kill_now() {
  if (reaped_) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  reaped_ = true;
}

int ServerProcess::finish(std::chrono::milliseconds limit) {
  if (in_ >= 0) ::close(in_);
  in_ = -1;
  if (reaped_) return -1;
  int status = 0;
  if (!wait_exit(limit, status)) {
    kill_now();
    return -1;
  }
  reaped_ = true;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ServerProcess::stderr_text() const {
  std::ifstream f(stderr_path_);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

void McpClient::initialize(const std::string& client_name) {
  const int id = ++next_id_;
  server_.send({{"jsonrpc", "2.0"},
                {"id", id},
                {"method", "initialize"},
                {"params",
                 {{"protocolVersion", "2025-11-25"},
                  {"capabilities", json::object()},
                  {"clientInfo", {{"name", client_name}, {"version", "1"}}}}}});
  auto r = next_response();
  if (!r || r->value("id", -1) != id || !r->contains("result"))
    fail("initialize failed: " + (r ? r->dump() : "EOF"));
  server_.send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
}

int McpClient::send_call(const std::string& tool, json arguments) {
  const int id = ++next_id_;
  server_.send({{"jsonrpc", "2.0"},
                {"id", id},
                {"method", "tools/call"},
                {"params", {{"name", tool}, {"arguments", std::move(arguments)}}}});
  return id;
}

std::optional<json> McpClient::next_response(std::chrono::milliseconds limit) {
  if (!early_.empty()) {
    json r = std::move(early_.begin()->second);
    early_.erase(early_.begin());
    return r;
  }
  for (;;) {
    auto m = server_.next_message(limit);
    if (!m) return std::nullopt;
    if (m->contains("id") && !m->contains("method")) return m;
    // a notification (or a request from the server): not an answer
  }
}

json McpClient::call(const std::string& tool, json arguments) {
  const int id = send_call(tool, std::move(arguments));
  if (auto it = early_.find(id); it != early_.end()) {
    json r = std::move(it->second);
    early_.erase(it);
    return r;
  }
  for (;;) {
    auto m = server_.next_message(30s);
    if (!m) fail("the server's output ended before the answer to " + tool);
    if (!m->contains("id") || m->contains("method")) continue;
    if ((*m)["id"] == id) return *m;
    early_[(*m)["id"].get<int>()] = std::move(*m);
  }
}

bool is_tool_error(const json& response) {
  if (response.contains("error")) return true;
  return response.contains("result") && response["result"].value("isError", false);
}

std::string response_text(const json& response) {
  if (response.contains("error")) return response["error"].value("message", "");
  const json& content = response.at("result").value("content", json::array());
  if (!content.empty() && content[0].contains("text")) return content[0]["text"].get<std::string>();
  return "";
}

}  // namespace sciorex::stress
