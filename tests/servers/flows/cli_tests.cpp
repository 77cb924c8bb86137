// The built sciorex-flows as people run it: check (good and bad definitions, exit codes), run (a
// manual run to its end with a scripted agent command as flows.runner), runs and show, and serve
// (a ticket's move starts the flow; SIGTERM stops the runner).
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "cli_run.hpp"
#include "pipeline_yaml.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "wait_until.hpp"

using namespace sciorex;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

cli_test::Run flows_cli(const std::vector<std::string>& args, const fs::path& cwd) {
  return cli_test::run(SCIOREX_FLOWS_BIN, args, {cwd, {}, ""});
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::string agent_yaml(const std::string& name) {
  return "name: " + name + "\ndescription: scripted\nsystemPrompt: You are the " + name +
         ".\nmcpServers:\n  - sciorex-tickets\nallowedTools:\n  - Read\n";
}

// A workspace with the flow, its two agents, a runner script answering each agent, and T-001.
struct FlowWorkspace {
  cli_test::TempDir dir;
  std::string ticket;

  explicit FlowWorkspace(const std::string& review_output = R"({"passed": true})", int review_exit = 0) {
    const fs::path sx = dir.path() / ".sciorex";
    write(sx / "flows" / "pipeline.yaml", sciorex::flow_fixtures::two_agent_pipeline("Scripted Pipeline"));
    write(sx / "agents" / "planner.yaml", agent_yaml("planner"));
    write(sx / "agents" / "reviewer.yaml", agent_yaml("reviewer"));
    write(dir.path() / "agent.sh",
          "#!/bin/sh\ncase \"$1\" in\n  planner) echo '{\"result\": \"Plan for '\"$2\"'\", "
          "\"session_id\": \"sess-plan\"}' ;;\n  reviewer) echo '" +
              review_output + "'; exit " + std::to_string(review_exit) + " ;;\nesac\n");
    fs::permissions(dir.path() / "agent.sh", fs::perms::owner_all);
    write(sx / "sciorex.yaml",
          "flows:\n  runner: [\"" + (dir.path() / "agent.sh").string() + "\", \"{agent}\", \"{ticket}\"]\n");
    storage::Database db(dir.db().string());
    storage::NewTicket t;
    t.title = "Add avatars";
    t.status = storage::TicketStatus::InProgress;
    ticket = storage::TicketRepository(db).create(t, storage::Actor::user("ann")).id;
  }
  cli_test::Run operator()(const std::vector<std::string>& args) const { return flows_cli(args, dir.path()); }
  storage::TicketStatus status() const {
    storage::Database db(dir.db().string());
    return storage::TicketRepository(db).get(ticket).status;
  }
};

}  // namespace

TEST_CASE("check: what loaded, exit 0; each bad file as FILE:LINE: why, exit 1", "[flows][cli]") {
  FlowWorkspace w;
  auto r = w({"check"});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("flow Scripted Pipeline: ticketStatusChanged, 4 nodes") != std::string::npos);
  CHECK(r.out.find("agent planner (planner)") != std::string::npos);
  CHECK(r.out.find("1 flow and 2 agents loaded from ") != std::string::npos);

  const fs::path bad = w.dir.path() / ".sciorex" / "flows" / "broken.yaml";
  write(bad,
        "name: Broken\ntrigger:\n  type: manual\nnodes:\n  - id: c\n    type: condition\n    expression: \"a "
        "===\"\n");
  r = w({"check"});
  CHECK(r.code == 1);
  CHECK(r.err.find("broken.yaml:") != std::string::npos);
  CHECK(r.out.find("1 flow and 2 agents loaded") != std::string::npos);  // the good one still loads
  CHECK(r.out.find("; 1 error") != std::string::npos);
  fs::remove(bad);

  write(w.dir.path() / ".sciorex" / "sciorex.yaml", "flows:\n  runner: [x, \"{prompt}\"]\n");
  r = w({"check"});
  CHECK(r.code == 1);
  CHECK(r.err.find("sciorex.yaml:2: flows.runner: unknown placeholder {prompt}") != std::string::npos);

  // no store is needed to check definitions; a missing folder is a usage error
  cli_test::TempDir empty;
  r = flows_cli({"check"}, empty.path());
  CHECK(r.code == 0);
  CHECK(r.out.find("0 flows and 0 agents loaded") != std::string::npos);
  CHECK_FALSE(fs::exists(empty.db()));
  r = flows_cli({"check", "--workspace", (empty.path() / "nope").string()}, empty.path());
  CHECK(r.code == 2);
}

