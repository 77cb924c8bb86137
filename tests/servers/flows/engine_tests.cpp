// The flow engine (servers/flows/engine.hpp) on a real store with scripted agents: the seed's flow
// runs to done with every node recorded and the ticket's history by `system flow:...`; an agent's
// failures, a template over a node that has not run, cancellation, waiting for a person, and the
// ticket actions.
#include <future>

#include "engine_fixture.hpp"
#include "wait_until.hpp"

using nlohmann::json;
using sciorex::flows::AgentCall;
using sciorex::flows::AgentOutcome;
using sciorex::flows::Definitions;
using sciorex::flows::load_definitions;
using namespace sciorex::flows::testing;
using sciorex::testing::Signal;
namespace storage = sciorex::storage;

namespace {

const char* const kFlowName = "Ticket Development Pipeline";

// The developer's turn: ticks every subtask through the store, as the agent would through
// sciorex-tickets, then answers.
ScriptedLauncher::Turn developer_ticks(storage::Database& db, const std::string& ticket_id) {
  return [&db, ticket_id](const AgentCall&, const std::atomic<bool>&) {
    storage::TicketRepository tickets(db);
    for (const auto& s : tickets.get(ticket_id).subtasks)
      tickets.complete_subtask(ticket_id, {s.id, std::nullopt}, true,
                               storage::Actor::agent("feature-developer"));
    AgentOutcome o;
    o.end = AgentOutcome::End::Finished;
    o.exit_code = 0;
    o.text = "Implemented: endpoint and tests.";
    o.session_id = "sess-dev";
    return o;
  };
}

AgentOutcome outcome(AgentOutcome::End end, std::optional<int> exit_code, std::string text,
                     std::optional<std::string> error = std::nullopt) {
  AgentOutcome o;
  o.end = end;
  o.exit_code = exit_code;
  o.text = std::move(text);
  o.error = std::move(error);
  o.log_path = ".sciorex/runs/run-1/1-plan.log";
  return o;
}

}  // namespace

TEST_CASE("the seed's flow runs to done, each agent's work recorded", "[flows][engine]") {
  EngineStore s;
  s.launcher.script("technical-planner",
                    {ScriptedLauncher::says("1. Create upload endpoint\n2. Write tests", "sess-plan")});
  s.launcher.script("feature-developer", {developer_ticks(s.db, s.ticket_id)});
  s.launcher.script(
      "code-reviewer",
      {ScriptedLauncher::says("All criteria met.\n```json\n{\"passed\": true}\n```", "sess-review")});

  const storage::FlowRun run = s.run(seed_flow(), seed_definitions());
  CHECK(run.status == storage::FlowRunStatus::Succeeded);
  CHECK_FALSE(run.error);
  const storage::FlowRun stored = s.runs.get(run.id);
  CHECK(node_trail(stored) == std::vector<std::string>{"plan#1:succeeded", "implement#1:succeeded",
                                                       "review#1:succeeded", "checkPassed#1:succeeded",
                                                       "markDone#1:succeeded"});
  const auto& n = stored.nodes;
  CHECK(n[0].agent == "technical-planner");
  CHECK(n[0].input == "Create implementation plan for ticket " + s.ticket_id);
  CHECK(node_output(n[0]) == "1. Create upload endpoint\n2. Write tests");
  CHECK(n[0].session_id == "sess-plan");
  CHECK(n[0].exit_code == 0);
  CHECK(n[1].input == "Implement based on this plan:\n1. Create upload endpoint\n2. Write tests\n\nTicket: " +
                          s.ticket_id + "\n");
  CHECK(node_output(n[2])["passed"] == true);
  CHECK(node_output(n[2])["text"] == "All criteria met.\n```json\n{\"passed\": true}\n```");
  CHECK(n[3].input == "nodes.review.output.passed === true");
  CHECK(node_output(n[3]) == json{{"result", true}});
  CHECK(node_output(n[4])["status"] == "done");

  const auto calls = s.launcher.calls();
  REQUIRE(calls.size() == 3);
  CHECK(calls[1].agent == "feature-developer");
  CHECK(calls[1].timeout == std::chrono::seconds(1800));
  CHECK(calls[1].seq == 2);

  const storage::Ticket t = s.tickets.get(s.ticket_id);
  CHECK(t.status == storage::TicketStatus::Done);
  for (const auto& st : t.subtasks) CHECK(st.completed);
  SECTION("the history says which agent did what, and the flow's own steps are by system flow:NAME") {
    const auto mine = s.flow_history(kFlowName);
    CHECK(std::count(mine.begin(), mine.end(), "flow_run_started") == 1);
    CHECK(std::count(mine.begin(), mine.end(), "flow_node_finished") == 5);
    CHECK(std::count(mine.begin(), mine.end(), "status_changed") == 1);
    CHECK(mine.back() == "flow_run_finished");
    bool developer_ticked = false;
    for (const auto& h : t.history)
      developer_ticked =
          developer_ticked || (h.action == "subtask_completed" && h.actor.id == "feature-developer");
    CHECK(developer_ticked);
  }
  SECTION("each agent's conversation is linked to the ticket") {
    std::vector<std::string> linked;
    for (const auto& l : t.sessions) linked.push_back(l.session_id + " " + l.title.value_or(""));
    CHECK(std::find(linked.begin(), linked.end(), "sess-plan flow Ticket Development Pipeline: node plan") !=
          linked.end());
    CHECK(std::find(linked.begin(), linked.end(),
                    "sess-review flow Ticket Development Pipeline: node review") != linked.end());
    CHECK(t.last_session_id == "sess-review");
  }
}

