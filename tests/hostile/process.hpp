// What the hostile-input tests drive: a built server binary as a child process (stdin and stdout on
// pipes, stderr to a file), a small synchronous HTTP client on Beast, and a dump of every table of
// the store, to prove that refused input wrote nothing. Every wait is bounded; nothing sleeps to
// synchronise.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "../common/http_test_client.hpp"

namespace sciorex::hostile {

using nlohmann::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A fresh workspace folder (with .sciorex/) under the temp dir, removed at the end.
class Workspace {
 public:
  Workspace() {
    static int counter = 0;
    std::random_device rd;
    path_ = fs::temp_directory_path() /
            ("sciorex-hostile-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + std::to_string(rd()));
    fs::create_directories(path_ / ".sciorex");
  }
  ~Workspace() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;
  const fs::path& path() const { return path_; }
  std::string db() const { return (path_ / ".sciorex" / "sciorex.db").string(); }

 private:
  fs::path path_;
};

// Every row of every table, as text, in a stable order: equal dumps mean an unchanged store.
inline std::string dump_store(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);
  std::vector<std::string> tables;
  SQLite::Statement names(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name");
  while (names.executeStep()) tables.push_back(names.getColumn(0).getString());
  std::string out;
  for (const auto& t : tables) {
    out += "== " + t + "\n";
    SQLite::Statement rows(db, "SELECT * FROM \"" + t + "\" ORDER BY 1");
    while (rows.executeStep()) {
      for (int i = 0; i < rows.getColumnCount(); ++i) {
        auto c = rows.getColumn(i);
        out += c.isNull() ? std::string("NULL") : c.getString();
        out += '\x1f';
      }
      out += '\n';
    }
  }
  return out;
}

// Rows in the events table (the change feed every write appends to).
inline long long count_events(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);
  return db.execAndGet("SELECT count(*) FROM events").getInt64();
}

// A server binary running as a child: stdin/stdout on pipes, stderr appended to a file.
class ServerProcess {
 public:
  ServerProcess(const std::string& binary, const std::vector<std::string>& args, const fs::path& workspace)
      : stderr_path_(workspace / ("stderr-" + std::to_string(++count()) + ".log")) {
    int in[2], out[2];
    REQUIRE(::pipe(in) == 0);
    REQUIRE(::pipe(out) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      int err = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      if (err >= 0) ::dup2(err, 2);
      for (int fd : {in[0], in[1], out[0], out[1], err}) ::close(fd);
      if (::chdir(workspace.c_str()) != 0) ::_exit(127);
      ::unsetenv("CLAUDE_PROJECT_DIR");
      ::unsetenv("SCIOREX_DB");
      ::unsetenv("SCIOREX_AUTH_TOKEN");
      std::vector<char*> argv{const_cast<char*>(binary.c_str())};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    in_ = in[1];
    out_ = out[0];
  }
  ~ServerProcess() {
    close_input();
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    ::close(out_);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Writes `bytes` whole, reading stdout meanwhile so that neither side blocks on a full pipe.
  void send_raw(const std::string& bytes) {
    std::size_t done = 0;
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (done < bytes.size()) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      pollfd p[2] = {{in_, POLLOUT, 0}, {out_, POLLIN, 0}};
      REQUIRE(::poll(p, 2, 10'000) > 0);
      if (p[1].revents & POLLIN) pull();
      if (p[0].revents & (POLLERR | POLLHUP)) FAIL("the server closed its stdin (it died?) " << exit_description());
      if (p[0].revents & POLLOUT) {
        ssize_t n = ::write(in_, bytes.data() + done, std::min<std::size_t>(bytes.size() - done, 65536));
        if (n < 0 && errno != EINTR && errno != EAGAIN) FAIL("write to the server failed: " << exit_description());
        if (n > 0) done += static_cast<std::size_t>(n);
      }
    }
  }
  void send(const json& message) { send_raw(message.dump() + "\n"); }
  void close_input() {
    if (in_ >= 0) ::close(in_);
    in_ = -1;
  }

  // The next stdout line, or nullopt after `limit` or at end of output.
  std::optional<std::string> read_line(std::chrono::milliseconds limit = 10s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      if (auto nl = buf_.find('\n'); nl != std::string::npos) {
        std::string line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        return line;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      if (!pull()) return std::nullopt;
    }
  }

  // Reads messages until `done(messages so far)` holds; nullopt-free: fails the test past `limit`.
  template <class Done>
  std::vector<json> read_until(Done done, std::chrono::milliseconds limit = 15s) {
    std::vector<json> got;
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done(got)) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      auto line = left.count() > 0 ? read_line(left) : std::nullopt;
      if (!line) FAIL("no answer from the server (" << exit_description() << "); got so far: " << json(got).dump().substr(0, 2000));
      json m = json::parse(*line, nullptr, false);
      if (m.is_discarded()) FAIL("stdout carried a line that is not JSON: " << line->substr(0, 500));
      got.push_back(std::move(m));
    }
    return got;
  }

  json request(const json& id, const std::string& method, json params = json::object()) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    auto got = read_until([&](const std::vector<json>& g) { return !g.empty() && g.back().value("id", json()) == id; });
    return got.back();
  }
  void initialize(const std::string& client = "hostile-client") {
    json r = request("init", "initialize",
                     {{"protocolVersion", "2025-11-25"},
                      {"capabilities", json::object()},
                      {"clientInfo", {{"name", client}, {"version", "1"}}}});
    REQUIRE(r.contains("result"));
    send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  }

