// An agent working in a host session (Actor::session: Claude Code's CLAUDE_CODE_SESSION_ID) links
// that session to every ticket it changes, by itself, in the same transaction as the change.
#include <algorithm>
#include <catch2/catch.hpp>

#include "sciorex/storage/yaml_io.hpp"
#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

namespace {

Actor in_session(const std::string& session_id) {
  Actor a = Actor::agent("claude-code");
  a.session = HostSession{session_id, "claude-code"};
  return a;
}

long count_actions(const Ticket& t, const std::string& action) {
  return std::count_if(t.history.begin(), t.history.end(),
                       [&](const HistoryEntry& h) { return h.action == action; });
}

}  // namespace

TEST_CASE("a change by an agent in a host session links that session once", "[storage][sessions]") {
  Database db(test_store());
  TicketRepository repo(db);
  const Actor a = in_session("5b0e-aa71");
  repo.create(titled("t"), a);

  Ticket t = repo.get("T-001");
  REQUIRE(t.sessions.size() == 1);
  CHECK(t.sessions[0].session_id == "5b0e-aa71");
  CHECK(t.sessions[0].host == "claude-code");
  CHECK_FALSE(t.sessions[0].archived);
  CHECK(t.last_session_id == "5b0e-aa71");
  REQUIRE(t.history.size() == 2);
  CHECK(t.history[0].action == "created");
  CHECK(t.history[1].action == "session_linked");
  CHECK(t.history[1].details_json ==
        R"({"archived":false,"automatic":true,"host":"claude-code","sessionId":"5b0e-aa71"})");
  CHECK(t.history[1].actor == Actor::agent("claude-code"));  // the history names the agent, as ever

  repo.add_subtask("T-001", "s", a);
  repo.add_comment("T-001", "c", a);
  repo.change_status("T-001", TicketStatus::Planned, a);
  t = repo.get("T-001");
  CHECK(t.sessions.size() == 1);
  CHECK(count_actions(t, "session_linked") == 1);

  SECTION("a second session links too, and lastSessionId follows whichever session wrote last") {
    repo.add_comment("T-001", "from another conversation", in_session("9c1d"));
    t = repo.get("T-001");
    REQUIRE(t.sessions.size() == 2);
    CHECK(t.last_session_id == "9c1d");
    repo.add_comment("T-001", "back in the first", a);
    t = repo.get("T-001");
    CHECK(t.sessions.size() == 2);
    CHECK(t.last_session_id == "5b0e-aa71");
    CHECK(count_actions(t, "session_linked") == 2);
  }
  SECTION("an explicit link of the same session keeps the host and adds its title") {
    repo.link_session({.session_id = "5b0e-aa71", .ticket_id = "T-001", .title = "Planning"},
                      Actor::agent("x"));
    t = repo.get("T-001");
    REQUIRE(t.sessions.size() == 1);
    CHECK(t.sessions[0].host == "claude-code");
    CHECK(t.sessions[0].title == "Planning");
  }
  SECTION("export then import keeps the host") {
    const std::string yaml = ticket_to_yaml(t);
    CHECK(yaml.find("host: claude-code") != std::string::npos);
    TempDir dir;
    write_file(dir.path() / "tickets/T-001.yaml", yaml);
    Database other(test_store());
    REQUIRE(import_yaml(other, {dir.path() / "tickets/T-001.yaml"}, me()).ok());
    const Ticket back = TicketRepository(other).get("T-001");
    REQUIRE(back.sessions.size() == 1);
    CHECK(back.sessions[0].host == "claude-code");
    CHECK(ticket_to_yaml(back) == yaml);
  }
}

TEST_CASE("a session links only with a change that happens", "[storage][sessions]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("t"), me());
  const Actor a = in_session("s-1");

  SECTION("an actor without a session links nothing") {
    repo.add_comment("T-001", "c", Actor::agent("claude-code"));
    CHECK(repo.get("T-001").sessions.empty());
    CHECK_FALSE(repo.get("T-001").last_session_id.has_value());
  }
  SECTION("a refused change links nothing") {
    CHECK(error_kind([&] { repo.change_status("T-001", TicketStatus::Done, a); }) ==
          ErrorKind::InvalidTransition);
    CHECK(error_kind([&] { repo.add_comment("T-001", "", a); }) == ErrorKind::InvalidArgument);
    const Ticket t = repo.get("T-001");
    CHECK(t.sessions.empty());
    CHECK(t.history.size() == 1);
  }
  SECTION("an unusable session is refused and writes nothing") {
    Actor bad = a;
    bad.session->id.clear();
    CHECK(error_kind([&] { repo.add_comment("T-001", "c", bad); }) == ErrorKind::InvalidArgument);
    bad.session->id = std::string(201, 'x');
    CHECK(error_kind([&] { repo.add_comment("T-001", "c", bad); }) == ErrorKind::InvalidArgument);
    CHECK(repo.get("T-001").comments.empty());
  }
  SECTION("deleting a ticket in a session deletes it") {
    repo.remove("T-001", a);
    CHECK_FALSE(repo.find("T-001").has_value());
  }
}
