// Flow and agent definitions (servers/flows/definitions.hpp): the seed's files load as written;
// every refusal names its file and line and says why; a bad file leaves the others loaded.
#include <catch2/catch.hpp>

#include "definitions.hpp"
#include "flow_test_files.hpp"

using sciorex::flows::Definitions;
using sciorex::flows::load_definitions;
using sciorex::flows::NodeType;
using sciorex::flows::testing::FlowWorkspace;
namespace storage = sciorex::storage;

namespace {

// A valid flow over the seed's agents; each refusal below replaces one part of it.
const std::string kGoodFlow = R"(name: Good
trigger:
  type: ticketStatusChanged
  toStatus: in_progress
nodes:
  - id: plan
    type: agent
    agent: technical-planner
    input: "Plan {{trigger.ticket.id}}"
  - id: check
    type: condition
    expression: "nodes.plan.output.ok === true"
  - id: done
    type: end
)";

// The line holding the marker `#<` (1-based): where the refusal must point.
int marked_line(const std::string& text) {
  const std::size_t at = text.find("#<");
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

struct Refusal {
  const char* why;  // a part of the message
  std::string text;
};

}  // namespace

TEST_CASE("the seed's flow and its three agents load with no error", "[flows][definitions]") {
  const Definitions defs = load_definitions(sciorex::flows::testing::seed_sciorex_dir());
  for (const auto& e : defs.errors) FAIL(e.to_string());
  REQUIRE(defs.agents.size() == 3);
  REQUIRE(defs.flows.size() == 1);

  const auto* planner = defs.find_agent("technical-planner");
  REQUIRE(planner != nullptr);
  CHECK(defs.find_agent("Technical Planner") == planner);
  CHECK(planner->model == "claude-opus-4-5-20251101");
  CHECK(planner->thinking_level == "think-hard");
  CHECK(planner->mcp_servers == std::vector<std::string>{"sciorex-tickets"});
  CHECK(planner->allowed_tools == std::vector<std::string>{"Read", "Glob", "Grep"});
  CHECK(planner->system_prompt.find("Output a detailed, actionable plan.") != std::string::npos);
  CHECK(defs.find_agent("feature-developer")->mcp_servers ==
        std::vector<std::string>{"sciorex-tickets", "sciorex-interactions"});
  CHECK(defs.find_agent("code-reviewer")->system_prompt.find("\"passed\"") != std::string::npos);

  const auto* flow = defs.find_flow("Ticket Development Pipeline");
  REQUIRE(flow != nullptr);
  CHECK(defs.find_flow("ticket-development-pipeline") == flow);
  CHECK(flow->trigger.type == sciorex::flows::TriggerType::TicketStatusChanged);
  CHECK(flow->trigger.from_status == storage::TicketStatus::Planned);
  CHECK(flow->trigger.to_status == storage::TicketStatus::InProgress);
  CHECK(flow->max_iterations == 3);
  CHECK(flow->on_interrupt == sciorex::flows::OnInterrupt::Fail);
  REQUIRE(flow->nodes.size() == 5);
  CHECK(flow->nodes[1].agent == "feature-developer");
  CHECK(flow->nodes[1].input.paths().front() == std::vector<std::string>{"nodes", "plan", "output"});
  const auto* check = flow->find_node("checkPassed");
  REQUIRE(check != nullptr);
  CHECK(check->type == NodeType::Condition);
  CHECK(check->expression->text() == "nodes.review.output.passed === true");
  CHECK(check->on_false == "implement");
  CHECK_FALSE(check->on_true);
  const auto* done = flow->find_node("markDone");
  CHECK(done->status == storage::TicketStatus::Done);
  CHECK(done->ticket_id.text() == "{{trigger.ticket.id}}");
  CHECK(done->line == 39);
}