TEST_CASE("an agent that fails fails its node and the run with a clear message", "[flows][engine]") {
  struct Case {
    const char* what;
    AgentOutcome out;
    storage::FlowNodeStatus node_status;
    const char* error;
  };
  using End = AgentOutcome::End;
  const std::vector<Case> cases{
      {"a non-zero exit", outcome(End::Finished, 2, "partial"), storage::FlowNodeStatus::Failed,
       "exited with status 2"},
      {"no answer", outcome(End::Finished, 0, " \n"), storage::FlowNodeStatus::Failed, "printed nothing"},
      {"a timeout", outcome(End::TimedOut, std::nullopt, ""), storage::FlowNodeStatus::TimedOut,
       "timed out after 1800 s"},
      {"a launcher failure", outcome(End::Failed, std::nullopt, "", "runner command 'claude' not found"),
       storage::FlowNodeStatus::Failed, "runner command 'claude' not found"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    EngineStore s;
    s.launcher.script("technical-planner",
                      {[o = c.out](const AgentCall&, const std::atomic<bool>&) { return o; }});
    const storage::FlowRun run = s.run(seed_flow(), seed_definitions());
    CHECK(run.status == storage::FlowRunStatus::Failed);
    REQUIRE(run.error);
    CHECK_THAT(*run.error,
               Catch::StartsWith("node 'plan' (agent technical-planner): ") && Catch::Contains(c.error));
    const auto stored = s.runs.get(run.id);
    REQUIRE(stored.nodes.size() == 1);
    CHECK(stored.nodes[0].status == c.node_status);
    CHECK_THAT(stored.nodes[0].error.value_or(""), Catch::Contains(c.error));
    CHECK(stored.nodes[0].log_path == ".sciorex/runs/run-1/1-plan.log");
    CHECK(s.launcher.nodes_called() == std::vector<std::string>{"plan"});
    CHECK(s.tickets.get(s.ticket_id).status == storage::TicketStatus::InProgress);
  }
  SECTION("a launcher that throws is a failed node, not a crashed runner") {
    EngineStore s;
    s.launcher.script("technical-planner", {[](const AgentCall&, const std::atomic<bool>&) -> AgentOutcome {
                        throw std::runtime_error("fork failed");
                      }});
    const storage::FlowRun run = s.run(seed_flow(), seed_definitions());
    CHECK(run.status == storage::FlowRunStatus::Failed);
    CHECK_THAT(run.error.value_or(""), Catch::Contains("could not be run: fork failed"));
  }
}

TEST_CASE("a template over a node that has not run fails the node and the run", "[flows][engine]") {
  FlowWorkspace ws;
  ws.flow("skip", R"(name: Skip
trigger:
  type: ticketStatusChanged
  toStatus: in_progress
nodes:
  - id: plan
    type: agent
    agent: technical-planner
    input: "Plan {{trigger.ticket.id}}"
  - id: quick
    type: condition
    expression: "nodes.plan.output.quick === true"
    onTrue: implement
  - id: design
    type: agent
    agent: technical-planner
    input: "Design {{trigger.ticket.title}}"
  - id: implement
    type: agent
    agent: feature-developer
    input: "Implement this design: {{nodes.design.output}}"
)");
  const Definitions defs = load_definitions(ws.sciorex_dir());
  REQUIRE(defs.errors.empty());
  EngineStore s;
  s.launcher.script("technical-planner", {ScriptedLauncher::says("Small change.\n{\"quick\": true}")});
  const storage::FlowRun run = s.run(*defs.find_flow("Skip"), defs);
  CHECK(run.status == storage::FlowRunStatus::Failed);
  CHECK_THAT(run.error.value_or(""), Catch::Contains("node 'implement'") &&
                                         Catch::Contains("{{nodes.design.output}}") &&
                                         Catch::Contains("node 'design' has no output"));
  const auto stored = s.runs.get(run.id);
  CHECK(node_trail(stored) ==
        std::vector<std::string>{"plan#1:succeeded", "quick#1:succeeded", "implement#1:failed"});
  CHECK(stored.nodes[2].input == "Implement this design: {{nodes.design.output}}");
  CHECK_THAT(stored.nodes[2].error.value_or(""), Catch::StartsWith("input: "));
  CHECK(s.launcher.nodes_called() == std::vector<std::string>{"plan"});
}

TEST_CASE("cancelling a run stops it at once and records it cancelled", "[flows][engine]") {
  EngineStore s;
  SECTION("while an agent runs: the launcher stops it") {
    Signal started;
    Gate cancelled;
    s.launcher.script("technical-planner", {ScriptedLauncher::says("the plan")});
    s.launcher.script("feature-developer", {[&](const AgentCall&, const std::atomic<bool>& cancel) {
                        started.notify();
                        cancelled.wait();
                        return outcome(
                            cancel.load() ? AgentOutcome::End::Cancelled : AgentOutcome::End::Finished, {},
                            "not cancelled");
                      }});
    std::atomic<bool> cancel{false};
    const std::string run_id = s.claim(seed_flow()).id;
    auto done = std::async(std::launch::async,
                           [&] { return s.execute(seed_flow(), seed_definitions(), run_id, cancel); });
    REQUIRE(started.wait());
    cancel = true;
    cancelled.open();
    const storage::FlowRun run = done.get();
    CHECK(run.status == storage::FlowRunStatus::Cancelled);
    CHECK(node_trail(s.runs.get(run_id)) ==
          std::vector<std::string>{"plan#1:succeeded", "implement#1:cancelled"});
    CHECK(s.launcher.nodes_called() == std::vector<std::string>{"plan", "implement"});
    CHECK(s.tickets.get(s.ticket_id).status == storage::TicketStatus::InProgress);
  }
  SECTION("before it starts: no node runs") {
    const std::atomic<bool> cancel{true};
    const storage::FlowRun run = s.execute(seed_flow(), seed_definitions(), s.claim(seed_flow()).id, cancel);
    CHECK(run.status == storage::FlowRunStatus::Cancelled);
    CHECK(s.runs.get(run.id).nodes.empty());
    CHECK(s.launcher.calls().empty());
  }
}

TEST_CASE("an agent waiting for a person shows its node as waiting for input", "[flows][engine]") {
  EngineStore s;
  std::vector<storage::FlowNodeStatus> seen;
  s.launcher.script("technical-planner", {[&](const AgentCall& call, const std::atomic<bool>&) {
                      call.on_waiting(true);
                      seen.push_back(s.runs.get(call.run_id).nodes.at(call.seq - 1).status);
                      call.on_waiting(false);
                      seen.push_back(s.runs.get(call.run_id).nodes.at(call.seq - 1).status);
                      return outcome(AgentOutcome::End::Failed, {}, "", "stop here");
                    }});
  s.run(seed_flow(), seed_definitions());
  CHECK(seen == std::vector<storage::FlowNodeStatus>{storage::FlowNodeStatus::WaitingForInput,
                                                     storage::FlowNodeStatus::Running});
}

TEST_CASE("ticket actions are made by system flow:NAME; a refused one fails the run", "[flows][engine]") {
  FlowWorkspace ws;
  ws.flow("actions", R"(name: Actions
trigger:
  type: ticketStatusChanged
  toStatus: in_progress
nodes:
  - id: note
    type: ticketAction
    action: addComment
    text: "Started from {{trigger.fromStatus}}"
  - id: tag
    type: ticketAction
    action: addLabel
    label: flow-{{trigger.ticket.priority}}
  - id: tagAgain
    type: ticketAction
    action: addLabel
    label: flow-high
  - id: link
    type: ticketAction
    action: linkResource
    url: "https://example.com/{{trigger.ticket.id}}"
    title: The run
  - id: already
    type: ticketAction
    action: changeStatus
    status: in_progress
  - id: back
    type: ticketAction
    action: changeStatus
    status: backlog
)");
  const Definitions defs = load_definitions(ws.sciorex_dir());
  REQUIRE(defs.errors.empty());
  EngineStore s;
  const storage::FlowRun run = s.run(defs.flows.at(0), defs);
  const storage::Ticket t = s.tickets.get(s.ticket_id);
  REQUIRE(t.comments.size() == 1);
  CHECK(t.comments[0].text == "Started from planned");
  CHECK(t.comments[0].author.type == storage::ActorType::System);
  CHECK(t.comments[0].author.id == "flow:Actions");
  CHECK(t.labels == std::vector<std::string>{"flow-high"});
  REQUIRE(t.resources.size() == 1);
  CHECK(t.resources[0].url == "https://example.com/" + s.ticket_id);
  CHECK(t.resources[0].title == "The run");
  const auto stored = s.runs.get(run.id);
  CHECK(node_output(stored.nodes[2])["unchanged"] == true);
  CHECK(node_output(stored.nodes[4])["unchanged"] == true);
  CHECK(json::parse(stored.nodes[0].input)["text"] == "Started from planned");
  CHECK(stored.nodes[5].status == storage::FlowNodeStatus::Failed);
  CHECK(run.status == storage::FlowRunStatus::Failed);
  CHECK_THAT(run.error.value_or(""), Catch::StartsWith("node 'back': ") && Catch::Contains("backlog"));
  CHECK(t.status == storage::TicketStatus::InProgress);
  const auto mine = s.flow_history("Actions");
  CHECK(std::count(mine.begin(), mine.end(), "comment_added") == 1);
  CHECK(std::count(mine.begin(), mine.end(), "updated") == 1);
  CHECK(std::count(mine.begin(), mine.end(), "resource_linked") == 1);
}
