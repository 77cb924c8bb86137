// The ticket and epic tools through the in-process client: defaults, history and its actor,
// partial updates, the transition table, list filters and paging, epics and their progress.
#include <map>

#include "tickets_test_support.hpp"

namespace sciorex::tickets::test {

TEST_CASE("create_ticket applies the contract's defaults and records who created it", "[tickets][tools]") {
  TicketServer s;
  json t = s.ok("sciorex_create_ticket", {{"title", "Add user profile avatar upload"}});
  CHECK(t["id"] == "T-001");
  CHECK(t["type"] == "task");
  CHECK(t["priority"] == "medium");
  CHECK(t["status"] == "backlog");
  CHECK(t["epicId"].is_null());
  json full = s.ok("sciorex_get_ticket", {{"ticketId", "T-001"}});
  REQUIRE(full["history"].size() == 1);
  CHECK(full["history"][0]["action"] == "created");
  CHECK(full["history"][0]["actor"] == json{{"type", "agent"}, {"id", "test-client"}});
}

TEST_CASE("create_ticket takes every documented argument", "[tickets][tools]") {
  TicketServer s;
  s.ok("sciorex_create_epic", {{"title", "Profiles"}});
  json t = s.ok("sciorex_create_ticket", {{"title", "Fix login timeout"},
                                          {"description", "## Steps\n1. Throttle"},
                                          {"type", "bug"},
                                          {"priority", "high"},
                                          {"epicId", "E-001"},
                                          {"labels", {"auth", "ux"}},
                                          {"subtasks", {"Reproduce", "Fix"}}});
  CHECK(t["type"] == "bug");
  CHECK(t["priority"] == "high");
  CHECK(t["epicId"] == "E-001");
  CHECK(t["labels"] == json{"auth", "ux"});
  REQUIRE(t["subtasks"].size() == 2);
  CHECK(t["subtasks"][1]["id"] == "sub-002");
  CHECK(s.text(s.call("sciorex_create_ticket", {{"title", "x"}})).find("T-002") != std::string::npos);
}

TEST_CASE("bad arguments are tool errors naming the argument", "[tickets][tools][errors]") {
  TicketServer s;
  CHECK(s.error("sciorex_create_ticket", {{"title", "x"}, {"type", "epic"}}).find("\"type\"") !=
        std::string::npos);
  CHECK(s.error("sciorex_create_ticket", json::object()).find("\"title\"") != std::string::npos);
  CHECK(s.error("sciorex_list_tickets", {{"limit", 0}}).find("\"limit\"") != std::string::npos);
  CHECK(s.error("sciorex_get_ticket", {{"ticketId", "T-001"}, {"verbose", true}}).find("verbose") !=
        std::string::npos);
}

TEST_CASE("text arguments: a NUL is refused naming the argument; limits count characters",
          "[tickets][tools][errors]") {
  // Issue 16: a NUL in a query was -32603 or listed every ticket; 251 × "é" was "longer than 500
  // characters"; search advertised maxLength 500 and refused past 200 bytes.
  TicketServer s;
  std::string id = s.create("Avatar upload");
  const std::string nul(1, '\0');
  CHECK(s.error("sciorex_search_tickets", {{"query", nul}}).find("\"query\": must not contain a NUL") !=
        std::string::npos);
  CHECK(s.error("sciorex_search_tickets", {{"query", "Avatar" + nul + "x"}}).find("NUL") !=
        std::string::npos);
  CHECK(s.error("sciorex_create_ticket", {{"title", "a" + nul + "hidden"}}).find("\"title\"") !=
        std::string::npos);
  CHECK(s.error("sciorex_add_comment", {{"ticketId", id}, {"comment", nul}}).find("\"comment\"") !=
        std::string::npos);
  std::string e500;
  for (int i = 0; i < 500; ++i) e500 += "\xC3\xA9";  // 1,000 bytes
  CHECK(s.ok("sciorex_create_ticket", {{"title", e500}})["title"] == e500);
  CHECK(s.error("sciorex_create_ticket", {{"title", e500 + "x"}}).find("longer than 500 characters") !=
        std::string::npos);
  CHECK(s.ok("sciorex_search_tickets", {{"query", e500}})["tickets"].size() == 1);  // the whole title
  CHECK(s.ok("sciorex_search_tickets", {{"query", std::string(400, 'q')}})["tickets"].empty());
  CHECK(s.error("sciorex_search_tickets", {{"query", std::string(501, 'q')}}).find("longer than 500") !=
        std::string::npos);
  CHECK(s.ok("sciorex_list_tickets")["tickets"].size() == 2);  // nothing refused was written
}

TEST_CASE("an unknown id says so and how to find valid ones", "[tickets][tools][errors]") {
  TicketServer s;
  std::string m = s.error("sciorex_get_ticket", {{"ticketId", "T-404"}});
  CHECK(m.find("T-404") != std::string::npos);
  CHECK(m.find("sciorex_list_tickets") != std::string::npos);
  CHECK(s.error("sciorex_get_epic", {{"epicId", "E-404"}}).find("sciorex_list_epics") != std::string::npos);
  CHECK(s.error("sciorex_add_comment", {{"ticketId", "T-9"}, {"comment", "hi"}}).find("sciorex_") !=
        std::string::npos);
}

// Storage words what was wrong; the server names the next step as a tool, the text agents read
// before the split (issue 10).
TEST_CASE("a store error's next step is named as the tool to call", "[tickets][tools][errors]") {
  TicketServer s;
  CHECK(s.error("sciorex_get_ticket", {{"ticketId", "T-404"}}) ==
        "Ticket T-404 not found. Use sciorex_list_tickets or sciorex_search_tickets to find valid ids.");
  CHECK(s.error("sciorex_get_epic", {{"epicId", "E-404"}}) ==
        "Epic E-404 not found. Use sciorex_list_epics to find valid ids.");
  const std::string a = s.create_planned("A");
  const std::string b = s.create("B");
  CHECK(s.error("sciorex_remove_blocker", {{"ticketId", b}, {"blockerTicketId", a}}) ==
        a + " does not block " + b + ". sciorex_get_ticket shows its blockers (blockedBy).");
  const std::string stale =
      s.error("sciorex_update_ticket",
              {{"ticketId", b}, {"title", "x"}, {"expectedUpdatedAt", "2000-01-01T00:00:00Z"}});
  CHECK(stale.rfind("Ticket " + b + " was changed since you read it (updatedAt is now ", 0) == 0);
  CHECK(stale.find("you sent 2000-01-01T00:00:00Z). Read it again with sciorex_get_ticket and retry.") !=
        std::string::npos);
  s.ok("sciorex_change_status", {{"ticketId", a}, {"status", "in_progress"}});
  const std::string claimed = s.error("sciorex_change_status", {{"ticketId", a}, {"status", "in_progress"}});
  CHECK(claimed.rfind("Ticket " + a + " is already in_progress: moved there by ", 0) == 0);
  const std::string next = ". Pick another ticket with sciorex_get_ready_tickets.";
  REQUIRE(claimed.size() > next.size());
  CHECK(claimed.substr(claimed.size() - next.size()) == next);
}

TEST_CASE("update_ticket changes only what it is given; epicId null removes the epic", "[tickets][tools]") {
  TicketServer s;
  s.ok("sciorex_create_epic", {{"title", "Profiles"}});
  std::string id = s.create("Avatar", {{"epicId", "E-001"}, {"labels", {"ui"}}});
  json t = s.ok("sciorex_update_ticket", {{"ticketId", id}, {"priority", "critical"}});
  CHECK(t["priority"] == "critical");
  CHECK(t["epicId"] == "E-001");
  CHECK(t["labels"] == json{"ui"});
  CHECK(t["status"] == "backlog");
  t = s.ok("sciorex_update_ticket", {{"ticketId", id}, {"epicId", nullptr}});
  CHECK(t["epicId"].is_null());
  json history = s.ok("sciorex_get_ticket", {{"ticketId", id}})["history"];
  CHECK(history.back()["action"] == "updated");
  CHECK(history.back()["details"]["epicId"]["from"] == "E-001");
  CHECK(history.back()["details"]["epicId"]["to"].is_null());

  SECTION("status is not an argument of update_ticket") {
    CHECK(s.error("sciorex_update_ticket", {{"ticketId", id}, {"status", "done"}}).find("status") !=
          std::string::npos);
  }
  SECTION("a stale expectedUpdatedAt is refused with the current value") {
    std::string current = t["updatedAt"];
    std::string m =
        s.error("sciorex_update_ticket",
                {{"ticketId", id}, {"title", "Renamed"}, {"expectedUpdatedAt", "2000-01-01T00:00:00Z"}});
    CHECK(m.find(current) != std::string::npos);
    CHECK(s.ok("sciorex_get_ticket", {{"ticketId", id}})["title"] == "Avatar");
    CHECK(s.ok("sciorex_update_ticket",
               {{"ticketId", id}, {"title", "Renamed"}, {"expectedUpdatedAt", current}})["title"] ==
          "Renamed");
  }
}

TEST_CASE("change_status allows exactly the contract's transitions", "[tickets][tools][status]") {
  TicketServer s;
  // How to reach each status from backlog.
  const std::map<std::string, std::vector<std::string>> path = {
      {"backlog", {}},
      {"planned", {"planned"}},
      {"in_progress", {"planned", "in_progress"}},
      {"in_review", {"planned", "in_progress", "in_review"}},
      {"done", {"planned", "in_progress", "done"}},
      {"cancelled", {"cancelled"}}};
  const std::map<std::string, std::vector<std::string>> allowed = {
      {"backlog", {"planned", "cancelled"}},
      {"planned", {"backlog", "in_progress", "cancelled"}},
      {"in_progress", {"planned", "in_review", "done", "cancelled"}},
      {"in_review", {"in_progress", "done", "cancelled"}},
      {"done", {"in_progress"}},
      {"cancelled", {"backlog"}}};
  for (const auto& [from, targets] : allowed) {
    for (const auto& to : {"backlog", "planned", "in_progress", "in_review", "done", "cancelled"}) {
      if (from == to) continue;
      std::string id = s.create(from + " to " + to);
      for (const auto& step : path.at(from))
        s.ok("sciorex_change_status", {{"ticketId", id}, {"status", step}});
      bool ok = std::find(targets.begin(), targets.end(), to) != targets.end();
      INFO(from << " -> " << to);
      json r = s.call("sciorex_change_status", {{"ticketId", id}, {"status", to}, {"comment", "moving"}});
      CHECK(r.value("isError", false) == !ok);
      if (ok) {
        CHECK(r["structuredContent"]["status"] == to);
        CHECK(r["structuredContent"]["completedAt"].is_null() == (std::string(to) != "done"));
      } else {
        std::string m = s.text(r);
        CHECK(m.find("Invalid status transition") != std::string::npos);
        for (const auto& t : targets) CHECK(m.find(t) != std::string::npos);
      }
    }
  }
}

TEST_CASE("change_status records from, to and the comment in the history", "[tickets][tools][status]") {
  TicketServer s;
  std::string id = s.create_planned("Avatar");
  s.ok("sciorex_change_status", {{"ticketId", id}, {"status", "in_progress"}, {"comment", "Starting"}});
  json h = s.ok("sciorex_get_ticket", {{"ticketId", id}})["history"].back();
  CHECK(h["action"] == "status_changed");
  CHECK(h["details"]["from"] == "planned");
  CHECK(h["details"]["to"] == "in_progress");
  CHECK(h["details"].dump().find("Starting") != std::string::npos);
  SECTION("claiming a ticket already in progress names who has it") {
    CHECK(
        s.error("sciorex_change_status", {{"ticketId", id}, {"status", "in_progress"}}).find("test-client") !=
        std::string::npos);
  }
}

TEST_CASE("list_tickets filters, limits and continues with a cursor", "[tickets][tools][list]") {
  TicketServer s;
  s.ok("sciorex_create_epic", {{"title", "E"}});
  for (int i = 0; i < 7; ++i)
    s.create("Ticket " + std::to_string(i),
             {{"type", i % 2 ? "bug" : "feature"}, {"priority", i < 3 ? "high" : "low"}});
  s.create("In epic", {{"epicId", "E-001"}});
  s.ok("sciorex_change_status", {{"ticketId", "T-001"}, {"status", "planned"}});

  json all = s.ok("sciorex_list_tickets");
  CHECK(all["count"] == 8);
  CHECK_FALSE(all.contains("nextCursor"));
  CHECK(s.ok("sciorex_list_tickets", {{"type", "bug"}})["count"] == 3);
  CHECK(s.ok("sciorex_list_tickets", {{"priority", "high"}})["count"] == 3);
  CHECK(s.ok("sciorex_list_tickets", {{"status", "planned"}})["tickets"][0]["id"] == "T-001");
  json in_epic = s.ok("sciorex_list_tickets", {{"epicId", "E-001"}});
  REQUIRE(in_epic["count"] == 1);
  CHECK(in_epic["tickets"][0]["epicId"] == "E-001");

  std::vector<std::string> seen;
  json page = s.ok("sciorex_list_tickets", {{"limit", 3}});
  for (;;) {
    CHECK(page["tickets"].size() <= 3);
    for (const auto& t : page["tickets"]) seen.push_back(t["id"]);
    if (!page.contains("nextCursor")) break;
    page = s.ok("sciorex_list_tickets", {{"limit", 3}, {"cursor", page["nextCursor"]}});
  }
  CHECK(seen ==
        std::vector<std::string>{"T-001", "T-002", "T-003", "T-004", "T-005", "T-006", "T-007", "T-008"});

  std::string text = s.text(s.call("sciorex_list_tickets", {{"status", "planned"}}));
  CHECK(text.rfind("T-001 [planned] high feature: Ticket 0", 0) == 0);
}

TEST_CASE("epics report progress from their done tickets", "[tickets][tools][epics]") {
  TicketServer s;
  json e = s.ok("sciorex_create_epic", {{"title", "Profiles"}, {"description", "All of it"}});
  CHECK(e["id"] == "E-001");
  CHECK(e["status"] == "open");
  std::string a = s.create_planned("A", {{"epicId", "E-001"}});
  s.create("B", {{"epicId", "E-001"}});
  s.create("C", {{"epicId", "E-001"}});
  s.create("D", {{"epicId", "E-001"}});
  s.ok("sciorex_change_status", {{"ticketId", a}, {"status", "in_progress"}});
  s.ok("sciorex_change_status", {{"ticketId", a}, {"status", "done"}});

  json got = s.ok("sciorex_get_epic", {{"epicId", "E-001"}});
  CHECK(got["progress"]["total"] == 4);
  CHECK(got["progress"]["done"] == 1);
  CHECK(got["progress"]["percentage"] == 25);
  CHECK(got["tickets"].size() == 4);
  json list = s.ok("sciorex_list_epics");
  REQUIRE(list["epics"].size() == 1);
  CHECK(list["epics"][0]["progress"]["percentage"] == 25);
  CHECK(s.text(s.call("sciorex_list_epics")).find("1/4 done (25%)") != std::string::npos);

  json u =
      s.ok("sciorex_update_epic", {{"epicId", "E-001"}, {"status", "completed"}, {"title", "Profiles v1"}});
  CHECK(u["status"] == "completed");
  CHECK(u["title"] == "Profiles v1");
  CHECK(u["completedAt"].is_string());
  CHECK(s.error("sciorex_update_epic", {{"epicId", "E-001"}, {"status", "done"}}).find("open") !=
        std::string::npos);
}

}  // namespace sciorex::tickets::test