  // Whether the process still runs; when it ended, how.
  bool alive() {
    if (exited_) return false;
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      status_ = status;
      return false;
    }
    return true;
  }
  std::string exit_description() {
    if (alive()) return "still running";
    if (WIFSIGNALED(status_)) return "killed by signal " + std::to_string(WTERMSIG(status_));
    return "exited with " + std::to_string(WEXITSTATUS(status_));
  }
  std::string stderr_text() const {
    std::ifstream f(stderr_path_);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }
  // The port of "listening on http://127.0.0.1:PORT/mcp" on stderr (HTTP mode), waiting up to 20 s.
  std::uint16_t http_port() {
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      std::string err = stderr_text();
      auto at = err.find("listening on http://127.0.0.1:");
      if (at != std::string::npos) return static_cast<std::uint16_t>(std::stoi(err.substr(at + 30)));
      if (!alive()) break;
      std::this_thread::sleep_for(20ms);  // polling a file the child writes; no event to wait on
    }
    FAIL("the server did not print its port: " << exit_description() << "\n" << stderr_text());
    return 0;
  }

 private:
  static int& count() {
    static int n = 0;
    return n;
  }
  bool pull() {
    char chunk[65536];
    ssize_t n = ::read(out_, chunk, sizeof chunk);
    if (n <= 0) return false;
    buf_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  fs::path stderr_path_;
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  bool exited_ = false;
  int status_ = 0;
  std::string buf_;
};

// --- HTTP ------------------------------------------------------------------------------------

using test_http::HttpClient;
using test_http::HttpHeaders;
using test_http::HttpReply;
namespace bhttp = test_http::bhttp;

// A 2025 session over HTTP: initialize, then every POST carries its Mcp-Session-Id.
struct HttpSession {
  std::string id;
  HttpHeaders headers() const { return {{"Mcp-Session-Id", id}, {"MCP-Protocol-Version", "2025-11-25"}}; }
};

inline std::optional<HttpSession> open_session(HttpClient& c, const HttpHeaders& extra = {}, HttpReply* reply = nullptr) {
  json init = {{"jsonrpc", "2.0"},
               {"id", 0},
               {"method", "initialize"},
               {"params",
                {{"protocolVersion", "2025-11-25"},
                 {"capabilities", json::object()},
                 {"clientInfo", {{"name", "hostile-http"}, {"version", "1"}}}}}};
  HttpReply r = c.post(init.dump(), extra);
  if (reply) *reply = r;
  if (r.status != 200 || r.header("mcp-session-id").empty()) return std::nullopt;
  HttpSession s{r.header("mcp-session-id")};
  HttpHeaders h = s.headers();
  h.insert(h.end(), extra.begin(), extra.end());
  HttpReply n = c.post(json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}.dump(), h);
  REQUIRE(n.status == 202);
  return s;
}

// The one JSON-RPC message of a POST answer (a JSON body, or the last data: line of an SSE body).
inline json answer_of(const HttpReply& r) {
  if (r.header("content-type").find("text/event-stream") == std::string::npos) return json::parse(r.body, nullptr, false);
  json last;
  std::size_t pos = 0;
  while ((pos = r.body.find("data: ", pos)) != std::string::npos) {
    auto end = r.body.find('\n', pos);
    last = json::parse(r.body.substr(pos + 6, end - pos - 6), nullptr, false);
    pos = end;
  }
  return last;
}

}  // namespace sciorex::hostile
