// The engine's fix loop and its bound, and resuming a run whose runner went away
// (servers/flows/engine.hpp): a jump back re-runs the nodes from its target with their iteration
// counting up; a node that would run more than maxIterations times fails the run; a taken-over run
// continues from the interrupted node with the outputs of the nodes that finished before it.
#include "engine_fixture.hpp"

using nlohmann::json;
using sciorex::flows::AgentCall;
using sciorex::flows::AgentOutcome;
using sciorex::flows::Engine;
using namespace sciorex::flows::testing;
namespace storage = sciorex::storage;

namespace {

const char* const kFailedReview =
    "Missing tests for large files.\n{\"passed\": false, \"issues\": [\"tests\"]}";
const char* const kPassedReview = "Now complete.\n{\"passed\": true}";

// Thrown by a scripted turn to stand for the runner process dying mid-node: not an agent's failure
// (which the launcher reports as an outcome), so it goes through the engine untouched.
struct RunnerDied {};

}  // namespace

TEST_CASE("the fix loop: a failed review sends the ticket back to the developer", "[flows][engine][loop]") {
  EngineStore s;
  s.launcher.script("technical-planner", {ScriptedLauncher::says("the plan")});
  s.launcher.script("feature-developer",
                    {ScriptedLauncher::says("first try"), ScriptedLauncher::says("fixed")});
  s.launcher.script("code-reviewer",
                    {ScriptedLauncher::says(kFailedReview), ScriptedLauncher::says(kPassedReview)});

  const storage::FlowRun run = s.run(seed_flow(), seed_definitions());
  CHECK(run.status == storage::FlowRunStatus::Succeeded);
  const auto stored = s.runs.get(run.id);
  CHECK(node_trail(stored) == std::vector<std::string>{"plan#1:succeeded", "implement#1:succeeded",
                                                       "review#1:succeeded", "checkPassed#1:succeeded",
                                                       "implement#2:succeeded", "review#2:succeeded",
                                                       "checkPassed#2:succeeded", "markDone#1:succeeded"});
  CHECK(node_output(stored.nodes[3]) == json{{"result", false}});
  CHECK(node_output(stored.nodes[6]) == json{{"result", true}});
  const auto calls = s.launcher.calls();
  REQUIRE(calls.size() == 5);
  CHECK(calls[3].node_id == "implement");
  CHECK(calls[3].iteration == 2);
  CHECK(calls[3].input == calls[1].input);  // the same plan, read again
  CHECK(s.tickets.get(s.ticket_id).status == storage::TicketStatus::Done);
}

TEST_CASE("a loop that does not converge fails the run at maxIterations", "[flows][engine][loop]") {
  EngineStore s;
  s.launcher.script("technical-planner", {ScriptedLauncher::says("the plan")});
  s.launcher.script("feature-developer", {ScriptedLauncher::says("another try")});
  s.launcher.script("code-reviewer", {ScriptedLauncher::says(kFailedReview)});

  const storage::FlowRun run = s.run(seed_flow(), seed_definitions());
  CHECK(run.status == storage::FlowRunStatus::Failed);
  CHECK_THAT(run.error.value_or(""), Catch::Contains("node 'implement' would run a 4th time") &&
                                         Catch::Contains("maxIterations (3)"));
  const auto trail = node_trail(s.runs.get(run.id));
  REQUIRE(trail.size() == 10);
  CHECK(trail.back() == "checkPassed#3:succeeded");
  CHECK(std::count(trail.begin(), trail.end(), "implement#3:succeeded") == 1);
  const auto called = s.launcher.nodes_called();
  CHECK(std::count(called.begin(), called.end(), "implement") == 3);
  CHECK(s.tickets.get(s.ticket_id).status == storage::TicketStatus::InProgress);
}

