// FlowRunRepository: the runners serving a store, the event cursor they share, and the takeover of
// the runs of a runner that went away.
#include <chrono>

#include "flow_run_rows.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "ticket_validation.hpp"

namespace sciorex::storage {

namespace {

void check_runner_info(const RunnerInfo& r) {
  detail::check_runner_id(r.id);
  if (r.host.empty())
    throw StoreError::invalid_argument("A runner's host is required (1 to 200 characters).");
  detail::check_length(r.host, detail::kMaxShort, "runner host");
  if (r.pid < 1) throw StoreError::invalid_argument("A runner's pid must be a process id (1 or more).");
}

// Heartbeats older than this (the system clock less stale_after) are stale; same form as Tx::now().
std::string stale_cutoff(std::chrono::seconds stale_after) {
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return iso_from_unix_ms(static_cast<std::int64_t>((now_ms - stale_after).count()));
}

}  // namespace

void FlowRunRepository::register_runner(const RunnerInfo& runner) {
  check_runner_info(runner);
  db_.write([&](Tx& tx) {
    auto& st = tx.stmt(
        "INSERT INTO flow_runners(id, host, pid, registered_at, heartbeat_at) VALUES (?,?,?,?,?) "
        "ON CONFLICT(id) DO UPDATE SET host = excluded.host, pid = excluded.pid, heartbeat_at = "
        "excluded.heartbeat_at");
    st.bind(1, runner.id);
    st.bind(2, runner.host);
    st.bind(3, static_cast<int64_t>(runner.pid));
    st.bind(4, tx.now());
    st.bind(5, tx.now());
    st.exec();
  });
}

void FlowRunRepository::heartbeat(const std::string& runner_id) {
  detail::check_runner_id(runner_id);
  db_.write([&](Tx& tx) {
    auto& st = tx.stmt("UPDATE flow_runners SET heartbeat_at = ? WHERE id = ?");
    st.bind(1, tx.now());
    st.bind(2, runner_id);
    if (st.exec() == 0)
      throw StoreError::not_found(
          "Runner " + runner_id.substr(0, 80) +
          " is not registered (it stopped, or its heartbeat went stale and its runs were "
          "taken over); register it again.");
  });
}

void FlowRunRepository::unregister_runner(const std::string& runner_id) {
  detail::check_runner_id(runner_id);
  db_.write([&](Tx& tx) {
    auto& st = tx.stmt("DELETE FROM flow_runners WHERE id = ?");
    st.bind(1, runner_id);
    st.exec();
  });
}

std::optional<std::int64_t> FlowRunRepository::cursor() {
  std::optional<std::int64_t> out;
  db_.read([&](Tx& tx) {
    out.reset();
    auto& st = tx.stmt("SELECT event_id FROM flow_cursor WHERE one = 1");
    if (st.step()) out = st.column(0).int64();
  });
  return out;
}

void FlowRunRepository::advance_cursor(std::int64_t event_id) {
  if (event_id < 0) throw StoreError::invalid_argument("The event cursor is an event id (0 or more).");
  db_.write([&](Tx& tx) {
    auto& st = tx.stmt(
        "INSERT INTO flow_cursor(one, event_id) VALUES (1, ?) "
        "ON CONFLICT(one) DO UPDATE SET event_id = CASE WHEN excluded.event_id > flow_cursor.event_id THEN "
        "excluded.event_id ELSE flow_cursor.event_id END");
    st.bind(1, static_cast<int64_t>(event_id));
    st.exec();
  });
}

std::vector<FlowRun> FlowRunRepository::take_orphaned_runs(const std::string& runner_id,
                                                           std::chrono::seconds stale_after) {
  detail::check_runner_id(runner_id);
  if (stale_after.count() < 0) throw StoreError::invalid_argument("stale_after must be 0 seconds or more.");
  const std::string cutoff = stale_cutoff(stale_after);
  std::vector<FlowRun> out;
  db_.write([&](Tx& tx) {
    out.clear();
    detail::require_registered_runner(tx, runner_id);
    // A stale runner is removed: its heartbeat then fails, so it learns its runs were taken.
    {
      auto& st = tx.stmt("DELETE FROM flow_runners WHERE heartbeat_at < ? AND id <> ?");
      st.bind(1, cutoff);
      st.bind(2, runner_id);
      st.exec();
    }
    std::vector<std::string> ids;
    {
      // Interrupted runs too: a taker that went away before resuming or failing them leaves them so.
      auto& st = tx.stmt(
          "SELECT id FROM flow_runs WHERE status IN ('running', 'interrupted') AND (runner_id IS NULL OR "
          "runner_id NOT IN (SELECT id FROM flow_runners)) ORDER BY seq");
      while (st.step()) ids.push_back(st.column(0).str());
    }
    for (const auto& id : ids) {
      FlowRun r = detail::require_flow_run(tx, id);
      const std::string gone = r.runner_id ? "Its runner " + *r.runner_id : std::string("Its runner");
      const std::string why = gone + " went away while the run was going.";
      detail::end_open_nodes(tx, r, FlowNodeStatus::Interrupted, why);
      const std::optional<std::string> from = r.runner_id;
      r.status = FlowRunStatus::Interrupted;
      r.runner_id = runner_id;
      r.error = why;
      detail::save_flow_run_state(tx, r);
      nlohmann::json d{{"flow", r.flow_name}, {"attempt", r.attempt}, {"runner", runner_id}};
      if (from) d["fromRunner"] = *from;
      detail::record_flow_event(tx, r, "flow_run_interrupted", std::move(d), false);
      out.push_back(std::move(r));
    }
  });
  return out;
}

}  // namespace sciorex::storage