namespace sciorex::tickets::test {

TEST_CASE("a 2026 request needs no initialize and records its client as the actor", "[tickets][tools][era]") {
  TicketServer s;
  sciorex::test::Client modern(s.server);
  json meta = sciorex::test::modern_meta();
  meta["io.modelcontextprotocol/clientInfo"]["name"] = "modern-agent";
  json r = modern.request(
      "tools/call",
      {{"name", "sciorex_create_ticket"}, {"arguments", {{"title", "From 2026"}}}, {"_meta", meta}}, 7);
  INFO(r.dump());
  REQUIRE(r["result"]["structuredContent"]["id"] == "T-001");
  CHECK(s.ok("sciorex_get_ticket", {{"ticketId", "T-001"}})["history"][0]["actor"]["id"] == "modern-agent");
}

}  // namespace sciorex::tickets::test

#include "sciorex/protocol/wire.hpp"
#include "ticket_detail.hpp"
#include "ticket_json.hpp"

namespace sciorex::tickets::test {

TEST_CASE("the get_ticket answer written as text is byte for byte the serialised document",
          "[tickets][get]") {
  // ticket_detail_text skips the document for speed; it must never change a byte of the answer.
  TempDir dir;
  Store store(dir.db());
  auto& repo = store.tickets;
  const storage::Actor dev = storage::Actor::agent("dev \"quoted\" ✓");
  storage::NewTicket in;
  in.title = "Avatar upload: \"quotes\", back\\slash, tab\t, ünïcödé ✓";
  in.description = std::string(3000, 'x') + "\nline two\u2028 end";
  in.labels = {"ui", "bäck-end", "x\"y"};
  in.subtasks = {"Design", "Build", "Test"};
  in.type = storage::TicketType::Feature;
  in.priority = storage::Priority::High;
  repo.create(in, dev);
  repo.create(storage::NewTicket{.title = "API"}, dev);
  repo.create(storage::NewTicket{.title = "Docs"}, dev);
  repo.add_blocker("T-001", "T-002", std::string("needs the API"), dev);
  repo.add_blocker("T-001", "T-003", std::nullopt, dev);
  repo.add_relation("T-001", "T-003", dev);
  repo.create(storage::NewTicket{.title = "Follow-up"}, dev);
  repo.add_blocker("T-004", "T-001", std::nullopt, dev);  // so T-001 blocks one
  repo.update_subtask("T-001", {.id = "sub-002"}, storage::SubtaskStatus::Blocked,
                      std::string("waiting on T-002"), dev);
  repo.complete_subtask("T-001", {.id = "sub-001"}, true, dev);
  for (int i = 0; i < 14; ++i)
    repo.add_comment("T-001", "Comment " + std::to_string(i) + ": " + std::string(i * 150, 'c'), dev);
  repo.report_progress("T-001", "half way \"there\"", 50, dev);
  repo.link_resource("T-001", {.url = std::string("https://example.com/a?b=1&c=\"2\""), .title = "Spec"},
                     dev);
  repo.link_resource("T-001",
                     {.path = std::string("docs/avatar.md"), .title = "", .kind = std::string("doc")}, dev);
  repo.link_session({.session_id = "session-1", .ticket_id = "T-001", .title = "Planning", .notes = "n"},
                    dev);
  repo.link_session({.session_id = "session-2", .ticket_id = "T-001", .archived = true}, dev);
  const storage::Ticket t = store.ticket_reads.get("T-001");
  REQUIRE(t.comments.size() == 14);
  REQUIRE(t.history.size() > 20);

  std::vector<TicketView> views(1);
  TicketView small;  // every window cut: page notes, truncated comments, a description window
  small.description_limit = 1000;
  small.description_offset = 500;
  small.comments_limit = 3;
  small.comment_chars = 200;
  small.history_limit = 4;
  small.list_limit = 1;
  views.push_back(small);
  TicketView offsets;
  offsets.comments_offset = 2;
  offsets.history_offset = 5;
  offsets.history_limit = 3;
  views.push_back(offsets);
  TicketView empty;
  empty.comments_limit = 0;
  empty.history_limit = 0;
  empty.list_limit = 0;
  views.push_back(empty);
  for (std::size_t v = 0; v < views.size(); ++v) {
    INFO("view " << v);
    const TicketSlice slice = slice_ticket(t, views[v]);
    const std::string text = ticket_detail_text(slice);
    CHECK(text == protocol::serialize(ticket_detail_json(slice)));
    CHECK(protocol::serialize(protocol::raw_json(text)) == text);
  }
  // And a ticket with nothing but a title.
  const storage::Ticket bare = store.ticket_reads.get("T-003");
  const TicketSlice slice = slice_ticket(bare, TicketView{});
  CHECK(ticket_detail_text(slice) == protocol::serialize(ticket_detail_json(slice)));
}

}  // namespace sciorex::tickets::test
