// Flow run records: reading runs and nodes, the enums' string forms, and the events of a change.
#include "flow_run_rows.hpp"

#include "events.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_ids.hpp"
#include "ticket_rows.hpp"
#include "ticket_validation.hpp"

namespace sciorex::storage {

namespace {

static_assert(kFlowRunStatusNames.size() == static_cast<std::size_t>(FlowRunStatus::Interrupted) + 1);
static_assert(kFlowNodeStatusNames.size() == static_cast<std::size_t>(FlowNodeStatus::TimedOut) + 1);

template <class E>
std::string_view flow_enum_name(E v) {
  const auto names = names_of<E>();
  const auto i = static_cast<std::size_t>(v);
  return i < names.size() ? names[i] : "unknown";
}

constexpr const char* kNodeColumns =
    "seq, node_id, node_type, iteration, agent, status, input, output, exit_code, session_id, log_path, "
    "error, started_at, ended_at";

FlowNodeRun read_node_row(Stmt& st) {
  FlowNodeRun n;
  n.seq = st.column(0).int32();
  n.node_id = st.column(1).str();
  n.node_type = st.column(2).str();
  n.iteration = st.column(3).int32();
  n.agent = column_opt(st, 4);
  n.status = parse_flow_node_status(st.column(5).str()).value_or(FlowNodeStatus::Failed);
  n.input = st.column(6).str();
  n.output_json = column_opt(st, 7);
  if (!st.column(8).is_null()) n.exit_code = st.column(8).int32();
  n.session_id = column_opt(st, 9);
  n.log_path = column_opt(st, 10);
  n.error = column_opt(st, 11);
  n.started_at = st.column(12).str();
  n.ended_at = column_opt(st, 13);
  return n;
}

}  // namespace

std::string_view to_string(FlowRunStatus v) { return flow_enum_name(v); }
std::string_view to_string(FlowNodeStatus v) { return flow_enum_name(v); }
std::optional<FlowRunStatus> parse_flow_run_status(std::string_view s) {
  return parse_enum<FlowRunStatus>(s);
}
std::optional<FlowNodeStatus> parse_flow_node_status(std::string_view s) {
  return parse_enum<FlowNodeStatus>(s);
}

namespace detail {

const char* const kFlowRunColumns =
    "id, flow_name, flow_file, ticket_id, trigger_type, trigger_event_id, trigger_json, status, runner_id, "
    "attempt, error, started_at, ended_at";

FlowRun read_flow_run_row(Stmt& st) {
  FlowRun r;
  r.id = st.column(0).str();
  r.flow_name = st.column(1).str();
  r.flow_file = st.column(2).str();
  r.ticket_id = column_opt(st, 3);
  r.trigger_type = st.column(4).str();
  if (!st.column(5).is_null()) r.trigger_event_id = st.column(5).int64();
  r.trigger_json = st.column(6).str();
  r.status = parse_flow_run_status(st.column(7).str()).value_or(FlowRunStatus::Failed);
  r.runner_id = column_opt(st, 8);
  r.attempt = st.column(9).int32();
  r.error = column_opt(st, 10);
  r.started_at = st.column(11).str();
  r.ended_at = column_opt(st, 12);
  return r;
}

long long flow_run_seq(const std::string& run_id) {
  if (run_id.rfind("run-", 0) != 0 || run_id.size() < 5 || run_id.size() > 20) return 0;
  return id_number(run_id);
}

std::vector<FlowNodeRun> load_flow_nodes(Tx& tx, const std::string& run_id) {
  auto& st =
      tx.stmt(std::string("SELECT ") + kNodeColumns + " FROM flow_nodes WHERE run_seq = ? ORDER BY seq");
  st.bind(1, static_cast<int64_t>(flow_run_seq(run_id)));
  std::vector<FlowNodeRun> out;
  while (st.step()) out.push_back(read_node_row(st));
  return out;
}

std::optional<FlowRun> load_flow_run(Tx& tx, const std::string& run_id, bool with_nodes) {
  std::optional<FlowRun> out;
  {
    auto& st = tx.stmt(std::string("SELECT ") + kFlowRunColumns + " FROM flow_runs WHERE id = ?");
    st.bind(1, run_id);
    if (st.step()) out = read_flow_run_row(st);
  }
  if (out && with_nodes) out->nodes = load_flow_nodes(tx, run_id);
  return out;
}

FlowRun require_flow_run(Tx& tx, const std::string& run_id) {
  auto run = load_flow_run(tx, run_id, true);
  if (!run)
    throw StoreError::not_found("Flow run " + run_id.substr(0, 80) +
                                " not found. Run ids look like run-1; the list of flow runs shows them, "
                                "newest first.");
  return std::move(*run);
}

void check_runner_id(const std::string& runner_id) {
  if (runner_id.empty()) throw StoreError::invalid_argument("A runner id is required (1 to 200 characters).");
  check_length(runner_id, kMaxShort, "runner id");
}

void require_registered_runner(Tx& tx, const std::string& runner_id) {
  auto& st = tx.stmt("SELECT 1 FROM flow_runners WHERE id = ?");
  st.bind(1, runner_id);
  if (!st.step())
    throw StoreError::conflict(
        "Runner " + runner_id.substr(0, 80) +
        " is not registered (it stopped, or its heartbeat went stale and its runs were "
        "taken over); register it again before it takes runs.");
}

Actor flow_actor(const std::string& flow_name) { return Actor{ActorType::System, "flow:" + flow_name}; }

void record_flow_event(Tx& tx, const FlowRun& run, std::string_view action, nlohmann::json details,
                       bool history) {
  details["runId"] = run.id;
  const Actor actor = flow_actor(run.flow_name);
  if (history && run.ticket_id && ticket_exists(tx, *run.ticket_id))
    append_event(tx, "ticket", *run.ticket_id, action, details, actor);
  if (run.ticket_id) details["ticketId"] = *run.ticket_id;
  details["flow"] = run.flow_name;
  details["runStatus"] = std::string(to_string(run.status));
  append_event(tx, "flow_run", run.id, action, details, actor, false);
}

int end_open_nodes(Tx& tx, FlowRun& run, FlowNodeStatus status, const std::string& error) {
  if (run.nodes.empty()) run.nodes = load_flow_nodes(tx, run.id);
  int ended = 0;
  for (auto& n : run.nodes) {
    if (n.status != FlowNodeStatus::Running && n.status != FlowNodeStatus::WaitingForInput) continue;
    n.status = status;
    n.ended_at = tx.now();
    if (!n.error) n.error = error;
    auto& st = tx.stmt(
        "UPDATE flow_nodes SET status = ?, ended_at = ?, error = COALESCE(error, ?) WHERE run_seq = ? AND "
        "seq = ?");
    st.bind(1, std::string(to_string(status)));
    st.bind(2, *n.ended_at);
    st.bind(3, error);
    st.bind(4, static_cast<int64_t>(flow_run_seq(run.id)));
    st.bind(5, n.seq);
    st.exec();
    nlohmann::json d{{"node", n.node_id},
                     {"type", n.node_type},
                     {"iteration", n.iteration},
                     {"status", std::string(to_string(status))},
                     {"error", *n.error}};
    if (n.agent) d["agent"] = *n.agent;
    if (n.session_id) d["sessionId"] = *n.session_id;
    record_flow_event(tx, run, "flow_node_finished", std::move(d), true);
    ++ended;
  }
  return ended;
}

void save_flow_run_state(Tx& tx, const FlowRun& run) {
  auto& st = tx.stmt(
      "UPDATE flow_runs SET status = ?, runner_id = ?, attempt = ?, error = ?, ended_at = ? WHERE id = ?");
  st.bind(1, std::string(to_string(run.status)));
  bind_opt(st, 2, run.runner_id);
  st.bind(3, run.attempt);
  bind_opt(st, 4, run.error);
  bind_opt(st, 5, run.ended_at);
  st.bind(6, run.id);
  st.exec();
}

}  // namespace detail
}  // namespace sciorex::storage
