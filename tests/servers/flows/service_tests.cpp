// The serving runner (servers/flows/service.hpp): triggers start their flows once, several runners
// on one store run each flow exactly once, max_runs bounds the runs at once, runs of runners that
// went away are taken over, a cancelled ticket cancels its run, definitions reload. Each test
// serves a workspace in a TempDir with a scripted launcher and waits on the store's records.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <utility>

#include "pipeline_yaml.hpp"
#include "service_support.hpp"

namespace sciorex::flows::service_test {
namespace {

using storage::FlowRunStatus;
using storage::TicketStatus;

storage::Actor person() { return storage::Actor::user("default"); }

std::string planned_ticket(storage::Database& db, const std::string& title,
                           std::vector<std::string> labels = {}) {
  storage::NewTicket t;
  t.title = title;
  t.status = TicketStatus::Planned;
  t.labels = std::move(labels);
  return storage::TicketRepository(db).create(t, person()).id;
}

void start_work(storage::Database& db, const std::string& id) {
  storage::TicketRepository(db).change_status(id, TicketStatus::InProgress, person());
}

}  // namespace

TEST_CASE("a status change starts its flow once and the flow runs to its end", "[flows][service]") {
  Workspace ws;
  ws.write("flows/pipeline.yaml", sciorex::flow_fixtures::two_agent_pipeline("Pipeline"));
  storage::Database db(ws.db_path());
  ScriptedLauncher agent;
  Serving serving(ws.sciorex(), db, agent, quick_options());
  REQUIRE(testing::poll_until([&] { return ready(serving.service(), db); }, 10s));

  const std::string id = planned_ticket(db, "Add the export button");
  start_work(db, id);
  REQUIRE(testing::poll_until(
      [&] {
        auto runs = runs_of(db, id);
        return !runs.empty() && finished(runs.front());
      },
      20s));
  // Once the runner has looked at every event since (the flow's own included), still one run.
  REQUIRE(testing::poll_until([&] { return caught_up(db); }, 10s));
  const auto runs = runs_of(db, id);
  REQUIRE(runs.size() == 1);
  const auto run = storage::FlowRunRepository(db).get(runs.front().id);
  CHECK(run.status == FlowRunStatus::Succeeded);
  CHECK(run.flow_name == "Pipeline");
  CHECK(run.flow_file == ".sciorex/flows/pipeline.yaml");
  CHECK(run.trigger_type == "ticketStatusChanged");
  CHECK(run.runner_id == serving.service().runner_id());
  REQUIRE(run.nodes.size() == 4);
  CHECK(run.nodes[0].node_id == "plan");
  CHECK(run.nodes[3].node_id == "markDone");
  CHECK(storage::TicketRepository(db).get(id).status == TicketStatus::Done);
  CHECK(agent.calls() == std::vector<std::string>{run.id + "/plan", run.id + "/review"});
  // The runner id is host:pid:random.
  CHECK(std::count(run.runner_id->begin(), run.runner_id->end(), ':') >= 2);
}

TEST_CASE("a change its trigger does not match, or its filter refuses, starts nothing", "[flows][service]") {
  Workspace ws;
  ws.write("flows/labelled.yaml",
           one_agent_flow("Backend only", "planned", "in_progress", "  filter:\n    labels: [backend]\n"));
  storage::Database db(ws.db_path());
  ScriptedLauncher agent;
  Serving serving(ws.sciorex(), db, agent, quick_options());
  REQUIRE(testing::poll_until([&] { return ready(serving.service(), db); }, 10s));
  REQUIRE(serving.service().definitions()->errors.empty());

  const std::string unlabelled = planned_ticket(db, "No label");
  start_work(db, unlabelled);  // the right move, but the filter refuses it
  const std::string labelled = planned_ticket(db, "Backend work", {"backend"});
  storage::TicketRepository(db).change_status(labelled, TicketStatus::Backlog, person());  // the wrong move

  REQUIRE(testing::poll_until([&] { return caught_up(db); }, 10s));
  CHECK(all_runs(db).empty());
  CHECK(agent.calls().empty());

  // The same runner then starts the flow for a move that matches.
  const std::string matching = planned_ticket(db, "More backend work", {"backend"});
  start_work(db, matching);
  REQUIRE(testing::poll_until(
      [&] {
        auto runs = runs_of(db, matching);
        return runs.size() == 1 && finished(runs.front());
      },
      20s));
  CHECK(all_runs(db).size() == 1);
}

TEST_CASE("three runners on one store run each flow of each event exactly once", "[flows][service]") {
  Workspace ws;
  ws.write("flows/a.yaml",
           "name: On create A\ntrigger:\n  type: ticketCreated\nnodes:\n  - id: plan\n"
           "    type: agent\n    agent: planner\n    input: \"A {{trigger.ticket.id}}\"\n");
  ws.write("flows/b.yaml",
           "name: On create B\ntrigger:\n  type: ticketCreated\nnodes:\n  - id: plan\n"
           "    type: agent\n    agent: planner\n    input: \"B {{trigger.ticket.id}}\"\n");
  storage::Database db1(ws.db_path());
  storage::Database db2(ws.db_path());
  storage::Database db3(ws.db_path());
  ScriptedLauncher agent;
  Serving r1(ws.sciorex(), db1, agent, quick_options());
  Serving r2(ws.sciorex(), db2, agent, quick_options());
  Serving r3(ws.sciorex(), db3, agent, quick_options());
  REQUIRE(testing::poll_until(
      [&] { return ready(r1.service(), db1) && r2.service().definitions() && r3.service().definitions(); },
      10s));

  storage::Database writer(ws.db_path());
  constexpr int kTickets = 60;
  std::set<std::string> tickets;
  for (int i = 0; i < kTickets; ++i) tickets.insert(planned_ticket(writer, "Ticket " + std::to_string(i)));

  REQUIRE(testing::poll_until(
      [&] {
        const auto runs = all_runs(writer);
        return runs.size() >= 2 * kTickets &&
               std::all_of(runs.begin(), runs.end(), [](const auto& r) { return finished(r); });
      },
      60s, 50ms));
  REQUIRE(testing::poll_until([&] { return caught_up(writer); }, 10s));

  const auto runs = all_runs(writer);
  CHECK(runs.size() == 2 * kTickets);
  std::map<std::pair<std::string, std::int64_t>, int> per_flow_event;
  std::map<std::pair<std::string, std::string>, int> per_flow_ticket;
  std::set<std::string> runners;
  for (const auto& r : runs) {
    CHECK(r.status == FlowRunStatus::Succeeded);
    REQUIRE(r.trigger_event_id.has_value());
    ++per_flow_event[{r.flow_name, *r.trigger_event_id}];
    ++per_flow_ticket[{r.flow_name, r.ticket_id.value_or("")}];
    runners.insert(r.runner_id.value_or(""));
  }
  for (const auto& [key, n] : per_flow_event) CHECK(n == 1);
  CHECK(per_flow_ticket.size() == 2 * tickets.size());
  for (const auto& [key, n] : per_flow_ticket) {
    CHECK(n == 1);
    CHECK(tickets.count(key.second) == 1);
  }
  CHECK(agent.calls().size() == 2 * kTickets);
  for (auto* r : {&r1, &r2, &r3}) CHECK_FALSE(r->threw());
  INFO("runners that ran flows: " << runners.size());
}

TEST_CASE("max_runs bounds how many runs execute at once", "[flows][service]") {
  Workspace ws;
  ws.write("flows/one.yaml", one_agent_flow("One", "planned", "in_progress"));
  storage::Database db(ws.db_path());
  ScriptedLauncher agent;
  agent.hold(true);
  Serving serving(ws.sciorex(), db, agent, quick_options(2));
  REQUIRE(testing::poll_until([&] { return ready(serving.service(), db); }, 10s));

  constexpr int kRuns = 6;
  for (int i = 0; i < kRuns; ++i) start_work(db, planned_ticket(db, "Ticket " + std::to_string(i)));
  // Each agent is released one at a time; the next may start only once one has ended.
  REQUIRE(agent.started.wait(2, 20s));
  for (int released = 1; released <= kRuns; ++released) {
    CHECK(agent.max_running() <= 2);
    agent.release();
    const std::size_t expect = std::min<std::size_t>(released + 2, kRuns);
    REQUIRE(agent.started.wait(expect, 20s));
  }
  REQUIRE(testing::poll_until(
      [&] {
        const auto runs = all_runs(db);
        return runs.size() == kRuns &&
               std::all_of(runs.begin(), runs.end(), [](const auto& r) { return finished(r); });
      },
      20s));
  CHECK(agent.max_running() == 2);
  for (const auto& r : all_runs(db)) CHECK(r.status == FlowRunStatus::Succeeded);
}

}  // namespace sciorex::flows::service_test
