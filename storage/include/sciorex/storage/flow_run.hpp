// Flow runs (issue 12): what the flows runner records of each run of a flow and of each node it
// ran, so that people and agents can see which agent did what, and so that a run survives the
// runner that started it (a run whose runner is gone is taken over, marked interrupted, then
// retried or failed as its flow says).
//
// Plain values, no behaviour, no JSON types: a run's trigger context and a node's output travel
// as JSON text that the flows layer writes and reads. Timestamps are ISO-8601 UTC (with
// milliseconds, as every timestamp of the store).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sciorex/storage/types.hpp"

namespace sciorex::storage {

// running: a runner is executing it. succeeded: it reached its end. failed: a node failed, an
// iteration bound was hit, or it was interrupted with onInterrupt: fail. cancelled: its ticket was
// cancelled (or a person cancelled it). interrupted: its runner went away mid-run; the taker is
// about to retry or fail it (a run is interrupted only between take_orphaned_runs and resume/finish).
enum class FlowRunStatus { Running, Succeeded, Failed, Cancelled, Interrupted };
// running: the node is executing. waiting_for_input: its agent asked a person (the question is in
// the inbox). succeeded / failed / cancelled / interrupted / timed_out: how it ended.
enum class FlowNodeStatus { Running, WaitingForInput, Succeeded, Failed, Cancelled, Interrupted, TimedOut };

// The string forms, in declaration order (the name of value v is names[v]); the tools' schemas list
// the same names.
inline constexpr std::array<std::string_view, 5> kFlowRunStatusNames{"running", "succeeded", "failed",
                                                                     "cancelled", "interrupted"};
inline constexpr std::array<std::string_view, 7> kFlowNodeStatusNames{
    "running", "waiting_for_input", "succeeded", "failed", "cancelled", "interrupted", "timed_out"};

// For code generic over the store's enums (parse_enum<FlowRunStatus>, types.hpp).
template <>
constexpr std::span<const std::string_view> names_of<FlowRunStatus>() {
  return kFlowRunStatusNames;
}
template <>
constexpr std::span<const std::string_view> names_of<FlowNodeStatus>() {
  return kFlowNodeStatusNames;
}

std::string_view to_string(FlowRunStatus v);
std::string_view to_string(FlowNodeStatus v);
std::optional<FlowRunStatus> parse_flow_run_status(std::string_view s);
std::optional<FlowNodeStatus> parse_flow_node_status(std::string_view s);

struct FlowNodeRun {
  int seq = 0;                       // 1, 2, ... within its run, in the order the nodes started
  std::string node_id;               // the node's id in the flow ("plan")
  std::string node_type;             // "agent", "condition", "ticketAction", "end"
  int iteration = 1;                 // 1 the first time this node runs in this run, 2 after a loop back, ...
  std::optional<std::string> agent;  // an agent node's agent (file stem)
  FlowNodeStatus status = FlowNodeStatus::Running;
  std::string input;                       // the rendered input (agent) or expression (condition)
  std::optional<std::string> output_json;  // the node's output as JSON text (a string or an object)
  std::optional<int> exit_code;            // the agent process's exit status
  std::optional<std::string> session_id;   // the agent's session (claude's session_id)
  std::optional<std::string> log_path;     // the agent's output, a file under .sciorex/runs/
  std::optional<std::string> error;        // why it failed, for people
  std::string started_at;
  std::optional<std::string> ended_at;
  bool operator==(const FlowNodeRun&) const = default;
};

struct FlowRun {
  std::string id;         // "run-1", "run-2", ...: allocated in the write, never reused
  std::string flow_name;  // the flow's `name`
  std::string flow_file;  // the definition's file, relative to the workspace (".sciorex/flows/x.yaml")
  std::optional<std::string> ticket_id;  // the ticket it runs for (none for a manual run without one)
  std::string trigger_type;  // "ticketStatusChanged", "ticketCreated", "subtaskCompleted", "manual"
  std::optional<std::int64_t> trigger_event_id;  // the event that started it; none for manual runs
  std::string trigger_json;  // the trigger context, a JSON object as text ({"type":..,"ticket":{..},..})
  FlowRunStatus status = FlowRunStatus::Running;
  std::optional<std::string> runner_id;  // the runner executing it (see RunnerInfo)
  int attempt = 1;                       // 2 after one retry of an interrupted run, ...
  std::optional<std::string> error;
  std::string started_at;
  std::optional<std::string> ended_at;
  std::vector<FlowNodeRun> nodes;  // filled by get/find; empty in list pages
  bool operator==(const FlowRun&) const = default;
};

struct NewFlowRun {
  std::string flow_name;  // 1..200 characters
  std::string flow_file;
  std::optional<std::string> ticket_id;  // must exist when given
  std::string trigger_type;
  std::optional<std::int64_t> trigger_event_id;
  std::string trigger_json = "{}";  // must be a JSON object
};

// A node starting: `input` rendered; agent set for agent nodes.
struct NewFlowNodeRun {
  std::string node_id;
  std::string node_type;
  int iteration = 1;
  std::optional<std::string> agent;
  std::string input;
};

// How a node ended. status is one of the ended statuses (not running/waiting_for_input).
struct FlowNodeResult {
  FlowNodeStatus status = FlowNodeStatus::Succeeded;
  std::optional<std::string> output_json;
  std::optional<int> exit_code;
  std::optional<std::string> session_id;
  std::optional<std::string> log_path;
  std::optional<std::string> error;
};

// A runner process, registered while it serves; heartbeat() keeps it alive.
struct RunnerInfo {
  std::string id;    // unique per process ("host:pid:random")
  std::string host;  // the machine's name
  long pid = 0;
};

struct FlowRunFilter {
  std::optional<std::string> ticket_id;
  std::optional<std::string> flow_name;
  std::optional<FlowRunStatus> status;
  int limit = 20;                     // 1..200
  std::optional<std::string> cursor;  // from a previous page
};

struct FlowRunPage {
  std::vector<FlowRun> runs;  // newest first
  std::optional<std::string> next_cursor;
};

}  // namespace sciorex::storage
