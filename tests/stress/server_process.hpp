// The built sciorex-tickets binary as a child process on pipes, and a small MCP client over it,
// for the reliability tests (issue 5). Nothing here uses Catch2 assertions: failures throw
// std::runtime_error, so the helpers are safe on the driver threads of the stress test (Catch2's
// assertions are not thread-safe). The process and its pipes are the shared ChildProcess
// (tests/common): every wait is bounded and blocks on the pipe or the child's exit.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace sciorex::stress {

using nlohmann::json;
using namespace std::chrono_literals;

// Whether the tests run on PostgreSQL (SCIOREX_TEST_BACKEND=postgres: the *_on_pg CTest entries,
// on the throwaway cluster) rather than on the workspace's SQLite file.
bool on_postgres();

// A fresh project folder (with its .sciorex/) under the system temp dir, removed at the end.
class TempWorkspace : public testing::TempDir {
 public:
  TempWorkspace() : testing::TempDir("stress", true) {}
  std::filesystem::path db() const { return workspace_db(); }
  // The store the servers open: db(), or on PostgreSQL a fresh database of the test cluster (the
  // same for every call on this workspace).
  std::string store() const;

 private:
  mutable std::string pg_;
};

// `sciorex-tickets --workspace WS --log-level warn` (with `--db URI` on PostgreSQL) on stdio (the binary
// CMake built, or the one $SCIOREX_TICKETS_BIN names). Its stderr goes to a file in the workspace
// (`stderr_name`), so a chatty server can never block on a full pipe. Not thread-safe: one thread drives one
// process.
class ServerProcess {
 public:
  ServerProcess(const TempWorkspace& ws, const std::string& stderr_name);
  ~ServerProcess();  // closes stdin, waits up to 10 s for the exit, then SIGKILLs
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  pid_t pid() const { return child_.pid(); }
  const std::filesystem::path& stderr_path() const { return stderr_path_; }

  void send(const json& message);  // one line on stdin
  // The next line on stdout as JSON; nullopt at end of output (a last line without its newline,
  // which a killed process can leave, is dropped and counted). Throws after `limit` or on a line
  // that is not JSON.
  std::optional<json> next_message(std::chrono::milliseconds limit = 30s);
  int partial_lines() const { return partial_lines_; }

  void kill_now();  // SIGKILL and reap; stdout can still be read to its end afterwards
  // Closes stdin and waits (bounded) for a clean exit; returns the exit code, -1 if it had to be
  // killed or died of a signal.
  int finish(std::chrono::milliseconds limit = 30s);
  std::string stderr_text() const;

 private:
  std::filesystem::path stderr_path_;
  testing::ChildProcess child_;
  int partial_lines_ = 0;
};

// MCP over one ServerProcess: the 2025 handshake, tools/call sent without waiting (pipelining)
// and answers matched by id. Not thread-safe.
class McpClient {
 public:
  explicit McpClient(ServerProcess& server) : server_(server) {}

  void initialize(const std::string& client_name);
  // Sends a tools/call and returns its request id.
  int send_call(const std::string& tool, json arguments);
  // The next response (notifications are skipped); nullopt at end of output.
  std::optional<json> next_response(std::chrono::milliseconds limit = 30s);
  // Sends a tools/call and waits for its answer (other answers that arrive first are kept for
  // next_response). Returns the response object ({id, result} or {id, error}).
  json call(const std::string& tool, json arguments);

 private:
  ServerProcess& server_;
  int next_id_ = 0;
  std::map<int, json> early_;
};

// The helpers of a tools/call response.
bool is_tool_error(const json& response);         // result.isError, or a JSON-RPC error
std::string response_text(const json& response);  // content[0].text, or error.message

}  // namespace sciorex::stress
