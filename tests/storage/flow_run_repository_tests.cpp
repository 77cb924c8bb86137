// FlowRunRepository: the flows runner's records (issue 12): runs and nodes, runners, the shared
// cursor, the exactly-once claim, orphan takeover, and the history entries on the ticket.
#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>
#include <future>
#include <set>
#include <thread>

#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

namespace {

const RunnerInfo kRunnerA{"host:1:a", "host", 1};
const RunnerInfo kRunnerB{"host:2:b", "host", 2};

NewFlowRun triggered(std::int64_t event_id, std::optional<std::string> ticket = "T-001") {
  NewFlowRun in;
  in.flow_name = "Seed pipeline";
  in.flow_file = ".sciorex/flows/seed.yaml";
  in.ticket_id = std::move(ticket);
  in.trigger_type = "ticketStatusChanged";
  in.trigger_event_id = event_id;
  in.trigger_json = R"({"type":"ticketStatusChanged","ticket":{"id":"T-001"}})";
  return in;
}

NewFlowRun manual(std::optional<std::string> ticket = "T-001") {
  NewFlowRun in = triggered(0, std::move(ticket));
  in.trigger_type = "manual";
  in.trigger_event_id.reset();
  return in;
}

NewFlowNodeRun agent_node(std::string id, std::string agent, int iteration = 1) {
  return {std::move(id), "agent", iteration, std::move(agent), "Plan T-001"};
}

// Everything the flow records and the events table: equal before and after a refused call.
std::string snapshot(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  std::string out;
  for (const char* table : {"flow_runs", "flow_nodes", "flow_runners", "flow_cursor", "events", "counters"}) {
    SQLite::Statement st(db, std::string("SELECT * FROM ") + table + " ORDER BY 1, 2");
    out += table;
    out += ":";
    while (st.executeStep()) {
      for (int c = 0; c < st.getColumnCount(); ++c) out += st.getColumn(c).getString() + "|";
      out += "\n";
    }
  }
  return out;
}

std::vector<HistoryEntry> flow_history(TicketRepository& tickets, const std::string& id) {
  std::vector<HistoryEntry> out;
  for (auto& h : tickets.get(id).history)
    if (h.action.rfind("flow_", 0) == 0) out.push_back(h);
  return out;
}

struct Store {
  TempDir dir;
  Database db{dir.db()};
  TicketRepository tickets{db};
  FlowRunRepository runs{db};
  Store() {
    tickets.create(planned("Seeded"), me());
    runs.register_runner(kRunnerA);
  }
};

}  // namespace

TEST_CASE("enum names round-trip", "[storage][flows]") {
  for (auto s : kFlowRunStatusNames) CHECK(to_string(*parse_flow_run_status(s)) == s);
  for (auto s : kFlowNodeStatusNames) CHECK(to_string(*parse_flow_node_status(s)) == s);
  CHECK(to_string(FlowNodeStatus::WaitingForInput) == "waiting_for_input");
  CHECK_FALSE(parse_flow_run_status("done"));
  CHECK_FALSE(parse_flow_node_status("Running"));
}