TEST_CASE("a run taken over after its runner died continues from the interrupted node",
          "[flows][engine][resume]") {
  EngineStore s;
  s.launcher.script("technical-planner", {ScriptedLauncher::says("the plan")});
  s.launcher.script("code-reviewer",
                    {ScriptedLauncher::says(kFailedReview), ScriptedLauncher::says(kPassedReview)});

  SECTION("interrupted in its first pass: the plan is not made again") {
    s.launcher.script("feature-developer",
                      {[](const AgentCall&, const std::atomic<bool>&) -> AgentOutcome { throw RunnerDied{}; },
                       ScriptedLauncher::says("done now")});
  }
  SECTION("interrupted in the fix loop: the loop goes on from its iteration") {
    s.launcher.script("feature-developer",
                      {ScriptedLauncher::says("first try"),
                       [](const AgentCall&, const std::atomic<bool>&) -> AgentOutcome { throw RunnerDied{}; },
                       ScriptedLauncher::says("fixed")});
  }
  const std::atomic<bool> no{false};
  const std::string run_id = s.claim(seed_flow()).id;
  CHECK_THROWS_AS(s.execute(seed_flow(), seed_definitions(), run_id, no), RunnerDied);
  const int calls_before = static_cast<int>(s.launcher.calls().size());
  const int implement_iteration = s.launcher.calls().back().iteration;

  // The runner is gone; another takes the run over and retries it (onInterrupt: retry).
  s.runs.unregister_runner(s.runner);
  const std::string next = "test-host:2:engine";
  s.runs.register_runner({next, "test-host", 2});
  const auto taken = s.runs.take_orphaned_runs(next, std::chrono::seconds(10));
  REQUIRE(taken.size() == 1);
  CHECK(taken[0].status == storage::FlowRunStatus::Interrupted);
  CHECK(s.runs.resume(run_id, next).attempt == 2);

  Engine engine(s.db, s.launcher, next);
  const storage::FlowRun run = engine.execute(seed_flow(), seed_definitions(), run_id, no);
  CHECK(run.status == storage::FlowRunStatus::Succeeded);
  const auto calls = s.launcher.calls();
  REQUIRE(calls.size() > static_cast<std::size_t>(calls_before));
  const auto& resumed = calls[static_cast<std::size_t>(calls_before)];
  CHECK(resumed.node_id == "implement");  // not plan: its output came from the records
  CHECK(resumed.iteration == implement_iteration);
  CHECK(resumed.input.find("the plan") != std::string::npos);
  const auto trail = node_trail(s.runs.get(run_id));
  CHECK(std::count(trail.begin(), trail.end(), "plan#1:succeeded") == 1);
  CHECK(std::count(trail.begin(), trail.end(),
                   "implement#" + std::to_string(implement_iteration) + ":interrupted") == 1);
  CHECK(trail.back() == "markDone#1:succeeded");
  CHECK(s.tickets.get(s.ticket_id).status == storage::TicketStatus::Done);
}

TEST_CASE("resuming after a node that finished goes on to the node after it", "[flows][engine][resume]") {
  EngineStore s;
  s.launcher.script("feature-developer", {ScriptedLauncher::says("fixed")});
  s.launcher.script("code-reviewer", {ScriptedLauncher::says(kPassedReview)});
  const std::string run_id = s.claim(seed_flow()).id;
  // The records a runner left when it died right after checkPassed said false: the engine must
  // follow onFalse back to implement, as iteration 2.
  const auto record = [&](const std::string& id, const std::string& type, const json& output) {
    const int seq = s.runs.begin_node(run_id, {id, type, 1, std::nullopt, ""}, s.runner);
    s.runs.finish_node(run_id, seq, {storage::FlowNodeStatus::Succeeded, output.dump(), 0, {}, {}, {}},
                       s.runner);
  };
  record("plan", "agent", "the plan");
  record("implement", "agent", "first try");
  record("review", "agent", json::parse(R"({"passed": false, "text": "no"})"));
  record("checkPassed", "condition", {{"result", false}});
  s.runs.unregister_runner(s.runner);
  const std::string next = "test-host:3:engine";
  s.runs.register_runner({next, "test-host", 3});
  REQUIRE(s.runs.take_orphaned_runs(next, std::chrono::seconds(10)).size() == 1);
  s.runs.resume(run_id, next);

  const std::atomic<bool> no{false};
  const storage::FlowRun run =
      Engine(s.db, s.launcher, next).execute(seed_flow(), seed_definitions(), run_id, no);
  CHECK(run.status == storage::FlowRunStatus::Succeeded);
  const auto calls = s.launcher.calls();
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].node_id == "implement");
  CHECK(calls[0].iteration == 2);
  CHECK(calls[0].input.find("the plan") != std::string::npos);
  CHECK(node_trail(s.runs.get(run_id)).back() == "markDone#1:succeeded");
}
