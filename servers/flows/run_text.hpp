// A flow run as people read it at a terminal and as `--json` prints it (sciorex-flows runs, show,
// run). Text from agents and definitions is made visible (servers/common/terminal_text.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sciorex/storage/flow_run.hpp"

namespace sciorex::flows {

// "run-3  succeeded  Ticket Development Pipeline  T-042  manual  2026-05-01T10:00:00Z"
std::string run_line(const storage::FlowRun& run);
// "  2 implement  agent feature-developer  succeeded  (iteration 2, exit 0)"
std::string node_line(const storage::FlowNodeRun& node);
// The whole run for `show`: the run's facts, then each node with its session, log, output and error.
std::string run_text(const storage::FlowRun& run);

// {id, flowName, flowFile, ticketId?, triggerType, triggerEventId?, trigger, status, runnerId?,
//  attempt, error?, startedAt, endedAt?, nodes?: [{seq, nodeId, nodeType, iteration, agent?, status,
//  input, output?, exitCode?, sessionId?, logPath?, error?, startedAt, endedAt?}]}
nlohmann::json run_json(const storage::FlowRun& run, bool with_nodes);

}  // namespace sciorex::flows
