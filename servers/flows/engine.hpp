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
//
// Node outputs: an agent's as above; a condition's {"result": true|false} (its input is the
// expression); a ticket action's {"ticketId", "action", ...} (its input the rendered action as
// JSON; an action already so, e.g. the status is the target, changes nothing and is no failure).
// A condition that is false with no onFalse ends the run as succeeded (the flow reached its end).
// A node's failure (a template over something missing, an agent that exits non-zero, prints
// nothing, times out or cannot be started, a ticket action the store refuses) is recorded on the
// node and ends the run failed with "node 'ID' (agent KEY): why". An agent node that reports a
// session id links it to the run's ticket ("flow NAME: node ID"), so the conversation is on it.
#pragma once

#include <atomic>
#include <nlohmann/json_fwd.hpp>
#include <string>

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
// and filter; nullopt otherwise. For manual runs, `event` is null: the context is {type: "manual",
// ticket} and the trigger's filter still applies. A ticketCreated trigger ignores imports; a
// subtaskCompleted one takes subtask_completed and subtask_status_changed to done. The ticket's
// description is cut to 50,000 characters (the store keeps a context up to 100,000).
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
  // run's record, never an exception; throws StoreError only when the store itself fails. A run
  // that is not running is returned as it is; one that another runner ends or takes while this one
  // executes it (a Conflict from the store) stops and is returned as the store has it. A resumed
  // node runs again as the same iteration (its interrupted record does not count).
  storage::FlowRun execute(const Flow& flow, const Definitions& defs, const std::string& run_id,
                           const std::atomic<bool>& cancel);

 private:
  storage::Database& db_;
  AgentLauncher& launcher_;
  std::string runner_id_;
};

}  // namespace sciorex::flows
