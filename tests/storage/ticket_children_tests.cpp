// Comments, progress reports, blockers, relations, resources and session links.
#include <algorithm>
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

TEST_CASE("add_comment stores the comment with its author and a history entry", "[storage][children]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("t"), me());
  const Comment c = repo.add_comment("T-001", "Looks good", dev());
  const Ticket t = repo.get("T-001");
  REQUIRE(t.comments.size() == 1);
  CHECK(t.comments[0] == c);
  CHECK(t.comments[0].author == dev());
  CHECK(t.history.back().action == "comment_added");
  CHECK(error_kind([&] { repo.add_comment("T-001", "", dev()); }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { repo.add_comment("T-404", "x", dev()); }) == ErrorKind::NotFound);
}

TEST_CASE("report_progress adds a history entry only, with message and percentage", "[storage][children]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("t"), me());
  repo.report_progress("T-001", "halfway", 50, dev());
  const Ticket t = repo.get("T-001");
  CHECK(t.history.back().action == "progress_reported");
  CHECK(t.history.back().details_json == R"({"message":"halfway","percentage":50})");
  CHECK(t.comments.empty());
  CHECK(error_kind([&] { repo.report_progress("T-001", "x", 101, dev()); }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { repo.report_progress("T-001", "x", -1, dev()); }) == ErrorKind::InvalidArgument);
}

TEST_CASE("add_blocker records the reason, is idempotent and shows both directions", "[storage][children]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("api"), me());
  repo.create(titled("ui"), me());
  CHECK(repo.add_blocker("T-002", "T-001", std::string("needs the API"), dev()));
  CHECK_FALSE(repo.add_blocker("T-002", "T-001", std::nullopt, dev()));
  const Ticket ui = repo.get("T-002");
  REQUIRE(ui.blocked_by.size() == 1);
  CHECK(ui.blocked_by[0].ticket_id == "T-001");
  CHECK(ui.blocked_by[0].reason == "needs the API");
  CHECK(ui.blocked_by[0].status == TicketStatus::Backlog);
  CHECK(ui.history.back().action == "blocker_added");
  CHECK(std::count_if(ui.history.begin(), ui.history.end(),
                      [](const HistoryEntry& h) { return h.action == "blocker_added"; }) == 1);
  CHECK(repo.get("T-001").blocks == std::vector<std::string>{"T-002"});
}

TEST_CASE("a ticket's lists come in the order they were added, blocks by id", "[storage][children]") {
  // The indexes that find these rows order them otherwise (by blocker, related or session id).
  Database db(test_store());
  TicketRepository repo(db);
  for (int i = 0; i < 5; ++i) repo.create(titled("t"), me());
  for (const char* b : {"T-003", "T-001", "T-002"}) repo.add_blocker("T-004", b, std::nullopt, me());
  repo.add_blocker("T-005", "T-001", std::nullopt, me());
  for (const char* r : {"T-005", "T-002"}) repo.add_relation("T-004", r, me());
  for (const char* s : {"session-b", "session-a"})
    repo.link_session({.session_id = s, .ticket_id = "T-004"}, me());
  const Ticket t = repo.get("T-004");
  std::vector<std::string> blockers;
  for (const auto& b : t.blocked_by) blockers.push_back(b.ticket_id);
  CHECK(blockers == std::vector<std::string>{"T-003", "T-001", "T-002"});
  CHECK(t.relates_to == std::vector<std::string>{"T-005", "T-002"});
  REQUIRE(t.sessions.size() == 2);
  CHECK(t.sessions[0].session_id == "session-b");
  CHECK(t.sessions[1].session_id == "session-a");
  CHECK(repo.get("T-001").blocks == std::vector<std::string>{"T-004", "T-005"});
}

TEST_CASE("add_blocker refuses self-blocks, unknown tickets and cycles", "[storage][children]") {
  Database db(test_store());
  TicketRepository repo(db);
  for (int i = 0; i < 3; ++i) repo.create(titled("t"), me());
  CHECK(error_kind([&] { repo.add_blocker("T-001", "T-001", std::nullopt, me()); }) ==
        ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { repo.add_blocker("T-001", "T-404", std::nullopt, me()); }) == ErrorKind::NotFound);
  CHECK(error_kind([&] { repo.add_blocker("T-404", "T-001", std::nullopt, me()); }) == ErrorKind::NotFound);
  repo.add_blocker("T-002", "T-001", std::nullopt, me());  // 2 waits for 1
  repo.add_blocker("T-003", "T-002", std::nullopt, me());  // 3 waits for 2
  CHECK(error_kind([&] { repo.add_blocker("T-001", "T-003", std::nullopt, me()); }) ==
        ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { repo.add_blocker("T-001", "T-002", std::nullopt, me()); }) ==
        ErrorKind::InvalidArgument);
  CHECK(repo.get("T-001").blocked_by.empty());
}

