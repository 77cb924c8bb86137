// The built sciorex-tickets binary over pipes: two processes on one workspace see each other's
// writes at once, stdout carries only JSON-RPC lines (logs go to stderr), "/" is refused, and
// the command-line tools work. The process is the shared ChildProcess (tests/common): reads are
// bounded by poll() timeouts; nothing sleeps to sync.
#include <signal.h>

#include <chrono>
#include <fstream>

#include "child_process.hpp"
#include "sciorex/storage/event_feed.hpp"
#include "tickets_test_support.hpp"

namespace sciorex::tickets::test {

namespace {

testing::SpawnOptions tickets_spawn(const std::vector<std::string>& args, const std::string& cwd,
                                    const std::vector<std::pair<std::string, std::string>>& env_add) {
  testing::SpawnOptions o;
  o.argv = {SCIOREX_TICKETS_BIN};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.cwd = cwd;
  o.unset = {"CLAUDE_PROJECT_DIR", "SCIOREX_DB"};
  o.set = env_add;
  return o;
}

// The built sciorex-tickets (the shared ChildProcess) with its stdin, stdout and stderr on pipes.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& cwd,
        const std::vector<std::pair<std::string, std::string>>& env_add = {})
      : child_(tickets_spawn(args, cwd, env_add)) {}
  ~Child() {
    close_input();
    if (!child_.status()) {
      child_.kill(SIGTERM);
      child_.finish(std::chrono::hours(1));
    }
  }

  void send(const json& message) { REQUIRE(child_.write_all(message.dump() + "\n")); }
  void close_input() { child_.close_stdin(); }
  // The next stdout line, or nullopt after `limit` or at end of output.
  std::optional<std::string> read_line(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    return child_.read_line(limit);
  }
  // Reads until the response with `id`; notifications before it are kept in `seen`.
  json response(int id) {
    for (;;) {
      auto line = read_line();
      REQUIRE(line);
      json m = json::parse(*line);
      if (m.contains("id") && m["id"] == id && !m.contains("method")) return m;
      seen.push_back(m);
    }
  }
  json request(const std::string& method, json params) {
    int id = ++next_id_;
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    return response(id);
  }
  json call(const std::string& tool, json arguments) {
    json r = request("tools/call", {{"name", tool}, {"arguments", std::move(arguments)}});
    INFO(r.dump());
    REQUIRE(r.contains("result"));
    return r["result"];
  }
  void initialize(const std::string& name) {
    json r = request("initialize", {{"protocolVersion", "2025-11-25"},
                                    {"capabilities", json::object()},
                                    {"clientInfo", {{"name", name}, {"version", "1"}}}});
    REQUIRE(r.contains("result"));
    send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  }
  // Everything left on stdout and stderr, and the exit status (after closing stdin).
  std::string rest_of_stdout() { return child_.read_stdout_rest(std::chrono::seconds(10)); }
  std::string all_stderr() { return child_.read_stderr(std::chrono::seconds(10)); }
  int wait() { return testing::exit_code(child_.finish(std::chrono::hours(1))); }

  std::vector<json> seen;

 private:
  testing::ChildProcess child_;
  int next_id_ = 0;
};

// Runs a command-line tool to completion: {exit code, stdout, stderr}.
struct Run {
  int code;
  std::string out, err;
};
Run run(const std::vector<std::string>& args, const std::string& cwd) {
  Child c(args, cwd);
  c.close_input();
  std::string out = c.rest_of_stdout();
  std::string err = c.all_stderr();
  return {c.wait(), out, err};
}

}  // namespace