TEST_CASE("a run goes from claim through its nodes to its end, recorded on the ticket", "[storage][flows]") {
  Store s;
  auto run = s.runs.claim(triggered(7), kRunnerA.id);
  REQUIRE(run);
  CHECK(run->id == "run-1");
  CHECK(run->status == FlowRunStatus::Running);
  CHECK(run->runner_id == kRunnerA.id);
  CHECK(run->attempt == 1);
  CHECK(run->trigger_event_id == 7);

  const int plan = s.runs.begin_node(run->id, agent_node("plan", "technical-planner"), kRunnerA.id);
  CHECK(plan == 1);
  s.runs.set_node_status(run->id, plan, FlowNodeStatus::WaitingForInput, kRunnerA.id);
  CHECK(s.runs.get(run->id).nodes.at(0).status == FlowNodeStatus::WaitingForInput);
  s.runs.set_node_status(run->id, plan, FlowNodeStatus::Running, kRunnerA.id);
  s.runs.finish_node(run->id, plan,
                     {FlowNodeStatus::Succeeded, R"({"text":"the plan"})", 0, "sess-1",
                      ".sciorex/runs/run-1/1.log", std::nullopt},
                     kRunnerA.id);
  const int review =
      s.runs.begin_node(run->id, {"review", "condition", 2, std::nullopt, "a === b"}, kRunnerA.id);
  CHECK(review == 2);
  const FlowRun done = s.runs.finish(run->id, FlowRunStatus::Succeeded, std::nullopt);
  CHECK(done.status == FlowRunStatus::Succeeded);
  CHECK(done.ended_at);

  const FlowRun got = s.runs.get(run->id);
  CHECK(got == done);
  REQUIRE(got.nodes.size() == 2);
  CHECK(got.nodes[0].node_id == "plan");
  CHECK(got.nodes[0].agent == "technical-planner");
  CHECK(got.nodes[0].output_json == R"({"text":"the plan"})");
  CHECK(got.nodes[0].exit_code == 0);
  CHECK(got.nodes[0].session_id == "sess-1");
  CHECK(got.nodes[0].log_path == ".sciorex/runs/run-1/1.log");
  CHECK(got.nodes[0].ended_at);
  CHECK(got.nodes[1].iteration == 2);
  CHECK(got.nodes[1].status == FlowNodeStatus::Cancelled);  // still running when the run ended
  CHECK(got.nodes[1].error);

  const auto h = flow_history(s.tickets, "T-001");
  REQUIRE(h.size() == 4);
  CHECK(h[0].action == "flow_run_started");
  CHECK(h[1].action == "flow_node_finished");
  CHECK(h[2].action == "flow_node_finished");
  CHECK(h[3].action == "flow_run_finished");
  for (const auto& e : h) CHECK(e.actor == Actor{ActorType::System, "flow:Seed pipeline"});
  CHECK_THAT(h[0].details_json, Catch::Contains(R"("runId":"run-1")") && Catch::Contains(R"("attempt":1)"));
  CHECK_THAT(h[1].details_json, Catch::Contains(R"("agent":"technical-planner")") &&
                                    Catch::Contains(R"("sessionId":"sess-1")") &&
                                    Catch::Contains(R"("status":"succeeded")"));
  CHECK_THAT(h[3].details_json, Catch::Contains(R"("status":"succeeded")"));

  // The feed has an event on the run for each change, and none of them in a history.
  std::set<std::string> actions;
  for (const auto& e : EventFeed(s.db).events_after(0, 1000))
    if (e.entity_type == "flow_run") {
      CHECK(e.entity_id == "run-1");
      CHECK_FALSE(e.in_history);
      actions.insert(e.action);
    }
  CHECK(actions == std::set<std::string>{"flow_run_started", "flow_node_started", "flow_node_status_changed",
                                         "flow_node_finished", "flow_run_finished"});
}

TEST_CASE("a claim is made once per flow and event; manual runs always start", "[storage][flows]") {
  Store s;
  CHECK(s.runs.claim(triggered(7), kRunnerA.id));
  CHECK_FALSE(s.runs.claim(triggered(7), kRunnerA.id));
  NewFlowRun other = triggered(7);
  other.flow_name = "Another flow";
  CHECK(s.runs.claim(other, kRunnerA.id)->id == "run-2");  // another flow on the same event
  CHECK(s.runs.start(manual(), kRunnerA.id).id == "run-3");
  CHECK(s.runs.start(manual(std::nullopt), kRunnerA.id).id == "run-4");
  CHECK(s.runs.list().runs.size() == 4);
}

TEST_CASE("many threads with their own handles claim one event once", "[storage][flows]") {
  Store s;
  constexpr int kThreads = 8, kEvents = 20;
  for (int t = 0; t < kThreads; ++t) s.runs.register_runner({"r" + std::to_string(t), "host", 100 + t});
  std::vector<std::future<int>> won;
  for (int t = 0; t < kThreads; ++t)
    won.push_back(std::async(std::launch::async, [&, t] {
      Database db(s.dir.db());
      FlowRunRepository runs(db);
      int n = 0;
      for (int e = 1; e <= kEvents; ++e)
        if (runs.claim(triggered(e), "r" + std::to_string(t))) ++n;
      return n;
    }));
  int total = 0;
  for (auto& f : won) total += f.get();
  CHECK(total == kEvents);
  std::set<std::int64_t> events;
  std::set<std::string> ids;
  for (const auto& r : s.runs.list({.limit = 200}).runs) {
    events.insert(*r.trigger_event_id);
    ids.insert(r.id);
  }
  CHECK(events.size() == kEvents);
  CHECK(ids.size() == kEvents);
  CHECK(flow_history(s.tickets, "T-001").size() == kEvents);  // one flow_run_started each
}

