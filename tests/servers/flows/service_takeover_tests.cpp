// The serving runner when runs outlive their runner or their ticket: a dead runner's runs are taken
// over (onInterrupt: retry resumes them, fail fails them, a flow that no longer exists fails them),
// a runner that stops leaves its runs for the next one, a cancelled or deleted ticket cancels its
// run and stops its agent.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "service_support.hpp"

namespace sciorex::flows::service_test {
namespace {

using storage::FlowRunStatus;
using storage::TicketStatus;

storage::Actor takeover_person() { return storage::Actor::user("default"); }

std::string takeover_ticket(storage::Database& db, const std::string& title) {
  storage::NewTicket t;
  t.title = title;
  t.status = TicketStatus::Planned;
  return storage::TicketRepository(db).create(t, takeover_person()).id;
}

// A run of `flow` held by a runner that registered once and never beat again, stopped in its
// first node: what a runner killed mid-run leaves.
std::string dead_runners_run(storage::Database& db, const std::string& flow, const std::string& ticket) {
  storage::FlowRunRepository repo(db);
  const std::string dead = "deadhost:1:dead";
  repo.register_runner({dead, "deadhost", 1});
  storage::NewFlowRun in;
  in.flow_name = flow;
  in.flow_file = ".sciorex/flows/x.yaml";
  in.ticket_id = ticket;
  in.trigger_type = "ticketStatusChanged";
  in.trigger_event_id = storage::EventFeed(db).last_event_id();
  in.trigger_json = nlohmann::json{{"type", "ticketStatusChanged"}, {"ticket", {{"id", ticket}}}}.dump();
  auto run = repo.claim(in, dead);
  REQUIRE(run);
  storage::NewFlowNodeRun node;
  node.node_id = "plan";
  node.node_type = "agent";
  node.agent = "planner";
  node.input = "Plan " + ticket;
  repo.begin_node(run->id, node, dead);
  return run->id;
}

storage::FlowRun wait_finished(storage::Database& db, const std::string& run_id) {
  storage::FlowRunRepository repo(db);
  REQUIRE(testing::poll_until([&] { return finished(repo.get(run_id)); }, 20s));
  return repo.get(run_id);
}

}  // namespace

TEST_CASE("the runs of a runner that went away are retried or failed as their flows say",
          "[flows][service]") {
  Workspace ws;
  ws.write("flows/retry.yaml", one_agent_flow("Retry flow", "backlog", "planned", "onInterrupt: retry\n"));
  ws.write("flows/fail.yaml", one_agent_flow("Fail flow", "backlog", "planned"));
  storage::Database db(ws.db_path());
  const std::string t1 = takeover_ticket(db, "Retried");
  const std::string retried = dead_runners_run(db, "Retry flow", t1);
  const std::string t2 = takeover_ticket(db, "Failed");
  const std::string failed = dead_runners_run(db, "Fail flow", t2);
  const std::string t3 = takeover_ticket(db, "Orphan of a removed flow");
  const std::string gone = dead_runners_run(db, "Removed flow", t3);

  ScriptedLauncher agent;
  Serving serving(ws.sciorex(), db, agent, quick_options());

  const auto r1 = wait_finished(db, retried);
  CHECK(r1.status == FlowRunStatus::Succeeded);
  CHECK(r1.attempt == 2);
  CHECK(r1.runner_id == serving.service().runner_id());
  REQUIRE(r1.nodes.size() >= 2);
  CHECK(r1.nodes.front().status == storage::FlowNodeStatus::Interrupted);
  CHECK(r1.nodes.back().node_id == "plan");
  CHECK(r1.nodes.back().status == storage::FlowNodeStatus::Succeeded);

  const auto r2 = wait_finished(db, failed);
  CHECK(r2.status == FlowRunStatus::Failed);
  CHECK(r2.error == "interrupted: its runner went away");
  CHECK(r2.attempt == 1);

  const auto r3 = wait_finished(db, gone);
  CHECK(r3.status == FlowRunStatus::Failed);
  REQUIRE(r3.error);
  CHECK_THAT(*r3.error, Catch::Contains("'Removed flow' no longer exists"));

  // Only the retried run ran an agent, once.
  CHECK(agent.calls() == std::vector<std::string>{retried + "/plan"});
}

TEST_CASE("a runner that stops stops its agents and leaves their runs to the next runner",
          "[flows][service]") {
  Workspace ws;
  ws.write("flows/retry.yaml",
           one_agent_flow("Retry flow", "planned", "in_progress", "onInterrupt: retry\n"));
  storage::Database db(ws.db_path());
  ScriptedLauncher agent;
  agent.hold(true);
  auto first = std::make_unique<Serving>(ws.sciorex(), db, agent, quick_options());
  REQUIRE(testing::poll_until([&] { return ready(first->service(), db); }, 10s));
  const std::string first_id = first->service().runner_id();

  const std::string id = takeover_ticket(db, "Interrupted by a stop");
  storage::TicketRepository(db).change_status(id, TicketStatus::InProgress, takeover_person());
  REQUIRE(agent.started.wait(1, 20s));
  first->halt();
  CHECK(agent.cancels.count() == 1);  // its agent was stopped
  auto runs = runs_of(db, id);
  REQUIRE(runs.size() == 1);
  CHECK(runs.front().status == FlowRunStatus::Running);  // neither failed nor cancelled
  CHECK(runs.front().runner_id == first_id);
  first.reset();

  agent.hold(false);
  Serving second(ws.sciorex(), db, agent, quick_options());
  const auto run = wait_finished(db, runs.front().id);
  CHECK(run.status == FlowRunStatus::Succeeded);
  CHECK(run.attempt == 2);
  CHECK(run.runner_id == second.service().runner_id());
  CHECK(agent.calls().size() == 2);
  CHECK(runs_of(db, id).size() == 1);
}

TEST_CASE("a ticket cancelled or deleted while its run is going cancels the run", "[flows][service]") {
  Workspace ws;
  ws.write("flows/one.yaml", one_agent_flow("One", "planned", "in_progress"));
  storage::Database db(ws.db_path());
  ScriptedLauncher agent;
  agent.hold(true);
  Serving serving(ws.sciorex(), db, agent, quick_options());
  REQUIRE(testing::poll_until([&] { return ready(serving.service(), db); }, 10s));
  storage::TicketRepository tickets(db);

  SECTION("cancelled") {
    const std::string id = takeover_ticket(db, "To be cancelled");
    tickets.change_status(id, TicketStatus::InProgress, takeover_person());
    REQUIRE(agent.started.wait(1, 20s));
    tickets.change_status(id, TicketStatus::Cancelled, takeover_person());
    REQUIRE(agent.cancels.wait(1, 20s));
    const auto runs = runs_of(db, id);
    REQUIRE(runs.size() == 1);
    const auto run = wait_finished(db, runs.front().id);
    CHECK(run.status == FlowRunStatus::Cancelled);
  }
  SECTION("deleted") {
    const std::string id = takeover_ticket(db, "To be deleted");
    tickets.change_status(id, TicketStatus::InProgress, takeover_person());
    REQUIRE(agent.started.wait(1, 20s));
    tickets.remove(id, takeover_person());
    REQUIRE(agent.cancels.wait(1, 20s));
  }
  // The runner goes on serving: the next ticket's run starts.
  agent.hold(false);
  const std::string next = takeover_ticket(db, "Next");
  tickets.change_status(next, TicketStatus::InProgress, takeover_person());
  REQUIRE(testing::poll_until(
      [&] {
        auto runs = runs_of(db, next);
        return runs.size() == 1 && runs.front().status == FlowRunStatus::Succeeded;
      },
      20s));
}

}  // namespace sciorex::flows::service_test