TEST_CASE("run: a manual run to its end with the scripted agents, then runs and show", "[flows][cli]") {
  FlowWorkspace w;
  auto r = w({"run", "Scripted Pipeline", "--ticket", w.ticket});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.rfind("run-1: Scripted Pipeline on " + w.ticket + " (logs in ", 0) == 0);
  CHECK(r.out.find("  1 plan  agent planner  succeeded") != std::string::npos);
  CHECK(r.out.find("  4 markDone  ticketAction  succeeded") != std::string::npos);
  CHECK(r.out.find("run-1 succeeded\n") != std::string::npos);
  CHECK(w.status() == storage::TicketStatus::Done);

  r = w({"runs"});
  CHECK(r.code == 0);
  CHECK(r.out.rfind("run-1  succeeded  Scripted Pipeline  " + w.ticket + "  manual  ", 0) == 0);
  CHECK(r.out.find("1 run\n") != std::string::npos);
  auto j = json::parse(w({"runs", "--ticket", w.ticket, "--json"}).out);
  CHECK(j["count"] == 1);
  CHECK(j["items"][0]["id"] == "run-1");
  CHECK(j["items"][0]["status"] == "succeeded");
  CHECK(w({"runs", "--ticket", "T-999"}).out == "No flow runs match.\n");
  CHECK(w({"runs", "--status", "nope"}).code == 2);

  r = w({"show", "run-1"});
  CHECK(r.code == 0);
  CHECK(r.out.find("      session: sess-plan\n") != std::string::npos);
  CHECK(r.out.find("      log: " + (w.dir.path() / ".sciorex" / "runs" / "run-1" / "1-plan.log").string()) !=
        std::string::npos);
  CHECK(r.out.find("      output: Plan for " + w.ticket) != std::string::npos);
  j = json::parse(w({"show", "run-1", "--json"}).out);
  REQUIRE(j["nodes"].size() == 4);
  CHECK(j["nodes"][0]["sessionId"] == "sess-plan");
  CHECK(j["nodes"][1]["output"]["passed"] == true);
  CHECK(j["trigger"]["ticket"]["id"] == w.ticket);
  r = w({"show", "run-9"});
  CHECK(r.code == 1);
  CHECK(r.err == "sciorex-flows: error: No flow run run-9. `sciorex-flows runs` lists them.\n");
}

TEST_CASE("run: a failing agent fails the run, exit 1, its error printed", "[flows][cli]") {
  FlowWorkspace w("half a review", 2);
  const auto r = w({"run", "pipeline", "--ticket", w.ticket});  // by the file's stem too
  CHECK(r.code == 1);
  CHECK(r.out.find("  2 review  agent reviewer  failed  (exit 2): the agent exited with status 2") !=
        std::string::npos);
  CHECK(r.out.find("run-1 failed") != std::string::npos);
  CHECK(w.status() == storage::TicketStatus::InProgress);
}

TEST_CASE("run: an unknown flow or ticket is refused before anything runs", "[flows][cli]") {
  FlowWorkspace w;
  auto r = w({"run", "Nope", "--ticket", w.ticket});
  CHECK(r.code == 1);
  CHECK(r.err.find("No flow 'Nope' in ") != std::string::npos);
  CHECK(r.err.find("The flows are: Scripted Pipeline.") != std::string::npos);
  r = w({"run", "Scripted Pipeline", "--ticket", "T-404"});
  CHECK(r.code == 1);
  CHECK(r.err == "sciorex-flows: error: No ticket T-404. `sciorex-tickets list` shows the ids.\n");
  CHECK(w({"runs"}).out == "No flow runs yet.\n");
}

TEST_CASE("serve: moving a ticket starts its flow; SIGTERM stops the runner", "[flows][cli]") {
  FlowWorkspace w;
  storage::Database db(w.dir.db().string());
  storage::TicketRepository tickets(db);
  storage::NewTicket t;
  t.title = "Served";
  t.status = storage::TicketStatus::Planned;
  const auto id = tickets.create(t, storage::Actor::user("ann")).id;

  testing::SpawnOptions spawn;
  spawn.argv = {SCIOREX_FLOWS_BIN, "serve", "--workspace", w.dir.str()};
  spawn.unset = {"CLAUDE_PROJECT_DIR", "SCIOREX_DB"};
  spawn.stderr_file = w.dir.path() / "serve.log";
  testing::ChildProcess serve(spawn);
  storage::FlowRunRepository runs(db);
  // the runner has registered and set the shared cursor: what happens from now on is its
  REQUIRE(testing::poll_until([&] { return runs.cursor().has_value(); }, 20s));
  tickets.change_status(id, storage::TicketStatus::InProgress, storage::Actor::user("ann"));
  REQUIRE(testing::poll_until(
      [&] {
        auto page = runs.list({.ticket_id = id});
        return !page.runs.empty() && page.runs[0].status == storage::FlowRunStatus::Succeeded;
      },
      60s));
  CHECK(tickets.get(id).status == storage::TicketStatus::Done);
  serve.kill(SIGTERM);
  const auto status = serve.wait(20s);
  REQUIRE(status);
  CHECK(testing::exit_code(*status) == 0);
}
