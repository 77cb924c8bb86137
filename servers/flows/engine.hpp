// The flow engine (issue 12): executes one run of a flow, node by node, recording each node and
// the run's end in the store (storage::FlowRunRepository). Nodes run in order; a condition's
// outcome picks the next node (onTrue / onFalse name node ids; unset onTrue goes on, unset onFalse
// ends the run); a jump back to an earlier node is the fix loop, bounded by the flow's
// maxIterations per node (the run fails when a node would run once more). An `end` node ends the
// run. Ticket actions are made by actor `system flow:<flow name>`.
//
// The scope that templates and expressions read: {trigger: <run's trigger_json>, nodes: {<id>:
// {output: <output>}}}. An agent node's output is its final text; when that text is, or ends with,
// a JSON object, the output is that object with `text` added holding the whole text (unless the
// object has a `text` of its own).
#pragma once

#include <atomic>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "agent_launcher.hpp"
#include "definitions.hpp"
#include "sciorex/storage/flow_run.hpp"
#include "sciorex/storage/ticket.hpp"

namespace sciorex::storage {
class Database;
struct Event;
}  // namespace sciorex::storage

namespace sciorex::flows {

// An agent's final text as a node output (see above): a JSON string, or the object found.
nlohmann::json agent_output(const std::string& text);

// The trigger context a run starts with, {type, ticket: {id, title, description, type, priority,
// status, labels, epicId, subtasks: [...]}, fromStatus?, toStatus?, subtask?, eventId?} when `event`
// (with its ticket, read by the caller) is a trigger of `trigger`'s type that passes its status
// and filter; nullopt otherwise. For manual runs, `event` is null.
std::optional<nlohmann::json> trigger_context(const Trigger& trigger, const storage::Event* event,
                                              const storage::Ticket& ticket);

class Engine {
 public:
  // runner_id: the runner holding the runs this engine executes.
  Engine(storage::Database& db, AgentLauncher& launcher, std::string runner_id);

  // Executes `run_id` (running, held by runner_id) from where its records stop: a new run from its
  // first node; a resumed run (after an interruption) from the node that was interrupted, with the
  // outputs of the nodes that finished before. Runs to the end and records it (succeeded, failed,
  // or cancelled when `cancel` became true); returns the finished run. A node's failure is the
  // run's record, never an exception; throws StoreError only when the store itself fails.
  storage::FlowRun execute(const Flow& flow, const Definitions& defs, const std::string& run_id,
                           const std::atomic<bool>& cancel);

 private:
  storage::Database& db_;
  AgentLauncher& launcher_;
  std::string runner_id_;
};

}  // namespace sciorex::flows
