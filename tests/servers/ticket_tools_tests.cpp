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
  CHECK(s.error("sciorex_create_ticket", {{"title", "x"}, {"type", "epic"}}).find("\"type\"") != std::string::npos);
  CHECK(s.error("sciorex_create_ticket", json::object()).find("\"title\"") != std::string::npos);
  CHECK(s.error("sciorex_list_tickets", {{"limit", 0}}).find("\"limit\"") != std::string::npos);
  CHECK(s.error("sciorex_get_ticket", {{"ticketId", "T-001"}, {"verbose", true}}).find("verbose") != std::string::npos);
}

TEST_CASE("an unknown id says so and how to find valid ones", "[tickets][tools][errors]") {
  TicketServer s;
  std::string m = s.error("sciorex_get_ticket", {{"ticketId", "T-404"}});
  CHECK(m.find("T-404") != std::string::npos);
  CHECK(m.find("sciorex_list_tickets") != std::string::npos);
  CHECK(s.error("sciorex_get_epic", {{"epicId", "E-404"}}).find("sciorex_list_epics") != std::string::npos);
  CHECK(s.error("sciorex_add_comment", {{"ticketId", "T-9"}, {"comment", "hi"}}).find("sciorex_") != std::string::npos);
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
    CHECK(s.error("sciorex_update_ticket", {{"ticketId", id}, {"status", "done"}}).find("status") != std::string::npos);
  }
  SECTION("a stale expectedUpdatedAt is refused with the current value") {
    std::string current = t["updatedAt"];
    std::string m = s.error("sciorex_update_ticket",
                            {{"ticketId", id}, {"title", "Renamed"}, {"expectedUpdatedAt", "2000-01-01T00:00:00Z"}});
    CHECK(m.find(current) != std::string::npos);
    CHECK(s.ok("sciorex_get_ticket", {{"ticketId", id}})["title"] == "Avatar");
    CHECK(s.ok("sciorex_update_ticket", {{"ticketId", id}, {"title", "Renamed"}, {"expectedUpdatedAt", current}})["title"] ==
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
      for (const auto& step : path.at(from)) s.ok("sciorex_change_status", {{"ticketId", id}, {"status", step}});
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
    CHECK(s.error("sciorex_change_status", {{"ticketId", id}, {"status", "in_progress"}}).find("test-client") !=
          std::string::npos);
  }
}

TEST_CASE("list_tickets filters, limits and continues with a cursor", "[tickets][tools][list]") {
  TicketServer s;
  s.ok("sciorex_create_epic", {{"title", "E"}});
  for (int i = 0; i < 7; ++i)
    s.create("Ticket " + std::to_string(i), {{"type", i % 2 ? "bug" : "feature"}, {"priority", i < 3 ? "high" : "low"}});
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
  CHECK(seen == std::vector<std::string>{"T-001", "T-002", "T-003", "T-004", "T-005", "T-006", "T-007", "T-008"});

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

  json u = s.ok("sciorex_update_epic", {{"epicId", "E-001"}, {"status", "completed"}, {"title", "Profiles v1"}});
  CHECK(u["status"] == "completed");
  CHECK(u["title"] == "Profiles v1");
  CHECK(u["completedAt"].is_string());
  CHECK(s.error("sciorex_update_epic", {{"epicId", "E-001"}, {"status", "done"}}).find("open") != std::string::npos);
}

}  // namespace sciorex::tickets::test

namespace sciorex::tickets::test {

TEST_CASE("a 2026 request needs no initialize and records its client as the actor", "[tickets][tools][era]") {
  TicketServer s;
  sciorex::test::Client modern(s.server);
  json meta = sciorex::test::modern_meta();
  meta["io.modelcontextprotocol/clientInfo"]["name"] = "modern-agent";
  json r = modern.request("tools/call", {{"name", "sciorex_create_ticket"}, {"arguments", {{"title", "From 2026"}}}, {"_meta", meta}}, 7);
  INFO(r.dump());
  REQUIRE(r["result"]["structuredContent"]["id"] == "T-001");
  CHECK(s.ok("sciorex_get_ticket", {{"ticketId", "T-001"}})["history"][0]["actor"]["id"] == "modern-agent");
}

}  // namespace sciorex::tickets::test
