// What templates and expressions may read (issue 12): the check that refuses, at load, a
// `{{nodes.X...}}` over a node that is unknown or does not come before the reader, a path into a
// node other than its output, and a `{{trigger.X}}` the flow's trigger type never provides.
#include <algorithm>

#include "definitions_parse.hpp"
#include "trigger_keys.hpp"

namespace sciorex::flows::defs {

namespace {

std::string check_dotted(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& p : path) out += (out.empty() ? "" : ".") + p;
  return out;
}

std::string check_listed(std::span<const std::string_view> names) {
  std::string out;
  for (const std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

bool check_contains(std::span<const std::string_view> names, const std::string& v) {
  return std::find(names.begin(), names.end(), v) != names.end();
}

std::optional<std::string> trigger_problem(const std::vector<std::string>& path, TriggerType trigger) {
  if (path.size() < 2) return std::nullopt;
  const auto keys = trigger_keys(trigger);
  if (!check_contains(keys, path[1]))
    return "'" + check_dotted(path) + "': a " + std::string(to_string(trigger)) + " trigger has no '" +
           path[1] + "' (it has: " + check_listed(keys) + ")";
  if (path[1] == "ticket" && path.size() >= 3 && !check_contains(kTriggerTicketKeys, path[2]))
    return "'" + check_dotted(path) + "': the trigger's ticket has no '" + path[2] +
           "' (it has: " + check_listed(kTriggerTicketKeys) + ")";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> path_problem(const std::vector<std::string>& path, const FlowShape& shape,
                                        std::size_t node_index) {
  if (path.empty()) return "an empty path";
  if (path[0] == "trigger") return trigger_problem(path, shape.trigger);
  if (path[0] != "nodes") return "'" + check_dotted(path) + "': a path starts with trigger or nodes";
  if (path.size() < 2) return std::nullopt;
  const auto it = std::find(shape.ids.begin(), shape.ids.end(), path[1]);
  if (it == shape.ids.end()) return "'" + check_dotted(path) + "': there is no node '" + path[1] + "'";
  const auto index = static_cast<std::size_t>(it - shape.ids.begin());
  if (index == node_index) return "'" + check_dotted(path) + "': a node cannot read its own output";
  if (index > node_index)
    return "'" + check_dotted(path) + "': node '" + path[1] +
           "' comes after this one, so it has not run when this one does";
  if (shape.types[index] == NodeType::End) return "'" + check_dotted(path) + "': an end node has no output";
  if (path.size() < 3 || path[2] != "output")
    return "'" + check_dotted(path) + "': a node's only readable member is its output (nodes." + path[1] +
           ".output)";
  return std::nullopt;
}

}  // namespace sciorex::flows::defs
