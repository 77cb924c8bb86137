// What the launcher's tests share: a workspace with a store, the launcher's settings for it (our
// servers from the build, short kill grace and inbox poll), an agent, scripted agent commands
// written as shell scripts, and whether a process is still alive.
#pragma once

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "agent_launcher.hpp"
#include "sciorex/storage/database.hpp"
#include "temp_dir.hpp"

namespace sciorex::flows_test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Alive: /proc/PID exists and is not a zombie.
inline bool process_alive(long pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(f, stat)) return false;
  const auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

struct LauncherFixture {
  testing::TempDir dir{"flowrun", true};
  storage::Database db{dir.workspace_db()};
  flows::LauncherSettings settings;
  flows::AgentDef agent;

  LauncherFixture() {
    settings.workspace_root = dir.path();
    settings.db_path = dir.workspace_db();
    settings.runs_dir = dir.path() / ".sciorex" / "runs";
    settings.servers_dir = fs::path(SCIOREX_TICKETS_BIN).parent_path();
    settings.kill_grace = 300ms;
    settings.inbox_poll = 20ms;
    agent.key = "feature-developer";
    agent.name = "Feature Developer";
    agent.system_prompt = "You implement features.";
    agent.model = "claude-sonnet-4-5";
    agent.thinking_level = "think-hard";
    agent.mcp_servers = {"sciorex-tickets", "sciorex-interactions"};
    agent.allowed_tools = {"Read", "Bash"};
  }

  // An executable shell script in the test's folder.
  fs::path script(const std::string& name, const std::string& body) const {
    const fs::path p = dir.path() / name;
    std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
    fs::permissions(p, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
    return p;
  }
  // The runner command: `sh SCRIPT` with the placeholders given after it.
  void use_script(const std::string& body, const std::vector<std::string>& args = {}) {
    std::vector<std::string> argv = {script("agent.sh", body).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    settings.runner_command = argv;
  }

  flows::AgentCall call(const std::string& input = "Implement T-001") const {
    flows::AgentCall c;
    c.agent = &agent;
    c.input = input;
    c.flow_name = "Ticket Development Pipeline";
    c.run_id = "run-1";
    c.node_id = "implement";
    c.seq = 2;
    c.ticket_id = "T-001";
    c.timeout = 30s;
    return c;
  }

  flows::AgentOutcome run(const flows::AgentCall& c) {
    std::atomic<bool> cancel{false};
    return flows::make_process_launcher(settings, &db)->run(c, cancel);
  }
  flows::AgentOutcome run() { return run(call()); }

  fs::path log_of(const flows::AgentCall& c) const {
    return settings.runs_dir / c.run_id / (std::to_string(c.seq) + "-" + c.node_id + ".log");
  }
};

}  // namespace sciorex::flows_test
