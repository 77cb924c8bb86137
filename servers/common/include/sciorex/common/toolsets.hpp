#pragma once
// Toolsets and read-only mode (issue 13), as the GitHub MCP server has them: `--toolsets a,b`
// keeps only the tools of those toolsets in tools/list, `--read-only` only the read tools
// (Access::read); fewer tools cost an agent fewer tokens. Each server has one table mapping every
// tool to its one toolset, kept beside its tool catalogue (tickets/ticket_toolsets.cpp,
// interactions/interaction_toolsets.cpp); a test holds every schema file to exactly one toolset.
// Prompts and resources stay whatever the filter: they only read, and name no tool a client must have.

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sciorex/common/tool_adapter.hpp"
#include "sciorex/protocol/server.hpp"

namespace sciorex::common {

struct Toolset {
  std::string_view name;                // "tickets"
  std::string_view description;         // for --help
  std::vector<std::string_view> tools;  // "sciorex_create_ticket", ...
};
using ToolsetTable = std::vector<Toolset>;

struct ToolFilter {
  std::vector<std::string> toolsets;  // empty: all
  bool read_only = false;
};

// Adds --toolsets (comma-separated names of `table`; an unknown name is a usage error listing the
// valid ones) and --read-only to `app`. `table` must outlive the parse.
void add_tool_filter_options(CLI::App& app, ToolFilter& filter, const ToolsetTable& table);

// The toolset of `tool`, or "" when the table has none (the schema test fails then).
std::string_view toolset_of(const ToolsetTable& table, std::string_view tool);

// Whether `filter` keeps `tool` (registered with `access`).
bool keeps_tool(const ToolsetTable& table, const ToolFilter& filter, std::string_view tool, Access access);

// Removes from `server` every registered tool of `catalogue` that `filter` does not keep. Run after
// registering the tools, before serving. Returns the number removed.
std::size_t apply_tool_filter(protocol::Server& server, const ToolCatalogue& catalogue,
                              const ToolsetTable& table, const ToolFilter& filter);

}  // namespace sciorex::common
