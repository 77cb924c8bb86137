// Shared internals of the flow run records (flow_run_repository.cpp, flow_runners.cpp): reading
// runs and nodes, the checks both files make, and the events a change appends. Private to the
// storage library.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sciorex/storage/flow_run.hpp"
#include "sciorex/storage/types.hpp"
#include "tx.hpp"

namespace sciorex::storage::detail {

// "id, flow_name, ..." in the order read_flow_run_row expects.
extern const char* const kFlowRunColumns;
FlowRun read_flow_run_row(Stmt& st);

// The run's number: "run-7" is 7, its `seq` (0 for anything else).
long long flow_run_seq(const std::string& run_id);

std::vector<FlowNodeRun> load_flow_nodes(Tx& tx, const std::string& run_id);
std::optional<FlowRun> load_flow_run(Tx& tx, const std::string& run_id, bool with_nodes);
FlowRun require_flow_run(Tx& tx, const std::string& run_id);  // NotFound with a hint

// Conflict unless the runner is registered (a run held by an unregistered runner is an orphan).
void require_registered_runner(Tx& tx, const std::string& runner_id);
// InvalidArgument unless 1..200 characters without NUL.
void check_runner_id(const std::string& runner_id);

// The actor of every record of a flow's run: system "flow:<name>".
Actor flow_actor(const std::string& flow_name);

// Appends the feed event `action` on entity "flow_run" (every change), and, when `history` and the
// run's ticket exists, the same action as a history entry on the ticket. details gets runId (and,
// for the feed, ticketId) added.
void record_flow_event(Tx& tx, const FlowRun& run, std::string_view action, nlohmann::json details,
                       bool history);

// Ends the run's running or waiting nodes with `status` (a flow_node_finished each); returns how
// many ended. Updates run.nodes when they are loaded.
int end_open_nodes(Tx& tx, FlowRun& run, FlowNodeStatus status, const std::string& error);

// Sets the run's status, runner, attempt, error and ended_at from `run` (after a change in memory).
void save_flow_run_state(Tx& tx, const FlowRun& run);

}  // namespace sciorex::storage::detail
