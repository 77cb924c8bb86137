// FlowRunRepository: starting runs (claim, start), their nodes, ending and resuming them, and
// reading them. Runners, the cursor and orphans are in flow_runners.cpp.
#include "sciorex/storage/flow_run_repository.hpp"

#include "flow_run_rows.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_rows.hpp"
#include "ticket_validation.hpp"

namespace sciorex::storage {

namespace {

// A node's rendered input and its output can hold a whole plan or a reviewer's report.
constexpr std::size_t kMaxFlowPayload = 1'000'000;
constexpr std::size_t kMaxFlowPath = 4'096;
constexpr int kMaxRunPage = 200;

void check_required(const std::string& s, std::size_t max, std::string_view field) {
  if (s.empty())
    throw StoreError::invalid_argument("The " + std::string(field) + " is required (1 to " +
                                       std::to_string(max) + " characters).");
  detail::check_length(s, max, field);
}

void check_optional(const std::optional<std::string>& s, std::size_t max, std::string_view field) {
  if (s) check_required(*s, max, field);
}

void check_json_text(const std::string& text, std::string_view field, bool object_only) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded())
    throw StoreError::invalid_argument("The " + std::string(field) + " is not valid JSON text.");
  if (object_only && !j.is_object())
    throw StoreError::invalid_argument("The " + std::string(field) + " must be a JSON object.");
}

void check_new_flow_run(const NewFlowRun& in) {
  check_required(in.flow_name, detail::kMaxShort, "flow name");
  check_required(in.flow_file, kMaxFlowPath, "flow file");
  check_optional(in.ticket_id, detail::kMaxShort, "ticket id");
  check_required(in.trigger_type, 100, "trigger type");
  if (in.trigger_event_id && *in.trigger_event_id < 1)
    throw StoreError::invalid_argument("The trigger event id must be an event's id (1 or more).");
  detail::check_length(in.trigger_json, detail::kMaxDescription, "trigger context");
  check_json_text(in.trigger_json, "trigger context", true);
}

bool is_open(FlowNodeStatus s) {
  return s == FlowNodeStatus::Running || s == FlowNodeStatus::WaitingForInput;
}
bool has_ended(FlowRunStatus s) {
  return s == FlowRunStatus::Succeeded || s == FlowRunStatus::Failed || s == FlowRunStatus::Cancelled;
}

std::string next_flow_run_id(Tx& tx) {
  long long n = 1;
  {
    auto& st = tx.stmt(
        "SELECT MAX(n) FROM (SELECT COALESCE((SELECT next FROM counters WHERE name = 'flow_run'), 1) AS n "
        "UNION ALL SELECT COALESCE((SELECT MAX(seq) FROM flow_runs), 0) + 1) AS candidates");
    if (st.step()) n = st.column(0).int64();
  }
  auto& up = tx.stmt(
      "INSERT INTO counters(name, next) VALUES ('flow_run', ?) ON CONFLICT(name) DO UPDATE SET next = "
      "excluded.next");
  up.bind(1, static_cast<int64_t>(n + 1));
  up.exec();
  return "run-" + std::to_string(n);
}

// The checks and the insert shared by claim and start, inside their transaction.
FlowRun insert_flow_run(Tx& tx, const NewFlowRun& in, const std::string& runner_id) {
  detail::require_registered_runner(tx, runner_id);
  if (in.ticket_id && !detail::ticket_exists(tx, *in.ticket_id))
    throw detail::ticket_not_found(*in.ticket_id);
  FlowRun r;
  r.id = next_flow_run_id(tx);
  r.flow_name = in.flow_name;
  r.flow_file = in.flow_file;
  r.ticket_id = in.ticket_id;
  r.trigger_type = in.trigger_type;
  r.trigger_event_id = in.trigger_event_id;
  r.trigger_json = in.trigger_json;
  r.status = FlowRunStatus::Running;
  r.runner_id = runner_id;
  r.attempt = 1;
  r.started_at = tx.now();
  auto& st = tx.stmt(
      "INSERT INTO flow_runs(seq, id, flow_name, flow_file, ticket_id, trigger_type, trigger_event_id, "
      "trigger_json, status, runner_id, attempt, started_at) VALUES (?,?,?,?,?,?,?,?,?,?,1,?)");
  st.bind(1, static_cast<int64_t>(detail::flow_run_seq(r.id)));
  st.bind(2, r.id);
  st.bind(3, r.flow_name);
  st.bind(4, r.flow_file);
  bind_opt(st, 5, r.ticket_id);
  st.bind(6, r.trigger_type);
  if (r.trigger_event_id)
    st.bind(7, static_cast<int64_t>(*r.trigger_event_id));
  else
    st.bind(7);
  st.bind(8, r.trigger_json);
  st.bind(9, std::string(to_string(r.status)));
  st.bind(10, runner_id);
  st.bind(11, r.started_at);
  st.exec();
  nlohmann::json d{{"flow", r.flow_name}, {"trigger", r.trigger_type}, {"attempt", r.attempt}};
  if (r.trigger_event_id) d["triggerEventId"] = *r.trigger_event_id;
  detail::record_flow_event(tx, r, "flow_run_started", std::move(d), true);
  return r;
}

