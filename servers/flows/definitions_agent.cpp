// Agent definitions (issue 12): `.sciorex/agents/*.yaml` in the seed's form (name, description,
// systemPrompt, model, thinkingLevel, mcpServers, allowedTools), read strictly. The runner can
// start only our own servers for an agent, so `mcpServers` names nothing else.
#include <array>

#include "definitions_parse.hpp"
#include "definitions_yaml.hpp"

namespace sciorex::flows::defs {

namespace {

constexpr std::array<std::string_view, 2> kAgentServers{"sciorex-tickets", "sciorex-interactions"};
constexpr std::array<std::string_view, 4> kThinkingLevels{"think", "think-hard", "think-harder",
                                                          "ultrathink"};

template <std::size_t N>
bool agent_name_in(const std::array<std::string_view, N>& list, const std::string& v) {
  for (const std::string_view s : list)
    if (s == v) return true;
  return false;
}

template <std::size_t N>
std::string agent_names_of(const std::array<std::string_view, N>& list) {
  std::string out;
  for (const std::string_view s : list) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

}  // namespace

AgentDef read_agent(const std::filesystem::path& file) {
  const YAML::Node doc = load_yaml_file(file.string());
  if (!doc.IsDefined() || doc.IsNull())
    throw DefinitionFailure(0, "is empty: an agent needs at least a name");
  const YamlFields f(doc, "agent", 1);
  f.only({"name", "description", "systemPrompt", "model", "thinkingLevel", "mcpServers", "allowedTools"});
  AgentDef a;
  a.key = file.stem().string();
  a.file = file;
  a.name = f.required_string("name");
  a.description = f.optional_string("description").value_or("");
  a.system_prompt = f.optional_string("systemPrompt").value_or("");
  a.model = f.optional_string("model");
  a.thinking_level = f.optional_string("thinkingLevel");
  if (a.thinking_level && !agent_name_in(kThinkingLevels, *a.thinking_level))
    f.fail("thinkingLevel",
           "'" + *a.thinking_level + "' is not a level (known: " + agent_names_of(kThinkingLevels) + ")");
  a.mcp_servers = f.string_list("mcpServers", false);
  for (std::size_t i = 0; i < a.mcp_servers.size(); ++i)
    if (const std::string& s = a.mcp_servers[i]; !agent_name_in(kAgentServers, s))
      f.fail_item("mcpServers", i,
                  "'" + s + "' is not a server the flows runner can start for an agent (it starts only " +
                      agent_names_of(kAgentServers) + ", on the same store)");
  a.allowed_tools = f.string_list("allowedTools", false);
  return a;
}

}  // namespace sciorex::flows::defs