TEST_CASE("every refusal names the file and the line and says why", "[flows][definitions]") {
  const std::vector<Refusal> cases{
      {"unknown key 'maxIteration'", "name: X\nmaxIteration: 3 #<\n" + kGoodFlow.substr(11)},
      {"expected a whole number", "name: X\nmaxIterations: many #<\n" + kGoodFlow.substr(11)},
      {"must be 1..100", "name: X\nmaxIterations: 101 #<\n" + kGoodFlow.substr(11)},
      {"neither retry nor fail", "name: X\nonInterrupt: later #<\n" + kGoodFlow.substr(11)},
      {"'name' is written twice", "name: X\nname: Y #<\n" + kGoodFlow.substr(11)},
      {"not valid YAML", "name: X\nfoo: bar: baz #<\n"},
      {"not valid UTF-8", "name: X\ndescription: caf\xc3 #<\n" + kGoodFlow.substr(11)},
      {"'trigger' is missing", "name: X #<\nnodes:\n  - id: a\n    type: end\n"},
      {"'nodes' is missing", "name: X #<\ntrigger:\n  type: manual\n"},
      {"expected a list of at least one node", "name: X\ntrigger:\n  type: manual\nnodes: [] #<\n"},
      {"expected a mapping", "- name: X #<\n"},
      {"'doing' is not one of backlog, planned, in_progress",
       "name: X\ntrigger:\n  type: ticketStatusChanged\n  toStatus: doing #<\nnodes:\n  - id: a\n    type: "
       "end\n"},
      {"would never fire",
       "name: X\ntrigger:\n  type: ticketStatusChanged\n  fromStatus: planned\n  toStatus: done #<\nnodes:\n "
       " - id: a\n "
       "   type: end\n"},
      {"only a ticketStatusChanged trigger has statuses",
       "name: X\ntrigger:\n  type: ticketCreated\n  toStatus: planned #<\nnodes:\n  - id: a\n    type: "
       "end\n"},
      {"'ticketMoved' is not a trigger",
       "name: X\ntrigger:\n  type: ticketMoved #<\nnodes:\n  - id: a\n    type: end\n"},
      {"'urgent' is not one of critical",
       "name: X\ntrigger:\n  type: ticketCreated\n  filter:\n    priority: [high, urgent] #<\nnodes:\n  - "
       "id: a\n    "
       "type: end\n"},
      {"unknown key 'owner'",
       "name: X\ntrigger:\n  type: manual\n  filter:\n    owner: me #<\nnodes:\n  - id: a\n    type: end\n"},
      {"used by an earlier node",
       "name: X\ntrigger:\n  type: manual\nnodes:\n  - id: a\n    type: end\n  - id: a #<\n    type: end\n"},
      {"is not a node id", "name: X\ntrigger:\n  type: manual\nnodes:\n  - id: 'a b' #<\n    type: end\n"},
      {"'loop' is not a node type",
       "name: X\ntrigger:\n  type: manual\nnodes:\n  - id: a\n    type: loop #<\n"},
      {"'type' is missing", "name: X\ntrigger:\n  type: manual\nnodes:\n  - id: a #<\n"},
      {"unknown key 'status' (known: id, type, agent, input, timeout)", ""},  // filled below
      {"no agent 'planner'", kGoodFlow},
      {"there is no node 'fix'", kGoodFlow},
      {"'closeTicket' is not a ticket action", kGoodFlow},
      {"'finished' is not one of", kGoodFlow},
      {"exactly one of url and path", kGoodFlow},
      {"column 33", kGoodFlow},
      {"never closed", kGoodFlow},
      {"there is no node 'planner'", kGoodFlow},
      {"comes after this one", kGoodFlow},
      {"only readable member is its output", kGoodFlow},
      {"a ticketStatusChanged trigger has no 'subtask'", kGoodFlow},
      {"the trigger's ticket has no 'owner'", kGoodFlow},
      {"a path starts with trigger or nodes", kGoodFlow},
      {"'text' is missing", kGoodFlow},
  };
  // The node-level cases: one line of the good flow replaced.
  const std::vector<std::pair<std::string, std::string>> edits{
      {"    agent: technical-planner\n", "    agent: technical-planner\n    status: done #<\n"},
      {"    agent: technical-planner\n", "    agent: planner #<\n"},
      {"    expression: \"nodes.plan.output.ok === true\"\n",
       "    expression: \"nodes.plan.output.ok === true\"\n    onFalse: fix #<\n"},
      {"  - id: done\n    type: end\n", "  - id: done\n    type: ticketAction\n    action: closeTicket #<\n"},
      {"  - id: done\n    type: end\n",
       "  - id: done\n    type: ticketAction\n    action: changeStatus\n    status: finished #<\n"},
      {"  - id: done\n    type: end\n",
       "  - id: done\n    type: ticketAction\n    action: linkResource\n    url: https://x #<\n    path: "
       "a.txt\n"},
      {"    expression: \"nodes.plan.output.ok === true\"\n",
       "    expression: \"nodes.plan.output.ok === true &&\" #<\n"},
      {"    input: \"Plan {{trigger.ticket.id}}\"\n", "    input: \"Plan {{trigger.ticket.id\" #<\n"},
      {"    input: \"Plan {{trigger.ticket.id}}\"\n", "    input: \"Plan {{nodes.planner.output}}\" #<\n"},
      {"    expression: \"nodes.plan.output.ok === true\"\n",
       "    expression: \"nodes.done.output.ok === true\" #<\n"},
      {"    expression: \"nodes.plan.output.ok === true\"\n",
       "    expression: \"nodes.plan.input === 'x'\" #<\n"},
      {"    input: \"Plan {{trigger.ticket.id}}\"\n", "    input: \"Plan {{trigger.subtask.id}}\" #<\n"},
      {"    input: \"Plan {{trigger.ticket.id}}\"\n", "    input: \"Plan {{trigger.ticket.owner}}\" #<\n"},
      {"    expression: \"nodes.plan.output.ok === true\"\n", "    expression: \"env.HOME === 'x'\" #<\n"},
      {"  - id: done\n    type: end\n", "  - id: done #<\n    type: ticketAction\n    action: addComment\n"},
  };
  std::vector<Refusal> all;
  for (const Refusal& r : cases)
    if (r.text != kGoodFlow && !r.text.empty()) all.push_back(r);
  std::size_t next_edit = 0;
  for (const Refusal& r : cases) {
    if (r.text == kGoodFlow || r.text.empty()) {
      REQUIRE(next_edit < edits.size());
      std::string text = kGoodFlow;
      const auto& [from, to] = edits[next_edit++];
      const std::size_t at = text.find(from);
      REQUIRE(at != std::string::npos);
      text.replace(at, from.size(), to);
      all.push_back({r.why, text});
    }
  }
  CHECK(next_edit == edits.size());

  for (const Refusal& r : all) {
    CAPTURE(r.why, r.text);
    FlowWorkspace ws;
    ws.flow("bad", r.text);
    ws.flow("good", "name: Other\n" + kGoodFlow.substr(11));
    const Definitions defs = load_definitions(ws.sciorex_dir());
    REQUIRE(defs.errors.size() == 1);
    const auto& e = defs.errors.front();
    CHECK(e.file == ws.sciorex_dir() / "flows" / "bad.yaml");
    CHECK(e.line == marked_line(r.text));
    CHECK_THAT(e.message, Catch::Contains(r.why));
    CHECK_THAT(e.to_string(), Catch::StartsWith(e.file.string() + ":" + std::to_string(e.line) + ": "));
    // The bad file is refused alone: the good flow and the agents are loaded.
    CHECK(defs.flows.size() == 1);
    CHECK(defs.agents.size() == 3);
  }
}