std::string holder_text(const FlowRun& r) {
  return "Flow run " + r.id + " is " + std::string(to_string(r.status)) +
         (r.runner_id ? " and held by runner " + *r.runner_id : std::string(" and held by no runner"));
}

// The run, running and held by runner_id (Conflict otherwise), for a change to its nodes.
FlowRun require_held_run(Tx& tx, const std::string& run_id, const std::string& runner_id) {
  FlowRun r = detail::require_flow_run(tx, run_id);
  if (r.status != FlowRunStatus::Running || r.runner_id != runner_id)
    throw StoreError::conflict(holder_text(r) + "; only its runner changes its nodes while it runs.");
  return r;
}

FlowNodeRun& require_node(FlowRun& r, int seq) {
  for (auto& n : r.nodes)
    if (n.seq == seq) return n;
  throw StoreError::not_found("Flow run " + r.id + " has no node " + std::to_string(seq) + " (it has " +
                              std::to_string(r.nodes.size()) + ").");
}

void require_open(const FlowRun& r, const FlowNodeRun& n) {
  if (!is_open(n.status))
    throw StoreError::conflict("Node " + std::to_string(n.seq) + " (" + n.node_id + ") of flow run " + r.id +
                               " has ended already (" + std::string(to_string(n.status)) + ").");
}

// Keyset cursor of a list page: "fr" + the last run's seq.
std::string encode_run_cursor(long long seq) { return "fr" + std::to_string(seq); }
long long decode_run_cursor(const std::string& c) {
  const bool ok = c.size() > 2 && c.size() < 22 && c.rfind("fr", 0) == 0 &&
                  c.find_first_not_of("0123456789", 2) == std::string::npos;
  if (!ok)
    throw StoreError::invalid_argument(
        "Invalid cursor: pass the nextCursor of the previous page unchanged, or omit it to start from the "
        "newest run.");
  return std::stoll(c.substr(2));
}

}  // namespace

std::optional<FlowRun> FlowRunRepository::claim(const NewFlowRun& input, const std::string& runner_id) {
  if (!input.trigger_event_id)
    throw StoreError::invalid_argument("A claimed run needs the event that triggered it (trigger_event_id).");
  check_new_flow_run(input);
  detail::check_runner_id(runner_id);
  std::optional<FlowRun> out;
  db_.write([&](Tx& tx) {
    out.reset();
    auto& st = tx.stmt("SELECT 1 FROM flow_runs WHERE flow_name = ? AND trigger_event_id = ?");
    st.bind(1, input.flow_name);
    st.bind(2, static_cast<int64_t>(*input.trigger_event_id));
    if (st.step()) return;  // another runner (or an earlier life of this one) has it
    out = insert_flow_run(tx, input, runner_id);
  });
  return out;
}

FlowRun FlowRunRepository::start(const NewFlowRun& input, const std::string& runner_id) {
  check_new_flow_run(input);
  detail::check_runner_id(runner_id);
  FlowRun out;
  db_.write([&](Tx& tx) { out = insert_flow_run(tx, input, runner_id); });
  return out;
}

int FlowRunRepository::begin_node(const std::string& run_id, const NewFlowNodeRun& node,
                                  const std::string& runner_id) {
  check_required(node.node_id, detail::kMaxShort, "node id");
  check_required(node.node_type, 100, "node type");
  check_optional(node.agent, detail::kMaxShort, "agent");
  detail::check_length(node.input, kMaxFlowPayload, "node input");
  if (node.iteration < 1) throw StoreError::invalid_argument("A node's iteration starts at 1.");
  detail::check_runner_id(runner_id);
  int seq = 0;
  db_.write([&](Tx& tx) {
    FlowRun r = require_held_run(tx, run_id, runner_id);
    seq = static_cast<int>(r.nodes.size()) + 1;
    auto& st = tx.stmt(
        "INSERT INTO flow_nodes(run_seq, seq, node_id, node_type, iteration, agent, status, input, "
        "started_at) "
        "VALUES (?,?,?,?,?,?,?,?,?)");
    st.bind(1, static_cast<int64_t>(detail::flow_run_seq(r.id)));
    st.bind(2, seq);
    st.bind(3, node.node_id);
    st.bind(4, node.node_type);
    st.bind(5, node.iteration);
    bind_opt(st, 6, node.agent);
    st.bind(7, std::string(to_string(FlowNodeStatus::Running)));
    st.bind(8, node.input);
    st.bind(9, tx.now());
    st.exec();
    nlohmann::json d{
        {"node", node.node_id}, {"seq", seq}, {"type", node.node_type}, {"iteration", node.iteration}};
    if (node.agent) d["agent"] = *node.agent;
    detail::record_flow_event(tx, r, "flow_node_started", std::move(d), false);
  });
  return seq;
}

