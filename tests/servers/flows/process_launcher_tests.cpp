// The process launcher with a scripted agent command (flows.runner = a shell script): what the
// agent printed becomes the outcome, its failures become clear errors, its output lands in its
// log file, and a question it asks makes the node wait for input.
#include <catch2/catch.hpp>
#include <future>
#include <nlohmann/json.hpp>

#include "launcher_fixture.hpp"
#include "sciorex/storage/interaction_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "wait_until.hpp"

using namespace sciorex;
using namespace sciorex::flows_test;
using OutcomeEnd = flows::AgentOutcome::End;

TEST_CASE("a runner's JSON result and session id are the agent's outcome", "[flows][launcher]") {
  LauncherFixture f;
  f.use_script(R"(printf 'thinking...\n{"result": "The plan:\\n1. upload", "session_id": "sess-42"}\n')");
  const auto o = f.run();
  CHECK(o.end == OutcomeEnd::Finished);
  CHECK(o.exit_code == 0);
  CHECK(o.text == "The plan:\n1. upload");
  CHECK(o.session_id == "sess-42");
  CHECK_FALSE(o.error);
}

TEST_CASE("a runner's plain output is the agent's text, JSON at its end included", "[flows][launcher]") {
  LauncherFixture f;
  f.use_script(R"(echo "Looks good."; echo '{"passed": true}')");
  const auto o = f.run();
  CHECK(o.end == OutcomeEnd::Finished);
  CHECK(o.text == "Looks good.\n{\"passed\": true}");
  CHECK_FALSE(o.session_id);
}

TEST_CASE("the runner template's placeholders and the agent's environment", "[flows][launcher]") {
  LauncherFixture f;
  f.use_script(R"(printf '%s|' "$@" > args.txt; pwd > cwd.txt
env | grep -E '^(SCIOREX_|MAX_THINKING|CLAUDE_CODE_SESSION_ID)' | sort > env.txt
read line; echo "stdin: $?" ; echo done)",
               {"{agent}", "{input}", "{model}", "{runId}", "{node}", "{ticket}", "{flow}", "{allowedTools}",
                "--x={thinkingTokens}", "{mcpConfig}", "{}"});
  ::setenv("CLAUDE_CODE_SESSION_ID", "outer-session", 1);
  const auto o = f.run(f.call("Implement it\nwith care"));
  ::unsetenv("CLAUDE_CODE_SESSION_ID");
  REQUIRE(o.end == OutcomeEnd::Finished);
  CHECK(o.text == "stdin: 1\ndone");  // stdin is /dev/null: `read` meets its end at once
  const std::string mcp = (f.settings.runs_dir / "run-1" / "2-implement.mcp.json").string();
  CHECK(
      read_file(f.dir.path() / "args.txt") ==
      "feature-developer|Implement it\nwith care|claude-sonnet-4-5|run-1|implement|T-001|Ticket Development "
      "Pipeline|Read,Bash,mcp__sciorex-tickets,mcp__sciorex-interactions|--x=10000|" +
          mcp + "|{}|");
  CHECK(read_file(f.dir.path() / "cwd.txt") == fs::canonical(f.dir.path()).string() + "\n");
  CHECK(read_file(f.dir.path() / "env.txt") ==
        "MAX_THINKING_TOKENS=10000\nSCIOREX_AGENT=feature-developer\nSCIOREX_DB=" + f.dir.workspace_db() +
            "\nSCIOREX_FLOW_NODE=implement\nSCIOREX_FLOW_RUN=run-1\n");
  // the MCP config starts our two servers from the build on this store, as this agent
  const auto config = nlohmann::json::parse(read_file(mcp));
  REQUIRE(config["mcpServers"].size() == 2);
  const auto& tickets = config["mcpServers"]["sciorex-tickets"];
  CHECK(tickets["command"] == (f.settings.servers_dir / "sciorex-tickets").string());
  CHECK(tickets["args"] == nlohmann::json::array({"--workspace", f.dir.str(), "--db", f.dir.workspace_db()}));
  CHECK(tickets["env"]["SCIOREX_AGENT"] == "feature-developer");
}

TEST_CASE("the agent's stdout and stderr go to its log file under runs/", "[flows][launcher]") {
  LauncherFixture f;
  f.use_script("echo 'to stdout'; echo 'to stderr' >&2; echo 'the end'");
  const auto o = f.run();
  REQUIRE(o.log_path);
  CHECK(fs::path(*o.log_path) == f.log_of(f.call()));
  const std::string log = read_file(*o.log_path);
  CHECK(log.rfind("sciorex-flows: run-1 node implement (agent feature-developer, iteration 1): ", 0) == 0);
  CHECK(log.find("to stdout\n") != std::string::npos);
  CHECK(log.find("to stderr\n") != std::string::npos);
  CHECK(o.text == "to stdout\nthe end");  // stderr is in the log, never in the text
}