TEST_CASE("remove_blocker removes it and refuses one that is not there", "[storage][children]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("a"), me());
  repo.create(titled("b"), me());
  repo.add_blocker("T-002", "T-001", std::nullopt, me());
  repo.remove_blocker("T-002", "T-001", dev());
  const Ticket t = repo.get("T-002");
  CHECK(t.blocked_by.empty());
  CHECK(t.history.back().action == "blocker_removed");
  CHECK(error_kind([&] { repo.remove_blocker("T-002", "T-001", dev()); }) == ErrorKind::NotFound);
}

TEST_CASE("add_relation relates both tickets once", "[storage][children]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("a"), me());
  repo.create(titled("b"), me());
  CHECK(repo.add_relation("T-001", "T-002", me()));
  CHECK_FALSE(repo.add_relation("T-002", "T-001", me()));
  CHECK(repo.get("T-001").relates_to == std::vector<std::string>{"T-002"});
  CHECK(repo.get("T-002").relates_to == std::vector<std::string>{"T-001"});
}

TEST_CASE("link_resource attaches a url or a path with a title and kind", "[storage][children]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("t"), me());
  repo.link_resource("T-001", {.url = "https://github.com/o/r/pull/7", .title = "PR #7", .kind = "pr"},
                     dev());
  repo.link_resource("T-001", {.path = "src/avatar.cpp"}, dev());
  repo.link_resource(
      "T-001", {.url = "https://github.com/o/r/pull/7", .title = "PR #7 (rebased)", .kind = "pr"}, dev());
  const Ticket t = repo.get("T-001");
  REQUIRE(t.resources.size() == 2);
  CHECK(t.resources[0].title == "PR #7 (rebased)");
  CHECK(t.resources[0].kind == "pr");
  CHECK(t.resources[1].path == "src/avatar.cpp");
  CHECK(t.resources[1].kind == "file");
  CHECK(t.resources[1].title == "src/avatar.cpp");
  CHECK(t.history.back().action == "resource_linked");
  CHECK(error_kind([&] { repo.link_resource("T-001", {.title = "nothing"}, dev()); }) ==
        ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { repo.link_resource("T-001", {.url = "u", .path = "p"}, dev()); }) ==
        ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { repo.link_resource("T-001", {.url = "u", .kind = "Not A Kind"}, dev()); }) ==
        ErrorKind::InvalidArgument);
}

TEST_CASE("link_session links the ticket and its epic and sets lastSessionId", "[storage][children]") {
  Database db(test_store());
  EpicRepository epics(db);
  epics.create({.title = "Profiles"}, me());
  TicketRepository repo(db);
  NewTicket in = titled("t");
  in.epic_id = "E-001";
  repo.create(in, me());
  const auto links =
      repo.link_session({.session_id = "session-7f3a", .ticket_id = "T-001", .title = "Planning"}, dev());
  REQUIRE(links.size() == 2);
  CHECK(links[0].entity_type == "ticket");
  CHECK(links[1].entity_type == "epic");
  const Ticket t = repo.get("T-001");
  CHECK(t.last_session_id == "session-7f3a");
  REQUIRE(t.sessions.size() == 1);
  CHECK(t.sessions[0].title == "Planning");
  CHECK(t.history.back().action == "session_linked");
  CHECK(epics.get("E-001").sessions.size() == 1);

  SECTION("linking again archives with notes and keeps one link") {
    repo.link_session(
        {.session_id = "session-7f3a", .ticket_id = "T-001", .notes = "done for today", .archived = true},
        dev());
    const Ticket again = repo.get("T-001");
    REQUIRE(again.sessions.size() == 1);
    CHECK(again.sessions[0].archived);
    CHECK(again.sessions[0].notes == "done for today");
    CHECK(again.sessions[0].title == "Planning");
  }
  SECTION("a session can be linked to an epic alone") {
    repo.link_session({.session_id = "s2", .epic_id = "E-001"}, dev());
    CHECK(epics.get("E-001").sessions.size() == 2);
    CHECK(repo.get("T-001").last_session_id == "session-7f3a");
  }
  SECTION("it needs exactly one target") {
    CHECK(error_kind([&] { repo.link_session({.session_id = "s"}, dev()); }) == ErrorKind::InvalidArgument);
    CHECK(error_kind([&] { repo.link_session({.session_id = "s", .ticket_id = "T-404"}, dev()); }) ==
          ErrorKind::NotFound);
  }
}