void FlowRunRepository::set_node_status(const std::string& run_id, int seq, FlowNodeStatus status,
                                        const std::string& runner_id) {
  if (!is_open(status))
    throw StoreError::invalid_argument(
        "A node's status changes here only between running and "
        "waiting_for_input; '" +
        std::string(to_string(status)) + "' ends it (finish the node).");
  detail::check_runner_id(runner_id);
  db_.write([&](Tx& tx) {
    FlowRun r = require_held_run(tx, run_id, runner_id);
    FlowNodeRun& n = require_node(r, seq);
    require_open(r, n);
    if (n.status == status) return;
    auto& st = tx.stmt("UPDATE flow_nodes SET status = ? WHERE run_seq = ? AND seq = ?");
    st.bind(1, std::string(to_string(status)));
    st.bind(2, static_cast<int64_t>(detail::flow_run_seq(r.id)));
    st.bind(3, seq);
    st.exec();
    detail::record_flow_event(tx, r, "flow_node_status_changed",
                              {{"node", n.node_id},
                               {"seq", seq},
                               {"from", std::string(to_string(n.status))},
                               {"to", std::string(to_string(status))}},
                              false);
  });
}

void FlowRunRepository::finish_node(const std::string& run_id, int seq, const FlowNodeResult& result,
                                    const std::string& runner_id) {
  if (is_open(result.status))
    throw StoreError::invalid_argument(
        "A finished node needs an ended status (succeeded, failed, cancelled, "
        "interrupted or timed_out), not '" +
        std::string(to_string(result.status)) + "'.");
  if (result.output_json) {
    detail::check_length(*result.output_json, kMaxFlowPayload, "node output");
    check_json_text(*result.output_json, "node output", false);
  }
  check_optional(result.session_id, detail::kMaxShort, "session id");
  check_optional(result.log_path, kMaxFlowPath, "log path");
  if (result.error) detail::check_length(*result.error, detail::kMaxComment, "node error");
  detail::check_runner_id(runner_id);
  db_.write([&](Tx& tx) {
    FlowRun r = require_held_run(tx, run_id, runner_id);
    FlowNodeRun& n = require_node(r, seq);
    require_open(r, n);
    auto& st = tx.stmt(
        "UPDATE flow_nodes SET status = ?, output = ?, exit_code = ?, session_id = ?, log_path = ?, error = "
        "?, "
        "ended_at = ? WHERE run_seq = ? AND seq = ?");
    st.bind(1, std::string(to_string(result.status)));
    bind_opt(st, 2, result.output_json);
    if (result.exit_code)
      st.bind(3, *result.exit_code);
    else
      st.bind(3);
    bind_opt(st, 4, result.session_id);
    bind_opt(st, 5, result.log_path);
    bind_opt(st, 6, result.error);
    st.bind(7, tx.now());
    st.bind(8, static_cast<int64_t>(detail::flow_run_seq(r.id)));
    st.bind(9, seq);
    st.exec();
    nlohmann::json d{{"node", n.node_id},
                     {"type", n.node_type},
                     {"iteration", n.iteration},
                     {"status", std::string(to_string(result.status))}};
    if (n.agent) d["agent"] = *n.agent;
    if (result.session_id) d["sessionId"] = *result.session_id;
    if (result.error) d["error"] = *result.error;
    detail::record_flow_event(tx, r, "flow_node_finished", std::move(d), true);
  });
}

