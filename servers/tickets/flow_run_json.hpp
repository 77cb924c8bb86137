// Flow runs as JSON and as lines (issue 12): the answers of sciorex_list_flow_runs and
// sciorex_get_flow_run, and the board's Runs section. Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sciorex/storage/flow_run.hpp"

namespace sciorex::tickets {

// A list item: {runId, flow, ticketId, status, attempt, trigger, error, startedAt, endedAt}; the
// flow's name and the error cut to `text_max` bytes.
nlohmann::json flow_run_summary_json(const storage::FlowRun& r, std::size_t text_max = 200);
// The whole run with its nodes. Each node's input, output and error, and the trigger's context,
// longer than `field_max` bytes once serialised, are cut: input and error to field_max bytes with
// "…", output and context to null, each named in the node's `truncated` (the context in the run's).
nlohmann::json flow_run_json(const storage::FlowRun& r, std::size_t field_max);
// "run-3 Seed pipeline on T-042: succeeded (attempt 1) 2026-12-05T10:00:00.000Z → …"
std::string flow_run_line(const storage::FlowRun& r, std::size_t text_max = 200);
// "  2. review (agent code-reviewer, iteration 2): waiting_for_input, session abc"
std::string flow_node_line(const storage::FlowNodeRun& n);

}  // namespace sciorex::tickets
