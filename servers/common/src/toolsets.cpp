// Toolsets and read-only mode (toolsets.hpp).
#include "sciorex/common/toolsets.hpp"

#include <algorithm>

namespace sciorex::common {

namespace {

std::string toolset_names(const ToolsetTable& table) {
  std::string out;
  for (const auto& t : table) out += (out.empty() ? "" : ", ") + std::string(t.name);
  return out;
}

}  // namespace

void add_tool_filter_options(CLI::App& app, ToolFilter& filter, const ToolsetTable& table) {
  std::string help = "Serve only the tools of these toolsets, comma-separated (default: all):";
  for (const auto& t : table) help += " " + std::string(t.name) + " (" + std::string(t.description) + ");";
  help.back() = '.';
  app.add_option("--toolsets", filter.toolsets, help)
      ->delimiter(',')
      ->check(CLI::Validator(
          [&table](const std::string& name) -> std::string {
            for (const auto& t : table)
              if (t.name == name) return "";
            return "unknown toolset '" + name + "'; the toolsets are: " + toolset_names(table);
          },
          "TOOLSET"));
  app.add_flag("--read-only", filter.read_only,
               "Serve only the tools that read (list, get, search): no tool can change the store");
}

std::string_view toolset_of(const ToolsetTable& table, std::string_view tool) {
  for (const auto& t : table)
    if (std::find(t.tools.begin(), t.tools.end(), tool) != t.tools.end()) return t.name;
  return {};
}

bool keeps_tool(const ToolsetTable& table, const ToolFilter& filter, std::string_view tool, Access access) {
  if (filter.read_only && access != Access::read) return false;
  if (filter.toolsets.empty()) return true;
  const std::string_view set = toolset_of(table, tool);
  return std::find(filter.toolsets.begin(), filter.toolsets.end(), set) != filter.toolsets.end();
}

std::size_t apply_tool_filter(protocol::Server& server, const ToolCatalogue& catalogue,
                              const ToolsetTable& table, const ToolFilter& filter) {
  std::size_t removed = 0;
  for (const auto& [name, tool] : catalogue.registered())
    if (!keeps_tool(table, filter, name, tool.access) && server.remove_tool(name)) ++removed;
  return removed;
}

}  // namespace sciorex::common
