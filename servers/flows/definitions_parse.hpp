// Reading one definition file (issue 12), private to the definitions' sources: the agent and flow
// readers the loader calls per file, and the check of the paths templates and expressions read.
// Each reader throws defs::DefinitionFailure (line and why) for anything it refuses.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "definitions.hpp"

namespace sciorex::flows::defs {

// `.sciorex/agents/NAME.yaml` -> the agent keyed NAME.
AgentDef read_agent(const std::filesystem::path& file);

// `.sciorex/flows/NAME.yaml`, its agents looked up in `agents` (by key or name).
Flow read_flow(const std::filesystem::path& file, const Definitions& agents);

// What a node may read: the ids of the flow's nodes in file order, with their types.
struct FlowShape {
  std::vector<std::string> ids;
  std::vector<NodeType> types;
  TriggerType trigger = TriggerType::Manual;
};

// Why `path` (a template's or an expression's, split on dots) cannot be read by the node at
// `node_index`, or nullopt when it can: the root is `trigger` (a key its type provides) or
// `nodes.ID.output...` of a node that comes before this one (not an `end`).
std::optional<std::string> path_problem(const std::vector<std::string>& path, const FlowShape& shape,
                                        std::size_t node_index);

}  // namespace sciorex::flows::defs