TEST_CASE("every change moves updatedAt and leaves a history entry with its actor", "[storage][children]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(planned("t"), me());
  repo.create(titled("other"), me());
  const Actor a = Actor::agent("auditor");
  repo.update("T-001", {.description = "d"}, a);
  repo.change_status("T-001", TicketStatus::InProgress, a);
  repo.add_subtask("T-001", "s", a);
  repo.complete_subtask("T-001", {.id = "sub-001"}, true, a);
  repo.update_subtask("T-001", {.id = "sub-001"}, SubtaskStatus::Blocked, std::nullopt, a);
  repo.add_comment("T-001", "c", a);
  repo.report_progress("T-001", "m", std::nullopt, a);
  repo.add_blocker("T-001", "T-002", std::nullopt, a);
  repo.remove_blocker("T-001", "T-002", a);
  repo.link_resource("T-001", {.url = "https://x"}, a);
  repo.link_session({.session_id = "s", .ticket_id = "T-001"}, a);
  const Ticket t = repo.get("T-001");
  std::vector<std::string> actions;
  for (const auto& h : t.history) {
    actions.push_back(h.action);
    if (h.action != "created") CHECK(h.actor == a);
  }
  CHECK(actions == std::vector<std::string>{"created", "updated", "status_changed", "subtask_added",
                                            "subtask_completed", "subtask_status_changed", "comment_added",
                                            "progress_reported", "blocker_added", "blocker_removed",
                                            "resource_linked", "session_linked"});
  CHECK(t.updated_at == t.history.back().timestamp);
}

TEST_CASE("a ticket's detail holds every child list at once, each in its order", "[storage][children]") {
  // (On PostgreSQL the eight lists come back as one JSON array from one statement: this checks
  // that no row lands in another list and that each list keeps its order.)
  Database db(test_store());
  TicketRepository repo(db);
  for (const char* title : {"main", "b1", "b2", "r1", "r2", "w1", "w2"}) repo.create(titled(title), me());
  repo.add_subtask("T-001", "first", me());
  repo.add_subtask("T-001", "second", me());
  repo.add_blocker("T-001", "T-003", "needs b2", me());
  repo.add_blocker("T-001", "T-002", std::nullopt, me());
  repo.add_blocker("T-007", "T-001", std::nullopt, me());
  repo.add_blocker("T-006", "T-001", std::nullopt, me());
  repo.add_relation("T-001", "T-005", me());
  repo.add_relation("T-001", "T-004", me());
  repo.add_comment("T-001", "comment one", dev());
  repo.add_comment("T-001", "comment two", dev());
  repo.link_resource("T-001", {.path = "src/b.cpp"}, dev());
  repo.link_resource("T-001", {.path = "src/a.cpp"}, dev());
  repo.link_session({.session_id = "session-z", .ticket_id = "T-001"}, me());
  repo.link_session({.session_id = "session-y", .ticket_id = "T-001"}, me());

  const Ticket t = repo.get("T-001");
  REQUIRE(t.subtasks.size() == 2);
  CHECK(t.subtasks[0].title == "first");
  CHECK(t.subtasks[1].title == "second");
  REQUIRE(t.blocked_by.size() == 2);
  CHECK(t.blocked_by[0].ticket_id == "T-003");  // the order they were added
  CHECK(t.blocked_by[0].reason == "needs b2");
  CHECK(t.blocked_by[0].status == TicketStatus::Backlog);  // the blocker's own status, joined in
  CHECK(t.blocked_by[1].ticket_id == "T-002");
  CHECK(t.blocks == std::vector<std::string>{"T-006", "T-007"});
  CHECK(t.relates_to == std::vector<std::string>{"T-005", "T-004"});
  REQUIRE(t.comments.size() == 2);
  CHECK(t.comments[0].text == "comment one");
  CHECK(t.comments[1].text == "comment two");
  REQUIRE(t.resources.size() == 2);
  CHECK(t.resources[0].path == "src/b.cpp");
  CHECK(t.resources[1].path == "src/a.cpp");
  REQUIRE(t.sessions.size() == 2);
  CHECK(t.sessions[0].session_id == "session-z");
  CHECK(t.sessions[1].session_id == "session-y");
  REQUIRE(t.history.size() >= 13);
  CHECK(t.history.front().action == "created");
  CHECK(std::is_sorted(t.history.begin(), t.history.end(), [](const HistoryEntry& a, const HistoryEntry& b) {
    return a.timestamp < b.timestamp;
  }));
}
