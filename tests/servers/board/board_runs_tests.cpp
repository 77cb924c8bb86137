// The Runs section's route (issue 12): GET /api/tickets/:id/runs answers the flows runner's records
// of a ticket, newest first, each with its nodes; a run's change reaches the live feed as a
// flow_run event (the page reads the runs again on it).
#include "board_fixture.hpp"
#include "sciorex/storage/flow_run_repository.hpp"

namespace sciorex::board_test {

namespace {

const std::string kRunner = "host:7:board";

storage::NewFlowRun flow_run_of(const std::string& ticket, std::int64_t event) {
  storage::NewFlowRun in;
  in.flow_name = "Seed pipeline";
  in.flow_file = ".sciorex/flows/seed.yaml";
  in.ticket_id = ticket;
  in.trigger_type = "ticketStatusChanged";
  in.trigger_event_id = event;
  return in;
}

}  // namespace

TEST_CASE("a ticket's runs, newest first, with each node's agent, status and session", "[board][runs]") {
  BoardFixture f;
  storage::FlowRunRepository runs(f.other);
  runs.register_runner({kRunner, "host", 7});
  const auto t = f.tickets.create(ticket("Automated"), f.agent());
  const auto other = f.tickets.create(ticket("Elsewhere"), f.agent());
  CHECK(f.get("/api/tickets/" + t.id + "/runs").json_body()["runs"] == json::array());

  const std::string first = runs.claim(flow_run_of(t.id, 1), kRunner)->id;
  const int plan = runs.begin_node(first, {"plan", "agent", 1, "technical-planner", "Plan it"}, kRunner);
  runs.finish_node(first, plan, {storage::FlowNodeStatus::Succeeded, R"({"text":"plan"})", 0, "sess-9"},
                   kRunner);
  const int review = runs.begin_node(first, {"review", "agent", 1, "code-reviewer", "Review it"}, kRunner);
  runs.set_node_status(first, review, storage::FlowNodeStatus::WaitingForInput, kRunner);
  const std::string second = runs.claim(flow_run_of(t.id, 2), kRunner)->id;
  runs.finish(second, storage::FlowRunStatus::Failed, "the agent exited with 1");
  runs.claim(flow_run_of(other.id, 3), kRunner);

  auto r = f.get("/api/tickets/" + t.id + "/runs");
  REQUIRE(r.status == 200);
  const json j = r.json_body();
  REQUIRE(j["runs"].size() == 2);
  CHECK(j["more"] == false);
  CHECK(j["runs"][0]["runId"] == second);
  CHECK(j["runs"][0]["status"] == "failed");
  CHECK(j["runs"][0]["error"] == "the agent exited with 1");
  const json& run = j["runs"][1];
  CHECK(run["flow"] == "Seed pipeline");
  CHECK(run["attempt"] == 1);
  REQUIRE(run["nodes"].size() == 2);
  CHECK(run["nodes"][0]["agent"] == "technical-planner");
  CHECK(run["nodes"][0]["sessionId"] == "sess-9");
  CHECK(run["nodes"][1]["status"] == "waiting_for_input");

  CHECK(f.get("/api/tickets/" + t.id + "/runs?limit=1").json_body()["more"] == true);
  CHECK(f.get("/api/tickets/T-404/runs").status == 404);
  CHECK(f.get("/api/tickets/" + t.id + "/runs?limit=0").status == 400);
  CHECK(f.get("/api/tickets/" + t.id + "/runs?colour=red").status == 400);
}

TEST_CASE("a run's change reaches the live feed as a flow_run event", "[board][runs][live]") {
  BoardFixture f;
  storage::FlowRunRepository runs(f.other);
  runs.register_runner({kRunner, "host", 7});
  const auto t = f.tickets.create(ticket("Automated"), f.agent());
  SseReader sse(f.port, "/api/events");
  REQUIRE(sse.wait_for("retry: 1000", std::chrono::seconds(2)));
  const std::string id = runs.claim(flow_run_of(t.id, 1), kRunner)->id;
  REQUIRE(sse.wait_for("\"entityType\":\"flow_run\"", std::chrono::seconds(2)));
  CHECK(sse.text().find("\"entityId\":\"" + id + "\"") != std::string::npos);
  // and the ticket's history says so, by the flow
  CHECK(sse.text().find("\"id\":\"flow:Seed pipeline\"") != std::string::npos);
}

}  // namespace sciorex::board_test
