// What the hostile-input tests drive: a built server binary as a child process (stdin and stdout on
// pipes, stderr to a file), a small synchronous HTTP client on Beast, and a dump of every table of
// the store, to prove that refused input wrote nothing. Every wait is bounded; the one poll (the
// HTTP port the child writes to a file) is the shared poll_until.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "../common/http_test_client.hpp"
#include "child_process.hpp"
#include "temp_dir.hpp"
#include "wait_until.hpp"

namespace sciorex::hostile {

using nlohmann::json;

// The hostile clients show MCP Apps views (issue 15), so that every schema file's tool, the app-only
// ones too, is offered to them and gets its catalogue of bad arguments.
inline json hostile_client_capabilities() {
  return {{"extensions", {{"io.modelcontextprotocol/ui", {{"mimeTypes", {"text/html;profile=mcp-app"}}}}}}};
}
namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A fresh workspace folder (with .sciorex/) under the temp dir, removed at the end.
class Workspace : public testing::TempDir {
 public:
  Workspace() : testing::TempDir("hostile", true) {}
  std::string db() const { return workspace_db(); }
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

// A server binary running as a child (the shared ChildProcess): stdin/stdout on pipes, stderr
// appended to a file.
class ServerProcess {
 public:
  ServerProcess(const std::string& binary, const std::vector<std::string>& args, const fs::path& workspace)
      : stderr_path_(workspace / ("stderr-" + std::to_string(++count()) + ".log")),
        child_(spawn_options(binary, args, workspace, stderr_path_)) {}
  ~ServerProcess() {
    close_input();
    if (!exited_) {
      child_.kill(SIGTERM);
      child_.finish(std::chrono::hours(1));
    }
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Writes `bytes` whole, reading stdout meanwhile so that neither side blocks on a full pipe.
  void send_raw(const std::string& bytes) {
    std::size_t done = 0;
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (done < bytes.size()) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      pollfd p[2] = {{child_.stdin_fd(), POLLOUT, 0}, {child_.stdout_fd(), POLLIN, 0}};
      REQUIRE(::poll(p, 2, 10'000) > 0);
      if (p[1].revents & POLLIN) child_.stdout_lines().pull();
      if (p[0].revents & (POLLERR | POLLHUP))
        FAIL("the server closed its stdin (it died?) " << exit_description());
      if (p[0].revents & POLLOUT) {
        ssize_t n = ::write(child_.stdin_fd(), bytes.data() + done,
                            std::min<std::size_t>(bytes.size() - done, 65536));
        if (n < 0 && errno != EINTR && errno != EAGAIN)
          FAIL("write to the server failed: " << exit_description());
        if (n > 0) done += static_cast<std::size_t>(n);
      }
    }
  }
  void send(const json& message) { send_raw(message.dump() + "\n"); }
  void close_input() { child_.close_stdin(); }

  // The next stdout line, or nullopt after `limit` or at end of output.
  std::optional<std::string> read_line(std::chrono::milliseconds limit = 10s) {
    return child_.read_line(limit);
  }

  // Reads messages until `done(messages so far)` holds; nullopt-free: fails the test past `limit`.
  template <class Done>
  std::vector<json> read_until(Done done, std::chrono::milliseconds limit = 15s) {
    std::vector<json> got;
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done(got)) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      auto line = left.count() > 0 ? read_line(left) : std::nullopt;
      if (!line)
        FAIL("no answer from the server (" << exit_description()
                                           << "); got so far: " << json(got).dump().substr(0, 2000));
      json m = json::parse(*line, nullptr, false);
      if (m.is_discarded()) FAIL("stdout carried a line that is not JSON: " << line->substr(0, 500));
      got.push_back(std::move(m));
    }
    return got;
  }

  json request(const json& id, const std::string& method, json params = json::object()) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    auto got = read_until(
        [&](const std::vector<json>& g) { return !g.empty() && g.back().value("id", json()) == id; });
    return got.back();
  }
  void initialize(const std::string& client = "hostile-client") {
    json r = request("init", "initialize",
                     {{"protocolVersion", "2025-11-25"},
                      {"capabilities", hostile_client_capabilities()},
                      {"clientInfo", {{"name", client}, {"version", "1"}}}});
    REQUIRE(r.contains("result"));
    send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  }

  // Whether the process still runs; when it ended, how.
  bool alive() {
    if (exited_) return false;
    if (child_.running()) return true;
    exited_ = true;
    return false;
  }
  std::string exit_description() {
    if (alive()) return "still running";
    return testing::describe_status(*child_.status());
  }
  std::string stderr_text() const {
    std::ifstream f(stderr_path_);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }
  // The port of "listening on http://127.0.0.1:PORT/mcp" on stderr (HTTP mode), waiting up to 20 s.
  // The child writes it to a file: nothing signals, so this is a bounded poll.
  std::uint16_t http_port() {
    std::uint16_t port = 0;
    testing::poll_until(
        [&] {
          std::string err = stderr_text();
          auto at = err.find("listening on http://127.0.0.1:");
          if (at != std::string::npos) port = static_cast<std::uint16_t>(std::stoi(err.substr(at + 30)));
          return port != 0 || !alive();
        },
        20s, 20ms);
    if (port != 0) return port;
    FAIL("the server did not print its port: " << exit_description() << "\n" << stderr_text());
    return 0;
  }

 private:
  static int& count() {
    static int n = 0;
    return n;
  }
  static testing::SpawnOptions spawn_options(const std::string& binary, const std::vector<std::string>& args,
                                             const fs::path& workspace, const fs::path& stderr_path) {
    testing::SpawnOptions o;
    o.argv = {binary};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    o.cwd = workspace;
    o.unset = {"CLAUDE_PROJECT_DIR", "SCIOREX_DB", "SCIOREX_AUTH_TOKEN"};
    o.stderr_file = stderr_path;
    return o;
  }

  fs::path stderr_path_;
  testing::ChildProcess child_;
  bool exited_ = false;
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

inline std::optional<HttpSession> open_session(HttpClient& c, const HttpHeaders& extra = {},
                                               HttpReply* reply = nullptr) {
  json init = {{"jsonrpc", "2.0"},
               {"id", 0},
               {"method", "initialize"},
               {"params",
                {{"protocolVersion", "2025-11-25"},
                 {"capabilities", hostile_client_capabilities()},
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
  if (r.header("content-type").find("text/event-stream") == std::string::npos)
    return json::parse(r.body, nullptr, false);
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
