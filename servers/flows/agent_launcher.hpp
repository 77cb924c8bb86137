// How a flow's agent node runs an agent (issue 12). The engine asks an AgentLauncher to run one
// agent on one input and waits for its outcome; the launcher owns the process (Claude Code
// headless by default, or the workspace's `flows.runner` command), its log file, its timeout and
// its cancellation. Implementations must be safe to call from several threads at once (one run
// per thread).
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "definitions.hpp"

namespace sciorex::storage {
class Database;
}

namespace sciorex::flows {

struct AgentCall {
  const AgentDef* agent = nullptr;
  std::string input;  // the rendered input: the prompt
  std::string flow_name;
  std::string run_id;
  std::string node_id;
  int seq = 0;  // the node run's seq in its run (names the log file)
  int iteration = 1;
  std::optional<std::string> ticket_id;
  std::chrono::seconds timeout{1800};
  // Called with true when the agent starts waiting for a person (its question is pending in the
  // inbox) and false when it goes on; the engine records it as the node's status.
  std::function<void(bool waiting)> on_waiting;
};

struct AgentOutcome {
  enum class End { Finished, Failed, TimedOut, Cancelled };
  End end = End::Failed;
  std::optional<int> exit_code;
  std::string text;  // the agent's final text (claude's `result`), empty when none
  std::optional<std::string> session_id;
  std::optional<std::string> log_path;  // its output, under .sciorex/runs/
  std::optional<std::string> error;     // for people: why it failed ("exited 2", "printed nothing", ...)
};

class AgentLauncher {
 public:
  virtual ~AgentLauncher() = default;
  // Runs the agent to its end; `cancel` becoming true stops it (its whole process group) and
  // yields End::Cancelled. Never throws for the agent's own failures: they are the outcome.
  virtual AgentOutcome run(const AgentCall& call, const std::atomic<bool>& cancel) = 0;
};

// Where and how the process launcher runs agents, read from the workspace.
struct LauncherSettings {
  std::filesystem::path workspace_root;  // the agents' working folder
  std::filesystem::path db_path;         // the store the agents' servers open (--db)
  std::filesystem::path runs_dir;        // logs and MCP configs: <root>/.sciorex/runs
  std::filesystem::path servers_dir;     // where sciorex-tickets and sciorex-interactions are
  // `flows.runner` of .sciorex/sciorex.yaml: another command template instead of `claude`; unset
  // means Claude Code headless from PATH.
  std::optional<std::vector<std::string>> runner_command;
  // How long a stopped agent's process group gets between SIGTERM and SIGKILL.
  std::chrono::milliseconds kill_grace{3000};
  // How often the inbox is read for the agent's pending questions while it runs.
  std::chrono::milliseconds inbox_poll{500};
};

// The settings of a workspace: reads `flows.runner` from <sciorex_dir>/sciorex.yaml; servers_dir
// is this executable's folder when both servers are there, else empty (found on PATH). Throws
// std::runtime_error naming the file and line of a bad `flows` section.
LauncherSettings launcher_settings(const std::filesystem::path& workspace_root,
                                   const std::filesystem::path& sciorex_dir,
                                   const std::filesystem::path& db_path);

// The launcher that runs each agent as a process (Claude Code headless, or the runner command).
// `inbox` (may be null: no waiting detection) is the store whose pending questions and approvals
// asked by `agent <agent key>` since a node started make that node wait for input (on_waiting).
std::unique_ptr<AgentLauncher> make_process_launcher(const LauncherSettings& settings,
                                                     storage::Database* inbox = nullptr);

}  // namespace sciorex::flows