TEST_CASE("agents: the seed's keys only, and only our own servers", "[flows][definitions]") {
  const std::vector<Refusal> cases{
      {"'github' is not a server the flows runner can start",
       "name: A\nmcpServers:\n  - sciorex-tickets\n  - github #<\n"},
      {"unknown key 'tools'", "name: A\ntools: [Read] #<\n"},
      {"'think-a-lot' is not a level", "name: A\nthinkingLevel: think-a-lot #<\n"},
      {"'name' is missing", "description: nameless #<\n"},
      {"expected a list of names", "name: A\nallowedTools: Read #<\n"},
      {"expected text", "name: [A] #<\n"},
  };
  for (const Refusal& r : cases) {
    CAPTURE(r.why, r.text);
    FlowWorkspace ws;
    ws.agent("extra", r.text);
    const Definitions defs = load_definitions(ws.sciorex_dir());
    REQUIRE(defs.errors.size() == 1);
    CHECK(defs.errors[0].file == ws.sciorex_dir() / "agents" / "extra.yaml");
    CHECK(defs.errors[0].line == marked_line(r.text));
    CHECK_THAT(defs.errors[0].message, Catch::Contains(r.why));
    CHECK(defs.agents.size() == 3);
  }
  SECTION("a second agent with a name already taken is refused") {
    FlowWorkspace ws;
    ws.agent("zz-planner", "name: Technical Planner\n");
    const Definitions defs = load_definitions(ws.sciorex_dir());
    REQUIRE(defs.errors.size() == 1);
    CHECK_THAT(defs.errors[0].message, Catch::Contains("already the agent"));
  }
}