TEST_CASE("bad input is refused with a clear message and leaves the store untouched",
          "[storage][flows][sqlite]") {
  Store s;
  const std::string run = s.runs.claim(triggered(1), kRunnerA.id)->id;
  const int node = s.runs.begin_node(run, agent_node("plan", "planner"), kRunnerA.id);
  const std::string before = snapshot(s.dir.db());

  NewFlowRun bad = triggered(2);
  bad.trigger_json = "[1]";
  CHECK_THROWS_WITH(s.runs.claim(bad, kRunnerA.id), Catch::Contains("must be a JSON object"));
  bad = triggered(2);
  bad.trigger_event_id.reset();
  CHECK(error_kind([&] { s.runs.claim(bad, kRunnerA.id); }) == ErrorKind::InvalidArgument);
  bad = triggered(2);
  bad.flow_name = "";
  CHECK_THROWS_WITH(s.runs.claim(bad, kRunnerA.id), Catch::Contains("flow name is required"));
  bad.flow_name = std::string(201, 'x');
  CHECK_THROWS_WITH(s.runs.claim(bad, kRunnerA.id), Catch::Contains("too long"));
  CHECK(error_kind([&] { s.runs.claim(triggered(2, "T-404"), kRunnerA.id); }) == ErrorKind::NotFound);
  CHECK_THROWS_WITH(s.runs.start(manual(), "nobody"), Catch::Contains("not registered"));
  CHECK(error_kind([&] { s.runs.begin_node("run-9", agent_node("x", "y"), kRunnerA.id); }) ==
        ErrorKind::NotFound);
  CHECK(error_kind([&] { s.runs.begin_node(run, agent_node("x", "y"), kRunnerB.id); }) ==
        ErrorKind::Conflict);
  CHECK(error_kind([&] {
          s.runs.begin_node(run, {"x", "agent", 0, std::nullopt, ""}, kRunnerA.id);
        }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { s.runs.set_node_status(run, node, FlowNodeStatus::Failed, kRunnerA.id); }) ==
        ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { s.runs.set_node_status(run, 5, FlowNodeStatus::Running, kRunnerA.id); }) ==
        ErrorKind::NotFound);
  CHECK(error_kind([&] { s.runs.finish_node(run, node, {FlowNodeStatus::Running}, kRunnerA.id); }) ==
        ErrorKind::InvalidArgument);
  FlowNodeResult bad_output{FlowNodeStatus::Succeeded, "{not json"};
  CHECK_THROWS_WITH(s.runs.finish_node(run, node, bad_output, kRunnerA.id),
                    Catch::Contains("not valid JSON"));
  CHECK(error_kind([&] { s.runs.finish(run, FlowRunStatus::Interrupted, std::nullopt); }) ==
        ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { s.runs.finish("run-9", FlowRunStatus::Failed, std::nullopt); }) ==
        ErrorKind::NotFound);
  CHECK(error_kind([&] { s.runs.resume(run, kRunnerA.id); }) ==
        ErrorKind::Conflict);  // running, not interrupted
  CHECK(error_kind([&] { s.runs.register_runner({"", "host", 1}); }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { s.runs.register_runner({"r", "host", 0}); }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { s.runs.heartbeat("nobody"); }) == ErrorKind::NotFound);
  CHECK(error_kind([&] { s.runs.advance_cursor(-1); }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { s.runs.list({.limit = 0}); }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { s.runs.list({.cursor = "garbage"}); }) == ErrorKind::InvalidArgument);
  CHECK_THROWS_WITH(s.runs.get("run-9"), Catch::Contains("not found"));
  CHECK(snapshot(s.dir.db()) == before);

  // An ended node or run takes no second end.
  s.runs.finish_node(run, node, {FlowNodeStatus::Failed, std::nullopt, 1}, kRunnerA.id);
  const std::string after_node = snapshot(s.dir.db());
  CHECK(error_kind([&] { s.runs.finish_node(run, node, {FlowNodeStatus::Succeeded}, kRunnerA.id); }) ==
        ErrorKind::Conflict);
  CHECK(snapshot(s.dir.db()) == after_node);
  s.runs.finish(run, FlowRunStatus::Failed, "the plan failed");
  const std::string after_run = snapshot(s.dir.db());
  CHECK_THROWS_WITH(s.runs.finish(run, FlowRunStatus::Succeeded, std::nullopt),
                    Catch::Contains("ended already"));
  CHECK(error_kind([&] { s.runs.begin_node(run, agent_node("x", "y"), kRunnerA.id); }) ==
        ErrorKind::Conflict);
  CHECK(snapshot(s.dir.db()) == after_run);
}

TEST_CASE("the cursor starts unset and never moves back", "[storage][flows]") {
  Store s;
  CHECK_FALSE(s.runs.cursor());
  s.runs.advance_cursor(10);
  CHECK(s.runs.cursor() == 10);
  s.runs.advance_cursor(4);
  CHECK(s.runs.cursor() == 10);
  s.runs.advance_cursor(11);
  CHECK(s.runs.cursor() == 11);
  Database other(s.dir.db());  // one cursor for the store, seen by every handle
  CHECK(FlowRunRepository(other).cursor() == 11);
}

