#include "server_process.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "pg_test_support.hpp"

namespace sciorex::stress {

namespace {

void fail(const std::string& what) { throw std::runtime_error(what); }

}  // namespace

bool on_postgres() {
  const char* b = std::getenv("SCIOREX_TEST_BACKEND");
  return b && std::string(b) == "postgres";
}

std::string TempWorkspace::store() const {
  if (!on_postgres()) return db().string();
  if (pg_.empty()) pg_ = testing::pg_fresh_database();
  return pg_;
}

namespace {

testing::SpawnOptions server_spawn(const TempWorkspace& ws, const std::filesystem::path& stderr_path) {
  // SCIOREX_TICKETS_BIN in the environment runs the tests against another build of the server.
  const char* env_bin = std::getenv("SCIOREX_TICKETS_BIN");
  const std::string bin = env_bin && *env_bin ? env_bin : SCIOREX_TICKETS_BIN;
  testing::SpawnOptions o;
  o.argv = {bin, "--workspace", ws.path().string(), "--log-level", "warn"};
  if (on_postgres()) {
    o.argv.emplace_back("--db");
    o.argv.push_back(ws.store());
  }
  o.cwd = ws.path();
  o.unset = {"CLAUDE_PROJECT_DIR", "SCIOREX_DB"};
  o.stderr_file = stderr_path;
  return o;
}

}  // namespace

ServerProcess::ServerProcess(const TempWorkspace& ws, const std::string& stderr_name)
    : stderr_path_(ws.path() / stderr_name), child_(server_spawn(ws, stderr_path_)) {}

ServerProcess::~ServerProcess() {
  if (!child_.status()) finish(10s);
}

void ServerProcess::send(const json& message) {
  if (!child_.write_all(message.dump() + "\n"))
    fail("writing to the server's stdin failed (pid " + std::to_string(pid()) + ")");
}

std::optional<json> ServerProcess::next_message(std::chrono::milliseconds limit) {
  std::string line;
  switch (child_.stdout_lines().next_line(line, testing::Clock::now() + limit)) {
    case testing::LineReader::Status::line: {
      json m = json::parse(line, nullptr, false);
      if (m.is_discarded()) fail("the server wrote a line that is not JSON: " + line.substr(0, 200));
      return m;
    }
    case testing::LineReader::Status::timeout:
      fail("no answer from the server within " + std::to_string(limit.count()) + " ms");
      return std::nullopt;
    case testing::LineReader::Status::end:
      break;
  }
  // A process killed while writing leaves half a line: that answer never arrived.
  if (!child_.stdout_lines().partial().empty()) ++partial_lines_;
  child_.stdout_lines().clear_partial();
  return std::nullopt;
}

void ServerProcess::kill_now() {
  if (child_.status()) return;
  child_.kill(SIGKILL);
  child_.finish(30s);
}

int ServerProcess::finish(std::chrono::milliseconds limit) {
  const bool was_reaped = child_.status().has_value();
  const int status = child_.finish(limit);
  if (was_reaped) return -1;
  return testing::exit_code(status);
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
