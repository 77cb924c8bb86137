// The command line, environment and MCP config of one agent node: see agent_command.hpp.
#include "agent_command.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "agent_process.hpp"
#include "runner_template.hpp"

namespace sciorex::flows {

namespace {

bool is_sciorex_server(const std::string& name) {
  for (const char* ours : kOurServers)
    if (name == ours) return true;
  return false;
}

std::string sciorex_server_executable(const LauncherSettings& settings, const std::string& name) {
  if (!settings.servers_dir.empty()) return (settings.servers_dir / name).string();
  if (auto found = find_on_path(name)) return std::filesystem::absolute(*found).string();
  throw std::runtime_error("the MCP server '" + name +
                           "' was found neither beside sciorex-flows nor on PATH; install it there");
}

std::string comma_joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace

std::optional<int> thinking_tokens(const std::optional<std::string>& level) {
  if (!level) return std::nullopt;
  if (*level == "think") return 4000;
  if (*level == "think-hard") return 10000;
  if (*level == "think-harder" || *level == "ultrathink") return 31999;
  return std::nullopt;
}

std::vector<std::string> allowed_tools(const AgentDef& agent) {
  std::vector<std::string> tools = agent.allowed_tools;
  for (const auto& server : agent.mcp_servers)
    if (is_sciorex_server(server)) tools.push_back("mcp__" + server);
  return tools;
}

std::string mcp_config_json(const LauncherSettings& settings, const AgentDef& agent) {
  nlohmann::json servers = nlohmann::json::object();
  for (const auto& name : agent.mcp_servers) {
    if (!is_sciorex_server(name) || servers.contains(name)) continue;
    servers[name] = {
        {"type", "stdio"},
        {"command", sciorex_server_executable(settings, name)},
        {"args", {"--workspace", settings.workspace_root.string(), "--db", settings.db_path.string()}},
        {"env", {{"SCIOREX_AGENT", agent.key}}}};
  }
  return nlohmann::json{{"mcpServers", servers}}.dump(2) + "\n";
}

AgentCommand agent_command(const LauncherSettings& settings, const AgentCall& call,
                           const std::filesystem::path& mcp_config_file) {
  const AgentDef& agent = *call.agent;
  AgentCommand c;
  const auto tokens = thinking_tokens(agent.thinking_level);
  const auto tools = allowed_tools(agent);
  c.env_set = {{"SCIOREX_AGENT", agent.key},
               {"SCIOREX_DB", settings.db_path.string()},
               {"SCIOREX_FLOW_RUN", call.run_id},
               {"SCIOREX_FLOW_NODE", call.node_id}};
  if (tokens) c.env_set.emplace_back("MAX_THINKING_TOKENS", std::to_string(*tokens));
  c.env_unset = {"CLAUDE_CODE_SESSION_ID", "CLAUDECODE"};

  if (settings.runner_command) {
    const std::map<std::string, std::string> values = {
        {"input", call.input},
        {"systemPrompt", agent.system_prompt},
        {"model", agent.model.value_or("")},
        {"agent", agent.key},
        {"mcpConfig", mcp_config_file.string()},
        {"allowedTools", comma_joined(tools)},
        {"workspace", settings.workspace_root.string()},
        {"db", settings.db_path.string()},
        {"flow", call.flow_name},
        {"runId", call.run_id},
        {"node", call.node_id},
        {"ticket", call.ticket_id.value_or("")},
        {"thinkingTokens", tokens ? std::to_string(*tokens) : ""}};
    for (const auto& arg : *settings.runner_command) c.argv.push_back(expand_runner_argument(arg, values));
    return c;
  }
  c.argv = {"claude", "-p", "--output-format", "json"};
  if (!agent.system_prompt.empty())
    c.argv.insert(c.argv.end(), {"--append-system-prompt", agent.system_prompt});
  if (agent.model && !agent.model->empty()) c.argv.insert(c.argv.end(), {"--model", *agent.model});
  if (!tools.empty()) c.argv.insert(c.argv.end(), {"--allowedTools", comma_joined(tools)});
  c.argv.insert(c.argv.end(),
                {"--mcp-config", mcp_config_file.string(), "--strict-mcp-config", "--", call.input});
  return c;
}

}  // namespace sciorex::flows
