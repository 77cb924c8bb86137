// Flow and agent definitions (issue 12): `.sciorex/flows/*.yaml` and `.sciorex/agents/*.yaml`, in
// the seed's form (shared/product/ticket-driven-development.md, "Automate with a Flow"), loaded and
// checked once so that the runner never meets a bad definition mid-run.
//
// A file that is not a valid flow (bad YAML, an unknown key, node type or action, a duplicate or
// unknown node id, a bad expression, a template naming a node that does not run before it, an
// unknown agent) is refused with its file, line and why (DefinitionError); the other files load.
//
// What templates and expressions may read is checked at load: `trigger.X` only where the trigger
// type provides X (trigger_keys.hpp), `nodes.ID.output...` only of a node written before the
// reader (not an `end`). Also refused: a status move the store never makes (fromStatus planned,
// toStatus done), a flow name over 195 characters (its actor is "flow:" + name), two files with one
// flow name or agent name, an agent's mcpServers other than sciorex-tickets and
// sciorex-interactions (the only servers the runner can start for it).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expression.hpp"
#include "sciorex/storage/types.hpp"
#include "template.hpp"

namespace sciorex::flows {

enum class TriggerType { TicketStatusChanged, TicketCreated, SubtaskCompleted, Manual };
std::string_view to_string(TriggerType t);  // "ticketStatusChanged", ...

// Every list that is not empty must match (types: the ticket's type is one of them; labels: the
// ticket has at least one of them).
struct TriggerFilter {
  std::vector<storage::TicketType> types;
  std::vector<storage::Priority> priorities;
  std::vector<std::string> labels;
  std::optional<std::string> epic_id;
};

struct Trigger {
  TriggerType type = TriggerType::Manual;
  std::optional<storage::TicketStatus> from_status;  // ticketStatusChanged: any when unset
  std::optional<storage::TicketStatus> to_status;
  TriggerFilter filter;
};

enum class NodeType { Agent, Condition, TicketAction, End };
enum class TicketActionKind { ChangeStatus, AddComment, AddLabel, LinkResource };

struct Node {
  std::string id;
  NodeType type = NodeType::End;
  int line = 0;  // where the node starts in its file

  // agent
  std::string agent;  // the agent's key (file stem), resolved at load
  Template input;

  // condition: the outcome picks the next node; unset onTrue goes on, unset onFalse ends the run.
  std::shared_ptr<const Expression> expression;
  std::optional<std::string> on_true;
  std::optional<std::string> on_false;

  // ticketAction (ticket_id defaults to {{trigger.ticket.id}})
  TicketActionKind action = TicketActionKind::ChangeStatus;
  Template ticket_id;
  std::optional<storage::TicketStatus> status;  // changeStatus
  Template text;                                // addComment
  Template label;                               // addLabel
  Template url, path, title, kind;              // linkResource (url or path)

  std::optional<std::chrono::seconds> timeout;  // agent nodes; the flow's nodeTimeout otherwise
};

enum class OnInterrupt { Fail, Retry };

struct Flow {
  std::string name;
  std::filesystem::path file;  // as found (absolute or relative to the workspace)
  std::optional<std::string> description;
  Trigger trigger;
  std::vector<Node> nodes;
  int max_iterations = 3;  // how many times any node may run in one run (the fix loop's bound)
  OnInterrupt on_interrupt = OnInterrupt::Fail;
  std::chrono::seconds node_timeout{1800};

  const Node* find_node(std::string_view id) const;
  std::size_t index_of(std::string_view id) const;  // nodes.size() when unknown
};

struct AgentDef {
  std::string key;  // the file stem ("technical-planner")
  std::filesystem::path file;
  std::string name;  // "Technical Planner"
  std::string description;
  std::string system_prompt;
  std::optional<std::string> model;
  std::optional<std::string> thinking_level;  // "think", "think-hard", "think-harder", "ultrathink"
  std::vector<std::string> mcp_servers;       // "sciorex-tickets", "sciorex-interactions"
  std::vector<std::string> allowed_tools;     // the host's own tools ("Read", "Glob", ...)
};

struct DefinitionError {
  std::filesystem::path file;
  int line = 0;  // 0 when the whole file is at fault
  std::string message;
  std::string to_string() const;  // "FILE:LINE: MESSAGE"
};

struct Definitions {
  std::vector<Flow> flows;
  std::vector<AgentDef> agents;
  std::vector<DefinitionError> errors;

  // By key (file stem) or by `name`, exactly.
  const AgentDef* find_agent(std::string_view key_or_name) const;
  // By `name` or by file stem.
  const Flow* find_flow(std::string_view name_or_stem) const;
};

// Reads sciorex_dir/agents/*.yaml then sciorex_dir/flows/*.yaml (.yml too), in name order. Missing
// folders are no error. Never throws for a bad file: it goes to `errors`.
Definitions load_definitions(const std::filesystem::path& sciorex_dir);

}  // namespace sciorex::flows
