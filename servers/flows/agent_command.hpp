// The command line, environment and MCP config of one agent node's process (issue 12).
//
// Claude Code headless (the default, `claude` from PATH), as people run it:
//   claude -p --output-format json [--append-system-prompt PROMPT] [--model MODEL]
//          [--allowedTools TOOLS] --mcp-config FILE --strict-mcp-config -- INPUT
// The agent's systemPrompt is appended to Claude Code's own (which keeps its rules for its tools);
// TOOLS is the agent's allowedTools plus `mcp__SERVER` for each of our servers it names (every
// tool of that server); FILE starts only those servers, by absolute path, on this store
// (`--workspace ROOT --db DB`), each with SCIOREX_AGENT=<agent key> so that their history
// records `agent <key>`. The input goes last, after `--`, so that an input starting with '-' is
// never read as an option.
//
// thinkingLevel -> MAX_THINKING_TOKENS, Claude Code's own budgets for its thinking words:
//   think 4000, think-hard 10000, think-harder 31999, ultrathink 31999 (anything else: not set).
//
// Every agent process (Claude Code or a `flows.runner` template) gets this process's environment
// with SCIOREX_AGENT, SCIOREX_DB, SCIOREX_FLOW_RUN and SCIOREX_FLOW_NODE set, and without
// CLAUDE_CODE_SESSION_ID and CLAUDECODE (the runner may itself run inside a Claude Code session;
// the agent is a session of its own, never that one).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agent_launcher.hpp"

namespace sciorex::flows {

// Our servers, the only names of an agent's mcpServers that the MCP config starts.
inline constexpr const char* kOurServers[] = {"sciorex-tickets", "sciorex-interactions"};

std::optional<int> thinking_tokens(const std::optional<std::string>& level);

// The agent's allowedTools, then `mcp__SERVER` for each of our servers in its mcpServers.
std::vector<std::string> allowed_tools(const AgentDef& agent);

// The MCP config (JSON text) that starts the agent's servers on the store. Throws
// std::runtime_error when a server's executable is neither in settings.servers_dir nor on PATH.
std::string mcp_config_json(const LauncherSettings& settings, const AgentDef& agent);

struct AgentCommand {
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env_set;
  std::vector<std::string> env_unset;
};

// The command of one node: Claude Code's, or settings.runner_command expanded.
AgentCommand agent_command(const LauncherSettings& settings, const AgentCall& call,
                           const std::filesystem::path& mcp_config_file);

}  // namespace sciorex::flows