TEST_CASE("an agent that exits non-zero fails with its status and its last words", "[flows][launcher]") {
  LauncherFixture f;
  f.use_script("echo 'half a plan'; echo 'error: no API key' >&2; exit 3");
  const auto o = f.run();
  CHECK(o.end == OutcomeEnd::Failed);
  CHECK(o.exit_code == 3);
  REQUIRE(o.error);
  CHECK(*o.error == "the agent exited with status 3: error: no API key");
  CHECK(read_file(*o.log_path).find("sciorex-flows: the agent exited with status 3") != std::string::npos);
}

TEST_CASE("an agent that prints nothing fails", "[flows][launcher]") {
  LauncherFixture f;
  f.use_script("echo 'only on stderr' >&2");
  auto o = f.run();
  CHECK(o.end == OutcomeEnd::Failed);
  CHECK(o.exit_code == 0);
  CHECK(o.error == "the agent printed nothing");
  f.use_script(R"(echo '{"result": "  ", "session_id": "s-1"}')");
  o = f.run();
  CHECK(o.end == OutcomeEnd::Failed);
  CHECK(o.session_id == "s-1");
  CHECK(o.error == "the agent printed nothing (its final text is empty)");
}

TEST_CASE("a runner command that is missing fails with a clear message", "[flows][launcher]") {
  LauncherFixture f;
  f.settings.runner_command = std::vector<std::string>{"sciorex-no-such-agent", "{input}"};
  auto o = f.run();
  CHECK(o.end == OutcomeEnd::Failed);
  CHECK_FALSE(o.exit_code);
  CHECK(o.error == "the runner command 'sciorex-no-such-agent' was not found on PATH");
  CHECK(read_file(*o.log_path).find("was not found on PATH") != std::string::npos);
  f.settings.runner_command = std::vector<std::string>{(f.dir.path() / "nowhere.sh").string()};
  o = f.run();
  CHECK(o.error ==
        "the runner command '" + (f.dir.path() / "nowhere.sh").string() + "' is not an executable file");
}

TEST_CASE("a scripted agent changes the store through sciorex-tickets, as the agent", "[flows][launcher]") {
  LauncherFixture f;
  storage::TicketRepository tickets(f.db);
  storage::NewTicket t;
  t.title = "Add avatars";
  t.subtasks = {"Design upload UI"};
  const auto id = tickets.create(t, storage::Actor::user("ann")).id;
  f.use_script(std::string("\"") + SCIOREX_TICKETS_BIN +
                   "\" comment \"$1\" 'Plan: S3 and thumbnails' >/dev/null && echo 'commented on' \"$1\"",
               {"{ticket}"});
  auto c = f.call();
  c.ticket_id = id;
  const auto o = f.run(c);
  REQUIRE(o.end == OutcomeEnd::Finished);
  CHECK(o.text == "commented on " + id);
  const auto ticket = tickets.get(id);
  REQUIRE(ticket.comments.size() == 1);
  CHECK(ticket.comments[0].text == "Plan: S3 and thumbnails");
}

TEST_CASE("a question the agent asks makes the node wait for input until it is answered",
          "[flows][launcher]") {
  LauncherFixture f;
  storage::InteractionRepository inbox(f.db);
  storage::NewInteraction q;
  q.summary = "Which storage backend?";
  q.urgency = "blocking";
  // asked before the node started, and one by another agent: neither is this node's
  inbox.create(q, storage::Actor::agent("feature-developer"));
  const fs::path fifo = f.dir.path() / "go";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  f.use_script("read line < \"$1\"; echo \"answered: $line\"", {fifo.string()});

  testing::Signal changed;
  std::mutex mu;
  std::vector<bool> seen;
  auto c = f.call();
  c.on_waiting = [&](bool waiting) {
    {
      std::lock_guard lock(mu);
      seen.push_back(waiting);
    }
    changed.notify();
  };
  std::atomic<bool> cancel{false};
  auto launcher = flows::make_process_launcher(f.settings, &f.db);
  c.timeout = 20s;
  auto done = std::async(std::launch::async, [&] { return launcher->run(c, cancel); });
  // its log's first line is written once the launcher has seen what was pending before
  REQUIRE(testing::poll_until([&] { return fs::exists(f.log_of(c)); }, 10s));

  inbox.create(q, storage::Actor::agent("code-reviewer"));
  q.summary = "S3 or GCS?";
  const auto asked = inbox.create(q, storage::Actor::agent("feature-developer")).id;
  REQUIRE(changed.wait(1));
  inbox.answer(asked, R"({"selectedOptions":["S3"]})", "inbox", storage::Actor::user("ann"));
  REQUIRE(changed.wait(2));
  std::ofstream(fifo) << "S3\n";
  const auto o = done.get();
  CHECK(o.end == OutcomeEnd::Finished);
  CHECK(o.text == "answered: S3");
  std::lock_guard lock(mu);
  CHECK(seen == std::vector<bool>{true, false});
}