TEST_CASE("two server processes on one workspace see each other's writes at once", "[tickets][process]") {
  TempDir ws;
  Child a({"--workspace", ws.path().string()}, ws.path().string());
  Child b({"--workspace", ws.path().string()}, ws.path().string());
  a.initialize("agent-a");
  b.initialize("agent-b");

  json created = a.call("sciorex_create_ticket", {{"title", "Shared work"}, {"subtasks", {"Step one"}}});
  std::string id = created["structuredContent"]["id"];
  json seen_by_b = b.call("sciorex_get_ticket", {{"ticketId", id}});
  REQUIRE_FALSE(seen_by_b.value("isError", false));
  CHECK(seen_by_b["structuredContent"]["history"][0]["actor"]["id"] == "agent-a");

  b.call("sciorex_change_status", {{"ticketId", id}, {"status", "planned"}});
  b.call("sciorex_complete_subtask", {{"ticketId", id}, {"title", "step"}});
  json seen_by_a = a.call("sciorex_get_ticket", {{"ticketId", id}})["structuredContent"];
  CHECK(seen_by_a["status"] == "planned");
  CHECK(seen_by_a["subtasks"][0]["completed"] == true);
  CHECK(seen_by_a["history"].back()["actor"]["id"] == "agent-b");

  SECTION("only one of them can claim the ticket") {
    json ca = a.call("sciorex_change_status", {{"ticketId", id}, {"status", "in_progress"}});
    json cb = b.call("sciorex_change_status", {{"ticketId", id}, {"status", "in_progress"}});
    CHECK(ca.value("isError", false) != cb.value("isError", false));
  }
  SECTION("a subscription in one process fires on a write in the other") {
    REQUIRE(a.request("resources/subscribe", {{"uri", "sciorex://tickets/" + id}}).contains("result"));
    b.call("sciorex_add_comment", {{"ticketId", id}, {"comment", "from b"}});
    bool notified = false;
    for (const auto& m : a.seen)
      notified = notified || m.value("method", "") == "notifications/resources/updated";
    while (!notified) {
      auto line = a.read_line(std::chrono::seconds(5));
      REQUIRE(line);
      json m = json::parse(*line);
      notified = m.value("method", "") == "notifications/resources/updated" &&
                 m["params"]["uri"] == "sciorex://tickets/" + id;
    }
    CHECK(notified);
  }
}

TEST_CASE("on stdio, stdout carries only JSON-RPC lines and logs go to stderr", "[tickets][process][stdio]") {
  TempDir ws;
  Child c({"--workspace", ws.path().string(), "--log-level", "debug"}, ws.path().string());
  c.initialize("stdio-test");
  c.call("sciorex_create_ticket", {{"title", "One"}});
  c.call("sciorex_get_ticket", {{"ticketId", "T-404"}});  // a tool error
  c.request("tools/call", {{"name", "no_such_tool"}});    // a protocol error
  c.send({{"jsonrpc", "2.0"}, {"id", 99}, {"method", "tools/list"}});
  c.close_input();
  std::string out = c.rest_of_stdout();
  std::string err = c.all_stderr();
  CHECK(c.wait() == 0);
  std::size_t lines = 0;
  for (std::size_t start = 0; start < out.size();) {
    std::size_t nl = out.find('\n', start);
    std::string line = out.substr(start, nl - start);
    start = nl == std::string::npos ? out.size() : nl + 1;
    if (line.empty()) continue;
    INFO(line.substr(0, 200));
    json m = json::parse(line, nullptr, false);
    REQUIRE_FALSE(m.is_discarded());
    CHECK(m["jsonrpc"] == "2.0");
    ++lines;
  }
  CHECK(lines >= 1);  // tools/list answered (earlier answers were read already)
  CHECK(err.find("serving MCP on stdio") != std::string::npos);
  CHECK(out.find("serving MCP") == std::string::npos);
}

