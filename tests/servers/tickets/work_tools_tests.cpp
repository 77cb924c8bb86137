// Tools of the work itself: subtasks (by id and partial title; statuses), search, ready and
// blocked, progress reports, comments, blockers and links to resources and sessions.
#include "tickets_test_support.hpp"

namespace sciorex::tickets::test {

TEST_CASE("subtasks are completed by id or by a partial case-insensitive title",
          "[tickets][tools][subtasks]") {
  TicketServer s;
  std::string id =
      s.create("Avatar", {{"subtasks", {"Design upload UI", "Implement backend upload endpoint"}}});
  json added = s.ok("sciorex_add_subtask", {{"ticketId", id}, {"title", "Write tests"}});
  CHECK(added["subtask"]["id"] == "sub-003");
  CHECK(added["subtask"]["status"] == "pending");

  json done = s.ok("sciorex_complete_subtask", {{"ticketId", id}, {"title", "BACKEND"}});
  CHECK(done["subtask"]["id"] == "sub-002");
  CHECK(done["subtask"]["completed"] == true);
  CHECK(done["subtask"]["completedAt"].is_string());
  // subtaskId wins over title.
  CHECK(s.ok("sciorex_complete_subtask",
             {{"ticketId", id}, {"subtaskId", "sub-003"}, {"title", "design"}})["subtask"]["id"] ==
        "sub-003");
  json reopened =
      s.ok("sciorex_complete_subtask", {{"ticketId", id}, {"subtaskId", "sub-003"}, {"completed", false}});
  CHECK(reopened["subtask"]["completed"] == false);
  CHECK(reopened["subtask"]["completedAt"].is_null());

  json list = s.ok("sciorex_list_subtasks", {{"ticketId", id}});
  CHECK(list["total"] == 3);
  CHECK(list["completed"] == 1);
  CHECK(list["pending"] == 2);
  CHECK(list["percentage"] == 33);
  CHECK(s.text(s.call("sciorex_list_subtasks", {{"ticketId", id}})).find("[x] sub-002") != std::string::npos);

  // The refusal lists the subtasks, so the agent can pick one.
  CHECK(
      s.error("sciorex_complete_subtask", {{"ticketId", id}, {"title", "nothing like it"}}).find("sub-002") !=
      std::string::npos);
  CHECK(s.error("sciorex_complete_subtask", {{"ticketId", id}}).find("subtaskId") != std::string::npos);
}

TEST_CASE("update_subtask sets each status with a note; completed follows done",
          "[tickets][tools][subtasks]") {
  TicketServer s;
  std::string id = s.create("Avatar", {{"subtasks", {"Design upload UI"}}});
  for (const char* status : {"in_progress", "blocked", "skipped", "done", "pending"}) {
    json r = s.ok("sciorex_update_subtask", {{"ticketId", id},
                                             {"subtaskId", "sub-001"},
                                             {"status", status},
                                             {"note", std::string("now ") + status}});
    CHECK(r["subtask"]["status"] == status);
    CHECK(r["subtask"]["completed"] == (std::string(status) == "done"));
    CHECK(r["subtask"]["note"] == std::string("now ") + status);
  }
  CHECK(
      s.error("sciorex_update_subtask", {{"ticketId", id}, {"subtaskId", "sub-001"}, {"status", "finished"}})
          .find("pending") != std::string::npos);
  CHECK(s.ok("sciorex_update_subtask",
             {{"ticketId", id}, {"title", "upload"}, {"status", "in_progress"}})["subtask"]["id"] ==
        "sub-001");
}

TEST_CASE("search is case-insensitive over id, title and description", "[tickets][tools][search]") {
  TicketServer s;
  s.create("Add avatar upload");
  s.create("Fix login timeout", {{"description", "Users on SLOW connections get logged out"}});
  s.create("Unrelated");
  CHECK(s.ok("sciorex_search_tickets", {{"query", "AVATAR"}})["tickets"][0]["id"] == "T-001");
  CHECK(s.ok("sciorex_search_tickets", {{"query", "slow conn"}})["tickets"][0]["id"] == "T-002");
  CHECK(s.ok("sciorex_search_tickets", {{"query", "t-003"}})["tickets"][0]["id"] == "T-003");
  CHECK(s.ok("sciorex_search_tickets", {{"query", "o"}, {"limit", 1}})["count"] == 1);
  CHECK(s.ok("sciorex_search_tickets", {{"query", "nothing matches this"}})["count"] == 0);
}

TEST_CASE("ready tickets are planned and unblocked; blocked ones name their blockers",
          "[tickets][tools][ready]") {
  TicketServer s;
  std::string a = s.create_planned("Backend endpoint", {{"priority", "low"}});
  std::string b = s.create_planned("Upload UI", {{"priority", "critical"}, {"type", "bug"}});
  s.create("Still in backlog");
  json r = s.ok("sciorex_add_blocker",
                {{"ticketId", b}, {"blockerTicketId", a}, {"reason", "needs the endpoint"}});
  CHECK(r["added"] == true);
  CHECK(s.ok("sciorex_add_blocker", {{"ticketId", b}, {"blockerTicketId", a}})["added"] == false);

  json ready = s.ok("sciorex_get_ready_tickets");
  REQUIRE(ready["count"] == 1);
  CHECK(ready["tickets"][0]["id"] == a);
  json blocked = s.ok("sciorex_get_blocked_tickets");
  REQUIRE(blocked["count"] == 1);
  CHECK(blocked["tickets"][0]["id"] == b);
  CHECK(blocked["tickets"][0]["blockedBy"] == json{a});
  CHECK(s.text(s.call("sciorex_get_blocked_tickets")).find("blocked by " + a) != std::string::npos);
  json got = s.ok("sciorex_get_ticket", {{"ticketId", b}});
  CHECK(got["blockedBy"][0]["reason"] == "needs the endpoint");
  CHECK(s.ok("sciorex_get_ticket", {{"ticketId", a}})["blocks"] == json{b});

  SECTION("a finished blocker frees the ticket") {
    s.ok("sciorex_change_status", {{"ticketId", a}, {"status", "in_progress"}});
    s.ok("sciorex_change_status", {{"ticketId", a}, {"status", "done"}});
    json now = s.ok("sciorex_get_ready_tickets", {{"type", "bug"}});
    REQUIRE(now["count"] == 1);
    CHECK(now["tickets"][0]["id"] == b);
  }
  SECTION("removing the blocker frees it too; removing it twice says it does not block") {
    s.ok("sciorex_remove_blocker", {{"ticketId", b}, {"blockerTicketId", a}});
    CHECK(s.ok("sciorex_get_ready_tickets")["tickets"][0]["id"] == b);  // critical first
    CHECK(
        s.error("sciorex_remove_blocker", {{"ticketId", b}, {"blockerTicketId", a}}).find("does not block") !=
        std::string::npos);
  }
  SECTION("self-blocks and cycles are refused") {
    CHECK(s.call("sciorex_add_blocker", {{"ticketId", a}, {"blockerTicketId", a}}).value("isError", false));
    CHECK(s.call("sciorex_add_blocker", {{"ticketId", a}, {"blockerTicketId", b}}).value("isError", false));
  }
}

TEST_CASE("progress reports and comments land in the ticket with the client as actor",
          "[tickets][tools][activity]") {
  TicketServer s;
  std::string id = s.create("Avatar");
  json p =
      s.ok("sciorex_report_progress", {{"ticketId", id}, {"message", "Endpoint done"}, {"percentage", 40}});
  CHECK(p["entry"]["action"] == "progress_reported");
  CHECK(p["entry"]["details"]["percentage"] == 40);
  CHECK(s.error("sciorex_report_progress", {{"ticketId", id}, {"message", "x"}, {"percentage", 101}})
            .find("percentage") != std::string::npos);
  json c = s.ok("sciorex_add_comment", {{"ticketId", id}, {"comment", "Timeout is hardcoded"}});
  CHECK(c["comment"]["author"] == json{{"type", "agent"}, {"id", "test-client"}});
  json t = s.ok("sciorex_get_ticket", {{"ticketId", id}});
  REQUIRE(t["comments"].size() == 1);
  CHECK(t["comments"][0]["text"] == "Timeout is hardcoded");
  bool found = false;
  for (const auto& h : t["history"])
    found = found || (h["action"] == "progress_reported" && h["actor"]["id"] == "test-client");
  CHECK(found);
}

TEST_CASE("link_resource attaches a URL or a path, shown by get_ticket", "[tickets][tools][links]") {
  TicketServer s;
  std::string id = s.create("Avatar");
  json pr = s.ok(
      "sciorex_link_resource",
      {{"ticketId", id}, {"url", "https://github.com/acme/app/pull/12"}, {"kind", "pr"}, {"title", "PR"}});
  CHECK(pr["resource"]["kind"] == "pr");
  json file = s.ok("sciorex_link_resource", {{"ticketId", id}, {"path", "src/avatar.ts"}});
  CHECK(file["resource"]["kind"] == "file");
  CHECK(s.error("sciorex_link_resource", {{"ticketId", id}}).find("url") != std::string::npos);
  CHECK(
      s.error("sciorex_link_resource", {{"ticketId", id}, {"url", "u"}, {"path", "p"}}).find("exactly one") !=
      std::string::npos);
  json t = s.ok("sciorex_get_ticket", {{"ticketId", id}});
  REQUIRE(t["resources"].size() == 2);
  CHECK(t["resources"][0]["url"] == "https://github.com/acme/app/pull/12");
  CHECK(t["resources"][1]["path"] == "src/avatar.ts");
}

TEST_CASE("link_session links the ticket and its epic and sets lastSessionId", "[tickets][tools][links]") {
  TicketServer s;
  s.ok("sciorex_create_epic", {{"title", "Profiles"}});
  std::string id = s.create("Avatar", {{"epicId", "E-001"}});
  json r = s.ok("sciorex_link_session", {{"sessionId", "chat-1"}, {"ticketId", id}, {"title", "Planning"}});
  REQUIRE(r["links"].size() == 2);
  CHECK(r["links"][0]["entityId"] == id);
  CHECK(r["links"][1]["entityId"] == "E-001");
  json t = s.ok("sciorex_get_ticket", {{"ticketId", id}});
  CHECK(t["lastSessionId"] == "chat-1");
  REQUIRE(t["sessions"].size() == 1);
  CHECK(t["sessions"][0]["title"] == "Planning");
  CHECK(s.ok("sciorex_get_epic", {{"epicId", "E-001"}})["sessions"][0]["sessionId"] == "chat-1");

  json archived =
      s.ok("sciorex_link_session",
           {{"sessionId", "chat-1"}, {"ticketId", id}, {"archived", true}, {"notes", "Plan agreed"}});
  CHECK(archived["links"][0]["archived"] == true);
  CHECK(s.ok("sciorex_link_session", {{"sessionId", "chat-2"}, {"epicId", "E-001"}})["links"].size() == 1);
  CHECK(s.error("sciorex_link_session", {{"sessionId", "chat-3"}}).find("ticketId") != std::string::npos);
}

}  // namespace sciorex::tickets::test
