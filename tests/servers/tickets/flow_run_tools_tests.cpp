// sciorex_list_flow_runs and sciorex_get_flow_run (issue 12): the flows runner's records, read by
// agents. The runs are written through the store's own FlowRunRepository, as the runner does.
#include "sciorex/storage/flow_run_repository.hpp"
#include "tickets_test_support.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets::test {

namespace {

const std::string kRunner = "host:1:test";

storage::NewFlowRun run_for(const std::string& ticket, std::int64_t event, const std::string& flow = "Seed") {
  storage::NewFlowRun in;
  in.flow_name = flow;
  in.flow_file = ".sciorex/flows/seed.yaml";
  in.ticket_id = ticket;
  in.trigger_type = "ticketStatusChanged";
  in.trigger_event_id = event;
  in.trigger_json = R"({"type":"ticketStatusChanged","ticket":{"id":")" + ticket + R"("}})";
  return in;
}

struct FlowServer : TicketServer {
  storage::FlowRunRepository runs{store.writer()};
  FlowServer() {
    create("First");
    create("Second");
    runs.register_runner({kRunner, "host", 1});
  }
};

}  // namespace

TEST_CASE("an agent lists the runs of flows, newest first, by ticket, flow and status", "[tickets][flows]") {
  FlowServer s;
  s.runs.claim(run_for("T-001", 1), kRunner);
  s.runs.claim(run_for("T-002", 2), kRunner);
  s.runs.claim(run_for("T-001", 3, "Other"), kRunner);
  s.runs.finish("run-1", storage::FlowRunStatus::Failed, "the reviewer failed twice");

  json all = s.ok("sciorex_list_flow_runs");
  CHECK(all["count"] == 3);
  CHECK(all["runs"][0]["runId"] == "run-3");
  CHECK(all["runs"][2]["status"] == "failed");
  CHECK(all["runs"][2]["error"] == "the reviewer failed twice");

  json mine = s.ok("sciorex_list_flow_runs", {{"ticketId", "T-001"}});
  CHECK(mine["count"] == 2);
  CHECK(s.ok("sciorex_list_flow_runs", {{"flow", "Other"}})["runs"][0]["runId"] == "run-3");
  CHECK(s.ok("sciorex_list_flow_runs", {{"status", "running"}})["count"] == 2);

  json page = s.ok("sciorex_list_flow_runs", {{"limit", 2}});
  CHECK(page["count"] == 2);
  REQUIRE(page.contains("nextCursor"));
  json rest = s.ok("sciorex_list_flow_runs", {{"limit", 2}, {"cursor", page["nextCursor"]}});
  CHECK(rest["runs"][0]["runId"] == "run-1");
  CHECK_FALSE(rest.contains("nextCursor"));

  const std::string text = s.text(s.call("sciorex_list_flow_runs", {{"ticketId", "T-002"}}));
  CHECK_THAT(text, Catch::Contains("run-2 Seed on T-002: running (attempt 1)"));
  CHECK_THAT(s.text(s.call("sciorex_list_flow_runs", {{"ticketId", "T-099"}})),
             Catch::Contains("No flow run"));
  CHECK_THAT(s.error("sciorex_list_flow_runs", {{"status", "done"}}), Catch::Contains("not one of"));
  CHECK_THAT(s.error("sciorex_list_flow_runs", {{"cursor", "x"}}), Catch::Contains("Invalid cursor"));
}

TEST_CASE("an agent reads a run's nodes: agent, status, output as JSON, session and log",
          "[tickets][flows]") {
  FlowServer s;
  const std::string id = s.runs.claim(run_for("T-001", 1), kRunner)->id;
  const int plan = s.runs.begin_node(id, {"plan", "agent", 1, "technical-planner", "Plan T-001"}, kRunner);
  s.runs.finish_node(id, plan,
                     {storage::FlowNodeStatus::Succeeded, R"({"passed":true,"text":"ok"})", 0, "sess-1",
                      ".sciorex/runs/run-1/1-plan.log", std::nullopt},
                     kRunner);
  const int review = s.runs.begin_node(id, {"review", "agent", 2, "code-reviewer", "Review T-001"}, kRunner);
  s.runs.set_node_status(id, review, storage::FlowNodeStatus::WaitingForInput, kRunner);

  json r = s.ok("sciorex_get_flow_run", {{"runId", id}});
  CHECK(r["flow"] == "Seed");
  CHECK(r["ticketId"] == "T-001");
  CHECK(r["status"] == "running");
  CHECK(r["trigger"]["eventId"] == 1);
  CHECK(r["trigger"]["context"]["ticket"]["id"] == "T-001");
  REQUIRE(r["nodes"].size() == 2);
  CHECK(r["nodes"][0]["agent"] == "technical-planner");
  CHECK(r["nodes"][0]["output"]["passed"] == true);
  CHECK(r["nodes"][0]["exitCode"] == 0);
  CHECK(r["nodes"][0]["sessionId"] == "sess-1");
  CHECK(r["nodes"][0]["logPath"] == ".sciorex/runs/run-1/1-plan.log");
  CHECK(r["nodes"][1]["status"] == "waiting_for_input");
  CHECK(r["nodes"][1]["iteration"] == 2);
  CHECK(r["nodes"][1]["output"].is_null());

  const std::string text = s.text(s.call("sciorex_get_flow_run", {{"runId", id}}));
  CHECK_THAT(text, Catch::Contains("1. plan (agent technical-planner): succeeded, exit 0, session sess-1"));
  CHECK_THAT(text, Catch::Contains("2. review (agent code-reviewer, iteration 2): waiting_for_input"));
  CHECK_THAT(s.error("sciorex_get_flow_run", {{"runId", "run-99"}}), Catch::Contains("not found"));
}

TEST_CASE("a run with huge inputs and outputs is cut to the answer's budget, the cut fields named",
          "[tickets][flows][budget]") {
  FlowServer s;
  const std::string id = s.runs.claim(run_for("T-001", 1), kRunner)->id;
  const std::string big(400'000, 'x');
  for (int i = 0; i < 3; ++i) {
    const int n = s.runs.begin_node(id, {"plan", "agent", i + 1, "planner", big}, kRunner);
    s.runs.finish_node(id, n, {storage::FlowNodeStatus::Succeeded, "\"" + big + "\"", 0}, kRunner);
  }
  json whole = s.call("sciorex_get_flow_run", {{"runId", id}});
  REQUIRE_FALSE(whole.value("isError", false));
  CHECK(whole.dump().size() < kMaxAnswerChars + 2'000);  // the result's own envelope aside
  const json& node = whole["structuredContent"]["nodes"][0];
  CHECK(node["truncated"] == json::array({"input", "output"}));
  CHECK(node["output"].is_null());
  CHECK(node["input"].get<std::string>().size() < big.size());
  // A small run comes whole.
  const std::string small = s.runs.claim(run_for("T-002", 2), kRunner)->id;
  const int n = s.runs.begin_node(small, {"plan", "agent", 1, "planner", "short"}, kRunner);
  s.runs.finish_node(small, n, {storage::FlowNodeStatus::Succeeded, R"({"a":1})"}, kRunner);
  const json got = s.ok("sciorex_get_flow_run", {{"runId", small}});
  CHECK_FALSE(got["nodes"][0].contains("truncated"));
  CHECK(got["nodes"][0]["input"] == "short");
}

}  // namespace sciorex::tickets::test