TEST_CASE("the optional parts of a flow load as written", "[flows][definitions]") {
  FlowWorkspace ws;
  ws.flow("full", R"(name: Full
description: Every option
maxIterations: 5
onInterrupt: retry
nodeTimeout: 600
trigger:
  type: subtaskCompleted
  filter:
    type: bug
    priority: [critical, high]
    labels: backend
    epicId: E-001
nodes:
  - id: plan
    type: agent
    agent: Technical Planner
    input: "Subtask {{trigger.subtask.title}} of {{trigger.ticket.id}}"
    timeout: 60
  - id: note
    type: ticketAction
    action: addComment
    text: "Plan: {{nodes.plan.output}}"
  - id: tag
    type: ticketAction
    action: addLabel
    ticketId: "{{trigger.ticket.id}}"
    label: planned-by-flow
  - id: link
    type: ticketAction
    action: linkResource
    path: docs/plan.md
    title: The plan
    kind: doc
  - id: stop
    type: end
)");
  const Definitions defs = load_definitions(ws.sciorex_dir());
  for (const auto& e : defs.errors) FAIL(e.to_string());
  REQUIRE(defs.flows.size() == 1);
  const auto& f = defs.flows[0];
  CHECK(f.description == "Every option");
  CHECK(f.max_iterations == 5);
  CHECK(f.on_interrupt == sciorex::flows::OnInterrupt::Retry);
  CHECK(f.node_timeout == std::chrono::seconds(600));
  CHECK(f.trigger.type == sciorex::flows::TriggerType::SubtaskCompleted);
  CHECK(f.trigger.filter.types == std::vector<storage::TicketType>{storage::TicketType::Bug});
  CHECK(f.trigger.filter.priorities ==
        std::vector<storage::Priority>{storage::Priority::Critical, storage::Priority::High});
  CHECK(f.trigger.filter.labels == std::vector<std::string>{"backend"});
  CHECK(f.trigger.filter.epic_id == "E-001");
  CHECK(f.nodes[0].agent == "technical-planner");  // named by `name`, resolved to the key
  CHECK(f.nodes[0].timeout == std::chrono::seconds(60));
  CHECK(f.nodes[1].action == sciorex::flows::TicketActionKind::AddComment);
  CHECK(f.nodes[1].ticket_id.text() == "{{trigger.ticket.id}}");  // the default
  CHECK(f.nodes[2].label.text() == "planned-by-flow");
  CHECK(f.nodes[3].path.text() == "docs/plan.md");
  CHECK(f.nodes[3].url.empty());
  CHECK(f.nodes[4].type == NodeType::End);
}

TEST_CASE("missing folders are no error; two flows may not share a name", "[flows][definitions]") {
  sciorex::testing::TempDir empty("flows");
  const Definitions none = load_definitions(empty.path() / ".sciorex");
  CHECK(none.flows.empty());
  CHECK(none.errors.empty());

  FlowWorkspace ws;
  ws.flow("a", kGoodFlow);
  ws.flow("b", kGoodFlow);
  const Definitions defs = load_definitions(ws.sciorex_dir());
  CHECK(defs.flows.size() == 1);
  REQUIRE(defs.errors.size() == 1);
  CHECK(defs.errors[0].file.filename() == "b.yaml");
  CHECK_THAT(defs.errors[0].message, Catch::Contains("already the flow"));
}