FlowRun FlowRunRepository::finish(const std::string& run_id, FlowRunStatus status,
                                  const std::optional<std::string>& error) {
  if (status != FlowRunStatus::Succeeded && status != FlowRunStatus::Failed &&
      status != FlowRunStatus::Cancelled)
    throw StoreError::invalid_argument("A run finishes as succeeded, failed or cancelled, not '" +
                                       std::string(to_string(status)) + "'.");
  if (error) detail::check_length(*error, detail::kMaxComment, "run error");
  FlowRun out;
  db_.write([&](Tx& tx) {
    out = detail::require_flow_run(tx, run_id);
    if (has_ended(out.status))
      throw StoreError::conflict("Flow run " + run_id + " has ended already (" +
                                 std::string(to_string(out.status)) +
                                 (out.ended_at ? " at " + *out.ended_at : std::string()) + ").");
    const FlowNodeStatus node_status =
        status == FlowRunStatus::Failed ? FlowNodeStatus::Failed : FlowNodeStatus::Cancelled;
    out.status = status;
    out.error = error;
    out.ended_at = tx.now();
    detail::end_open_nodes(tx, out, node_status, "The run ended (" + std::string(to_string(status)) + ").");
    detail::save_flow_run_state(tx, out);
    nlohmann::json d{{"flow", out.flow_name}, {"status", std::string(to_string(status))}};
    if (error) d["error"] = *error;
    detail::record_flow_event(tx, out, "flow_run_finished", std::move(d), true);
  });
  return out;
}

FlowRun FlowRunRepository::resume(const std::string& run_id, const std::string& runner_id) {
  detail::check_runner_id(runner_id);
  FlowRun out;
  db_.write([&](Tx& tx) {
    out = detail::require_flow_run(tx, run_id);
    if (out.status != FlowRunStatus::Interrupted || out.runner_id != runner_id)
      throw StoreError::conflict(holder_text(out) +
                                 "; only an interrupted run its runner took over resumes.");
    detail::require_registered_runner(tx, runner_id);
    out.status = FlowRunStatus::Running;
    out.attempt += 1;
    out.error.reset();
    detail::save_flow_run_state(tx, out);
    nlohmann::json d{{"flow", out.flow_name}, {"trigger", out.trigger_type}, {"attempt", out.attempt}};
    if (out.trigger_event_id) d["triggerEventId"] = *out.trigger_event_id;
    detail::record_flow_event(tx, out, "flow_run_started", std::move(d), true);
  });
  return out;
}

std::optional<FlowRun> FlowRunRepository::find(const std::string& run_id) {
  std::optional<FlowRun> out;
  db_.read([&](Tx& tx) { out = detail::load_flow_run(tx, run_id, true); });
  return out;
}

FlowRun FlowRunRepository::get(const std::string& run_id) {
  FlowRun out;
  db_.read([&](Tx& tx) { out = detail::require_flow_run(tx, run_id); });
  return out;
}

FlowRunPage FlowRunRepository::list(const FlowRunFilter& f) {
  if (f.limit < 1 || f.limit > kMaxRunPage)
    throw StoreError::invalid_argument("Invalid limit " + std::to_string(f.limit) + ": use 1 to " +
                                       std::to_string(kMaxRunPage) + ".");
  const std::optional<long long> before =
      f.cursor ? std::optional(decode_run_cursor(*f.cursor)) : std::nullopt;
  std::string sql = std::string("SELECT ") + detail::kFlowRunColumns + ", seq FROM flow_runs WHERE TRUE";
  if (f.ticket_id) sql += " AND ticket_id = ?";
  if (f.flow_name) sql += " AND flow_name = ?";
  if (f.status) sql += " AND status = ?";
  if (before) sql += " AND seq < ?";
  sql += " ORDER BY seq DESC LIMIT ?";
  FlowRunPage page;
  db_.read([&](Tx& tx) {
    page = {};
    auto& st = tx.stmt(sql);
    int i = 0;
    if (f.ticket_id) st.bind(++i, *f.ticket_id);
    if (f.flow_name) st.bind(++i, *f.flow_name);
    if (f.status) st.bind(++i, std::string(to_string(*f.status)));
    if (before) st.bind(++i, static_cast<int64_t>(*before));
    st.bind(++i, f.limit + 1);
    long long last_seq = 0;
    while (st.step()) {
      if (static_cast<int>(page.runs.size()) == f.limit) {
        page.next_cursor = encode_run_cursor(last_seq);
        break;
      }
      page.runs.push_back(detail::read_flow_run_row(st));
      last_seq = st.column(13).int64();
    }
  });
  return page;
}

std::vector<FlowRun> FlowRunRepository::active_for_ticket(const std::string& ticket_id) {
  std::vector<FlowRun> out;
  db_.read([&](Tx& tx) {
    out.clear();
    {
      auto& st =
          tx.stmt(std::string("SELECT ") + detail::kFlowRunColumns +
                  " FROM flow_runs WHERE ticket_id = ? AND status IN ('running', 'interrupted') ORDER BY "
                  "seq");
      st.bind(1, ticket_id);
      while (st.step()) out.push_back(detail::read_flow_run_row(st));
    }
    for (auto& r : out) r.nodes = detail::load_flow_nodes(tx, r.id);
  });
  return out;
}

}  // namespace sciorex::storage