TEST_CASE("the runs of a runner that went away are taken over once, then resumed or failed",
          "[storage][flows][sqlite]") {
  Store s;
  s.runs.register_runner(kRunnerB);
  const RunnerInfo gone{"host:3:gone", "host", 3}, stale{"host:4:stale", "host", 4};
  s.runs.register_runner(gone);
  s.runs.register_runner(stale);
  const std::string a = s.runs.claim(triggered(1), gone.id)->id;
  s.runs.begin_node(a, agent_node("plan", "planner"), gone.id);
  const std::string b = s.runs.claim(triggered(2), stale.id)->id;
  const std::string live = s.runs.claim(triggered(3), kRunnerA.id)->id;
  const std::string ended = s.runs.claim(triggered(4), gone.id)->id;
  s.runs.finish(ended, FlowRunStatus::Succeeded, std::nullopt);
  s.runs.unregister_runner(gone.id);
  {  // the stale runner's heartbeat is a minute old
    SQLite::Database raw(s.dir.db(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE flow_runners SET heartbeat_at = '2000-01-01T00:00:00.000Z' WHERE id = '" + stale.id +
             "'");
  }
  CHECK(s.runs.take_orphaned_runs(kRunnerA.id, std::chrono::hours(24 * 365 * 100)).size() == 1);  // only a
  // That first take had a huge staleness bound, so the stale runner is still there; take again.
  std::vector<FlowRun> first, second;
  std::thread t1([&] {
    Database db(s.dir.db());
    first = FlowRunRepository(db).take_orphaned_runs(kRunnerA.id, std::chrono::seconds(60));
  });
  std::thread t2([&] {
    Database db(s.dir.db());
    second = FlowRunRepository(db).take_orphaned_runs(kRunnerB.id, std::chrono::seconds(60));
  });
  t1.join();
  t2.join();
  std::vector<std::string> taken;
  for (const auto* list : {&first, &second})
    for (const auto& r : *list) taken.push_back(r.id);
  CHECK(taken == std::vector<std::string>{b});  // a was taken by the first call, once
  CHECK(error_kind([&] { s.runs.heartbeat(stale.id); }) == ErrorKind::NotFound);  // removed: it learns

  const FlowRun ra = s.runs.get(a);
  CHECK(ra.status == FlowRunStatus::Interrupted);
  CHECK(ra.runner_id == kRunnerA.id);
  CHECK(ra.nodes.at(0).status == FlowNodeStatus::Interrupted);
  CHECK(s.runs.get(live).status == FlowRunStatus::Running);
  CHECK(s.runs.get(ended).status == FlowRunStatus::Succeeded);

  const FlowRun resumed = s.runs.resume(a, kRunnerA.id);
  CHECK(resumed.status == FlowRunStatus::Running);
  CHECK(resumed.attempt == 2);
  CHECK(s.runs.begin_node(a, agent_node("plan", "planner"), kRunnerA.id) == 2);
  const std::string holder_b = s.runs.get(b).runner_id.value();
  CHECK(s.runs.finish(b, FlowRunStatus::Failed, "interrupted").status == FlowRunStatus::Failed);
  CHECK_FALSE(holder_b.empty());
  const auto h = flow_history(s.tickets, "T-001");
  CHECK(std::count_if(h.begin(), h.end(), [](const HistoryEntry& e) {
          return e.action == "flow_run_started" && e.details_json.find(R"("attempt":2)") != std::string::npos;
        }) == 1);
  CHECK(std::count_if(h.begin(), h.end(), [](const HistoryEntry& e) {
          return e.action == "flow_node_finished" && e.details_json.find("interrupted") != std::string::npos;
        }) == 1);
}

TEST_CASE("active runs of a ticket, and list pages newest first by filter", "[storage][flows]") {
  Store s;
  s.tickets.create(planned("Second"), me());
  for (int e = 1; e <= 5; ++e) s.runs.claim(triggered(e, e % 2 ? "T-001" : "T-002"), kRunnerA.id);
  s.runs.finish("run-1", FlowRunStatus::Cancelled, std::nullopt);
  const auto active = s.runs.active_for_ticket("T-001");
  REQUIRE(active.size() == 2);
  CHECK(active[0].id == "run-3");
  CHECK(active[1].id == "run-5");

  FlowRunFilter f{.limit = 2};
  std::vector<std::string> ids;
  for (;;) {
    auto page = s.runs.list(f);
    for (const auto& r : page.runs) {
      ids.push_back(r.id);
      CHECK(r.nodes.empty());
    }
    if (!page.next_cursor) break;
    f.cursor = page.next_cursor;
  }
  CHECK(ids == std::vector<std::string>{"run-5", "run-4", "run-3", "run-2", "run-1"});
  CHECK(s.runs.list({.ticket_id = "T-002"}).runs.size() == 2);
  CHECK(s.runs.list({.status = FlowRunStatus::Cancelled}).runs.at(0).id == "run-1");
  CHECK(s.runs.list({.flow_name = "nope"}).runs.empty());
}
