// FlowRunRepository: the flows runner's records in the store (issue 12): runs and their nodes,
// the runners serving, the shared event cursor, and the claim that makes one event start a flow
// exactly once however many runners watch the store.
//
// Every mutating call is one BEGIN IMMEDIATE transaction. The calls that a person would want in
// the ticket's history also append a history event on the run's ticket, in the same transaction,
// by actor `system flow:<flow name>` (Actor{System, "flow:" + name}):
//   flow_run_started   {runId, flow, trigger, attempt}        (claim, start, resume)
//   flow_node_finished {runId, node, type, iteration, status, agent?, sessionId?, error?}
//   flow_run_finished  {runId, flow, status, error?}
// and a feed event on entity "flow_run" for every change (so the board and other runners see it).
//
// Thread-safe as Database is. Holds a reference: the Database must outlive it.
// Throws StoreError: NotFound (unknown run, node or ticket), InvalidArgument (bad values, a
// trigger_json that is not a JSON object, a finished status where a running one is needed),
// Conflict (finishing a run that has already ended; a node of a run another runner holds),
// Internal.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sciorex/storage/flow_run.hpp"

namespace sciorex::storage {

class Database;

class FlowRunRepository {
 public:
  explicit FlowRunRepository(Database& db) : db_(db) {}

  // ---- runners ---------------------------------------------------------------------------------
  // Registers (or re-registers) a runner with heartbeat now. A runner must be registered to claim,
  // start, resume or take runs (Conflict otherwise): a run held by an unregistered runner is an
  // orphan that any other runner takes. id 1..200 characters, host 1..200, pid >= 1.
  void register_runner(const RunnerInfo& runner);
  // Moves the runner's heartbeat to now; the runs it holds stay its own. NotFound when the runner is
  // not registered (it unregistered, or another runner found its heartbeat stale, removed it and
  // took its runs): register again; its old runs are no longer its own.
  void heartbeat(const std::string& runner_id);
  // A runner stopping cleanly: removed (no-op when unknown); the runs it still holds become orphans
  // at once.
  void unregister_runner(const std::string& runner_id);

  // ---- the shared event cursor -----------------------------------------------------------------
  // The id of the last event any runner has looked at for triggers; nullopt before the first
  // runner ever served this store (it then starts at the newest event, never replaying history).
  std::optional<std::int64_t> cursor();
  // Moves the cursor forward to `event_id` (never back; a smaller id is a no-op). event_id >= 0.
  void advance_cursor(std::int64_t event_id);

  // ---- starting runs ---------------------------------------------------------------------------
  // Exactly once: creates the run of (flow_name, trigger_event_id) held by `runner_id`, or returns
  // nullopt when that run exists already (another runner, or an earlier life of this one, has it).
  // trigger_event_id must be set.
  std::optional<FlowRun> claim(const NewFlowRun& input, const std::string& runner_id);
  // A manual run (sciorex-flows run): always a new run, held by `runner_id`.
  FlowRun start(const NewFlowRun& input, const std::string& runner_id);

  // ---- nodes of a running run (Conflict unless the run is running and held by runner_id) --------
  // Returns the new node's seq.
  int begin_node(const std::string& run_id, const NewFlowNodeRun& node, const std::string& runner_id);
  // running <-> waiting_for_input while an agent waits for a person.
  void set_node_status(const std::string& run_id, int seq, FlowNodeStatus status,
                       const std::string& runner_id);
  void finish_node(const std::string& run_id, int seq, const FlowNodeResult& result,
                   const std::string& runner_id);

  // ---- ending runs -----------------------------------------------------------------------------
  // status: succeeded, failed or cancelled. Any node still running or waiting ends with the same
  // status (cancelled, or failed; cancelled when the run succeeded). Conflict when the run has ended
  // already. Needs no runner: a person (or a cancelled ticket) may end a run any runner holds.
  FlowRun finish(const std::string& run_id, FlowRunStatus status, const std::optional<std::string>& error);

  // ---- runners that went away ------------------------------------------------------------------
  // Takes over every running run whose runner is unregistered, or whose heartbeat is older than
  // `stale_after`: each becomes interrupted and held by `runner_id`, its running or waiting node
  // interrupted. Returns them (with nodes) for the caller to resume (retry) or finish (fail). Two
  // runners calling this at once take each run once. Also: runners whose heartbeat is stale are
  // removed (their heartbeat() then fails), and interrupted runs whose taker went away before
  // resuming or failing them are taken again. The taker must be registered.
  std::vector<FlowRun> take_orphaned_runs(const std::string& runner_id, std::chrono::seconds stale_after);
  // An interrupted run held by runner_id goes back to running with attempt + 1.
  FlowRun resume(const std::string& run_id, const std::string& runner_id);

  // ---- reading ---------------------------------------------------------------------------------
  std::optional<FlowRun> find(const std::string& run_id);  // with nodes
  FlowRun get(const std::string& run_id);                  // with nodes; NotFound with a hint
  FlowRunPage list(const FlowRunFilter& filter = {});      // newest first, without nodes
  // (a page's next_cursor is opaque; a cursor from elsewhere is InvalidArgument)
  // Runs still running (or interrupted) for a ticket, oldest first, with nodes, e.g. to cancel them
  // when it is cancelled.
  std::vector<FlowRun> active_for_ticket(const std::string& ticket_id);

 private:
  Database& db_;
};

}  // namespace sciorex::storage