TEST_CASE("the server refuses / as its workspace and says to pass --workspace",
          "[tickets][process][workspace]") {
  Run r = run({}, "/");
  CHECK(r.code != 0);
  CHECK(r.err.find("--workspace") != std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("the server refuses a blank or spaced --auth-token at start-up", "[tickets][process][http]") {
  // Issue 16: a whitespace-only token was accepted, and then no client could authenticate.
  for (const std::string token : {"   ", "", "two words", "tab\there"}) {
    INFO("token: '" << token << "'");
    Run r = run({"--http", "--auth-token", token}, "/");
    CHECK(r.code != 0);
    CHECK(r.err.find("--auth-token") != std::string::npos);
    CHECK(r.err.find("the token must") != std::string::npos);
    CHECK(r.out.empty());
  }
  Child c({"--http"}, "/", {{"SCIOREX_AUTH_TOKEN", " \t "}});
  c.close_input();
  std::string err = c.all_stderr();
  CHECK(c.wait() != 0);
  CHECK(err.find("the token must not be empty or only whitespace") != std::string::npos);
}

TEST_CASE("the command line imports, lists, shows and exports tickets as the user",
          "[tickets][process][cli]") {
  TempDir ws;
  const std::string w = ws.path().string();
  std::filesystem::create_directories(ws.path() / "in");
  std::ofstream(ws.path() / "in" / "T-042.yaml")
      << "id: T-042\ntitle: Add user profile avatar upload\ntype: feature\n"
         "priority: medium\nstatus: planned\ndescription: |\n  ## Overview\n"
         "  Upload an avatar.\nsubtasks:\n  - title: Design upload UI\n"
         "    status: pending\n";
  std::filesystem::create_directories(ws.path() / "bad");
  std::ofstream(ws.path() / "bad" / "T-050.yaml") << "id: T-050\ntitle: Bad\nstatus: somewhere\n";

  Run imported = run({"--workspace", w, "import", (ws.path() / "in").string()}, w);
  CHECK(imported.code == 0);
  CHECK(imported.out.find("T-042") != std::string::npos);
  Run failed = run({"--workspace", w, "import", (ws.path() / "bad").string()}, w);
  CHECK(failed.code == 1);
  CHECK(failed.err.find("T-050.yaml:3: status") != std::string::npos);

  Run listed = run({"--workspace", w, "list", "--status", "planned"}, w);
  CHECK(listed.code == 0);
  CHECK(listed.out ==
        "T-042 [planned] medium feature: Add user profile avatar upload (subtasks 0/1)\n1 ticket\n");
  Run as_json = run({"--workspace", w, "list", "--json"}, w);
  CHECK(json::parse(as_json.out)["items"][0]["id"] == "T-042");

  Run shown = run({"--workspace", w, "show", "T-042"}, w);
  CHECK(shown.code == 0);
  CHECK(shown.out.find("# T-042: Add user profile avatar upload") != std::string::npos);
  CHECK(shown.out.find("sub-001 Design upload UI") != std::string::npos);
  CHECK(shown.out.find("## History") != std::string::npos);
  CHECK(shown.out.find("by user ") != std::string::npos);
  CHECK(json::parse(run({"--workspace", w, "show", "T-042", "--json"}, w).out)["id"] == "T-042");
  CHECK(run({"--workspace", w, "show", "T-404"}, w).code == 1);

  Run exported = run({"--workspace", w, "export", (ws.path() / "out").string()}, w);
  CHECK(exported.code == 0);
  CHECK(std::filesystem::exists(ws.path() / "out" / ".sciorex" / "tickets" / "T-042.yaml"));
}

TEST_CASE("a server started for a flow's agent (SCIOREX_AGENT) records that agent with the client beside it",
          "[tickets][process][agent]") {
  TempDir ws;
  const std::string w = ws.path().string();
  std::string id;
  {
    Child planner({"--workspace", w}, w, {{"SCIOREX_AGENT", "technical-planner"}});
    planner.initialize("claude-code");
    id = planner.call("sciorex_create_ticket", {{"title", "Planned by a flow"}})["structuredContent"]["id"];
    planner.call("sciorex_add_comment", {{"ticketId", id}, {"comment", "the plan"}});
    const json t = planner.call("sciorex_get_ticket", {{"ticketId", id}})["structuredContent"];
    const json by = {{"type", "agent"}, {"id", "technical-planner"}, {"client", "claude-code"}};
    CHECK(t["history"][0]["actor"] == by);
    CHECK(t["comments"][0]["author"] == by);
  }
  {  // an invalid name is ignored with a warning on stderr; the client's name is the actor
    Child odd({"--workspace", w}, w, {{"SCIOREX_AGENT", "code reviewer"}});
    odd.initialize("claude-code");
    odd.call("sciorex_add_comment", {{"ticketId", id}, {"comment", "plain"}});
    const json t = odd.call("sciorex_get_ticket", {{"ticketId", id}})["structuredContent"];
    CHECK(t["comments"][1]["author"] == json{{"type", "agent"}, {"id", "claude-code"}});
    odd.close_input();
    odd.rest_of_stdout();
    CHECK_THAT(odd.all_stderr(), Catch::Contains("SCIOREX_AGENT ignored"));
  }
  Run shown = run({"--workspace", w, "show", id}, w);
  CHECK(shown.out.find("agent technical-planner (via claude-code)") != std::string::npos);
}

TEST_CASE("import replaces work only when asked, keeps its history, and can dry-run",
          "[tickets][process][cli][import]") {
  TempDir ws;
  const std::string w = ws.path().string(), in = (ws.path() / "in").string();
  std::filesystem::create_directories(ws.path() / "in");
  std::ofstream(ws.path() / "in" / "T-042.yaml") << "id: T-042\ntitle: Avatar upload\nstatus: planned\n";
  REQUIRE(run({"--workspace", w, "import", in}, w).code == 0);
  storage::Database db(ws.db());
  storage::TicketRepository repo(db);
  storage::EventFeed feed(db);
  repo.change_status("T-042", storage::TicketStatus::InProgress, storage::Actor::agent("dev"));
  repo.add_comment("T-042", "halfway there", storage::Actor::agent("dev"));
  const storage::Ticket before = repo.get("T-042");
  const auto last_event = feed.last_event_id();

  Run refused = run({"--workspace", w, "import", in}, w);
  CHECK(refused.code == 1);
  CHECK(refused.out.empty());
  CHECK(refused.err.find("sciorex-tickets: error: " + in +
                         "/T-042.yaml:1: id: ticket T-042 is already in the store "
                         "(in_progress, 3 history entries)") != std::string::npos);
  CHECK(refused.err.find("nothing was imported") != std::string::npos);
  CHECK(refused.err.find("Already in the store: T-042 (in_progress)") != std::string::npos);
  CHECK(refused.err.find("--replace") != std::string::npos);
  CHECK(repo.get("T-042") == before);
  CHECK(feed.last_event_id() == last_event);

  Run dry = run({"--workspace", w, "import", in, "--replace", "--dry-run"}, w);
  CHECK(dry.code == 0);
  CHECK(dry.out ==
        "would replace ticket T-042 (now in_progress; its 3 history entries kept)\n"
        "1 ticket, 0 epics would be imported (dry run: nothing written)\n");
  CHECK(repo.get("T-042") == before);
  CHECK(feed.last_event_id() == last_event);

  Run replaced = run({"--workspace", w, "import", "--replace", in}, w);
  CHECK(replaced.code == 0);
  CHECK(replaced.out ==
        "replaced ticket T-042 (was in_progress; its 3 history entries kept)\n1 ticket, 0 epics imported\n");
  const storage::Ticket after = repo.get("T-042");
  CHECK(after.status == storage::TicketStatus::Planned);
  CHECK(after.comments.empty());
  REQUIRE(after.history.size() == 4);
  CHECK(std::equal(before.history.begin(), before.history.end(), after.history.begin()));
  CHECK(after.history.back().action == "replaced_by_import");

  SECTION("one bad file and nothing of the import is written") {
    std::filesystem::create_directories(ws.path() / "mixed");
    std::ofstream(ws.path() / "mixed" / "T-060.yaml") << "id: T-060\ntitle: Good\n";
    std::ofstream(ws.path() / "mixed" / "T-061.yaml") << "id: T-061\ntitle: One\ntitle: Two\n";
    const auto events = feed.last_event_id();
    Run mixed = run({"--workspace", w, "import", (ws.path() / "mixed").string()}, w);
    CHECK(mixed.code == 1);
    CHECK(mixed.err.find("T-061.yaml:3: title: duplicate key 'title' (also at line 2)") != std::string::npos);
    CHECK_FALSE(repo.find("T-060"));
    CHECK(feed.last_event_id() == events);
  }
}

}  // namespace sciorex::tickets::test
