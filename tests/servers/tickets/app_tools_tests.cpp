// The board and ticket views' tools (MCP Apps, issue 15): sciorex_show_board's board, the app-only
// tools that move a card, tick a subtask and add a comment as the person (`user <name>`, as the web
// board records them), their errors, and that a client without the extension is offered none of it
// and sees today's definitions exactly (both eras).
#include <set>

#include "sciorex/common/command_line.hpp"
#include "tickets_test_support.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets::test {

namespace {

json apps_history_actor(TicketServer& s, const std::string& id, const std::string& action) {
  json t = s.ok("sciorex_get_ticket", {{"ticketId", id}, {"historyOffset", 0}, {"historyLimit", 100}});
  json found;
  for (const auto& h : t["history"])
    if (h["action"] == action) found = h["actor"];
  return found;
}

json person() { return {{"type", "user"}, {"id", common::person_name()}}; }

}  // namespace

TEST_CASE("sciorex_show_board: columns in the contract's order with totals and cards", "[tickets][apps]") {
  TicketServer s({}, apps_client_capabilities());
  s.ok("sciorex_create_epic", {{"title", "Epic"}});
  const std::string a = s.create(
      "Alpha", {{"priority", "high"}, {"labels", {"ui"}}, {"epicId", "E-001"}, {"subtasks", {"one", "two"}}});
  const std::string b = s.create_planned("Beta");
  s.create("Gamma", {{"type", "bug"}});
  s.ok("sciorex_add_blocker", {{"ticketId", a}, {"blockerTicketId", b}});
  s.ok("sciorex_complete_subtask", {{"ticketId", a}, {"subtaskId", "sub-001"}});

  json r = s.call("sciorex_show_board");
  json board = r["structuredContent"];
  std::vector<std::string> order;
  for (const auto& c : board["columns"]) order.push_back(c["status"]);
  CHECK(order == std::vector<std::string>{"backlog", "planned", "in_progress", "in_review", "done"});
  CHECK(board["total"] == 3);
  CHECK(board["columns"][0]["total"] == 2);
  CHECK(board["columns"][1]["total"] == 1);
  CHECK(board["transitions"]["backlog"].size() > 0);
  json card;
  for (const auto& c : board["columns"][0]["cards"])
    if (c["id"] == a) card = c;
  REQUIRE(card.is_object());
  CHECK(card["title"] == "Alpha");
  CHECK(card["priority"] == "high");
  CHECK(card["labels"] == json{"ui"});
  CHECK(card["epicId"] == "E-001");
  CHECK(card["subtasks"] == json{{"done", 1}, {"total", 2}});
  CHECK(card["blocked"] == true);
  CHECK(card["updatedAt"].is_string());
  CHECK(s.text(r) ==
        "Board shown to the person: 2 backlog, 1 planned, 0 in_progress, 0 in_review, 0 done (3 tickets).");

  json bugs = s.ok("sciorex_show_board", {{"type", "bug"}, {"includeCancelled", true}});
  CHECK(bugs["columns"].size() == 6);
  CHECK(bugs["total"] == 1);
  json planned = s.ok("sciorex_show_board", {{"status", "planned"}});
  REQUIRE(planned["columns"].size() == 1);
  CHECK(planned["columns"][0]["cards"][0]["id"] == b);
  CHECK(s.error("sciorex_show_board", {{"status", "nowhere"}}).find("status") != std::string::npos);
}

TEST_CASE("sciorex_ui_move_ticket moves a card as the person; refused moves and stale cards are tool errors",
          "[tickets][apps]") {
  TicketServer s({}, apps_client_capabilities());
  const std::string id = s.create("Alpha");
  const std::string before = s.ok("sciorex_get_ticket", {{"ticketId", id}})["updatedAt"];

  SECTION("a move, recorded as the person, returns the card") {
    json r = s.ok("sciorex_ui_move_ticket",
                  {{"ticketId", id}, {"status", "planned"}, {"expectedUpdatedAt", before}});
    CHECK(r["card"]["id"] == id);
    CHECK(r["card"]["status"] == "planned");
    CHECK(r["card"]["updatedAt"] != before);
    CHECK(r["allowedTransitions"].size() > 0);
    CHECK(apps_history_actor(s, id, "status_changed") == person());
  }
  SECTION("a transition the table refuses") {
    std::string e = s.error("sciorex_ui_move_ticket", {{"ticketId", id}, {"status", "done"}});
    CHECK(e.find("backlog") != std::string::npos);
    CHECK(s.ok("sciorex_get_ticket", {{"ticketId", id}})["status"] == "backlog");
  }
  SECTION("a card the view read before the ticket changed") {
    s.ok("sciorex_update_ticket", {{"ticketId", id}, {"title", "Alpha 2"}});
    std::string e = s.error("sciorex_ui_move_ticket",
                            {{"ticketId", id}, {"status", "planned"}, {"expectedUpdatedAt", before}});
    CHECK(e.find("changed since the view read it") != std::string::npos);
    CHECK(s.ok("sciorex_get_ticket", {{"ticketId", id}})["status"] == "backlog");
  }
  SECTION("an unknown ticket") {
    CHECK(s.error("sciorex_ui_move_ticket", {{"ticketId", "T-404"}, {"status", "planned"}}).find("T-404") !=
          std::string::npos);
  }
}

TEST_CASE("sciorex_ui_set_subtask and sciorex_ui_add_comment change the ticket as the person",
          "[tickets][apps]") {
  TicketServer s({}, apps_client_capabilities());
  const std::string id = s.create("Alpha", {{"subtasks", {"one", "two"}}});
  json t = s.ok("sciorex_ui_set_subtask", {{"ticketId", id}, {"subtaskId", "sub-002"}, {"completed", true}});
  CHECK(t["id"] == id);
  CHECK(t["subtasks"][1]["completed"] == true);
  CHECK(t["subtasks"][0]["completed"] == false);
  t = s.ok("sciorex_ui_set_subtask", {{"ticketId", id}, {"subtaskId", "sub-002"}, {"completed", false}});
  CHECK(t["subtasks"][1]["completed"] == false);
  CHECK(s.error("sciorex_ui_set_subtask", {{"ticketId", id}, {"subtaskId", "sub-009"}, {"completed", true}})
            .find("sub-009") != std::string::npos);
  CHECK(s.error("sciorex_ui_set_subtask", {{"ticketId", id}, {"subtaskId", "sub-001"}}) ==
        "Invalid argument \"completed\": required");

  t = s.ok("sciorex_ui_add_comment", {{"ticketId", id}, {"text", "Looks good"}});
  REQUIRE(t["comments"].size() == 1);
  CHECK(t["comments"][0]["text"] == "Looks good");
  CHECK(t["comments"][0]["author"] == person());
  CHECK(s.error("sciorex_ui_add_comment", {{"ticketId", id}, {"text", ""}}).find("text") !=
        std::string::npos);
  CHECK(s.ok("sciorex_get_ticket", {{"ticketId", id}})["comments"].size() == 1);
}

TEST_CASE("a client without the extension sees today's tools exactly and none of the views (both eras)",
          "[tickets][apps]") {
  TicketServer s;  // roots only
  const std::set<std::string> app_tools{"sciorex_show_board", "sciorex_ui_move_ticket",
                                        "sciorex_ui_set_subtask", "sciorex_ui_add_comment"};
  auto check_plain = [&](const json& list) {
    std::size_t n = 0;
    for (const auto& t : list["result"]["tools"]) {
      ++n;
      CHECK_FALSE(app_tools.count(t["name"]));
      CHECK(t == tool_catalogue().definition(t["name"]));
      CHECK_FALSE(t.contains("_meta"));
    }
    CHECK(n == tool_catalogue().names().size() - app_tools.size());
  };
  check_plain(s.rpc("tools/list"));
  json modern = {{"_meta", sciorex::test::modern_meta(json::object())}};
  check_plain(s.rpc("tools/list", modern));
  const json plain_resources = s.rpc("resources/list");
  for (const auto& r : plain_resources["result"]["resources"])
    CHECK(r["uri"].get<std::string>().rfind("ui://", 0) != 0);
  CHECK(s.rpc("resources/read", {{"uri", "ui://sciorex/board"}})["error"]["code"] == -32002);
  const std::string id = s.create("Alpha");
  for (const auto& name : app_tools) {
    json r = s.rpc("tools/call", {{"name", name}, {"arguments", {{"ticketId", id}, {"status", "planned"}}}});
    CHECK(r["error"]["code"] == -32602);
    CHECK(r["error"]["message"].get<std::string>().find("Unknown tool") != std::string::npos);
    json m = s.rpc("tools/call", {{"name", name},
                                  {"arguments", json::object()},
                                  {"_meta", sciorex::test::modern_meta(json::object())}});
    CHECK(m["error"]["code"] == -32602);
  }
  CHECK(s.ok("sciorex_get_ticket", {{"ticketId", id}})["status"] == "backlog");  // nothing moved
}

TEST_CASE("a client with the extension gets the views, the link from sciorex_get_ticket and the tools",
          "[tickets][apps]") {
  TicketServer s({}, apps_client_capabilities());
  const json tools = s.rpc("tools/list")["result"]["tools"];
  json by_name = json::object();
  for (const auto& t : tools) by_name[t["name"].get<std::string>()] = t;
  CHECK(by_name["sciorex_get_ticket"]["_meta"]["ui"] == json{{"resourceUri", "ui://sciorex/ticket"}});
  CHECK(by_name["sciorex_show_board"]["_meta"]["ui"]["resourceUri"] == "ui://sciorex/board");
  CHECK(by_name["sciorex_ui_move_ticket"]["_meta"]["ui"]["visibility"] == json{"app"});
  CHECK_FALSE(by_name["sciorex_show_board"].contains("x-requiresExtension"));
  std::set<std::string> uris;
  const json listed = s.rpc("resources/list");
  for (const auto& r : listed["result"]["resources"]) uris.insert(r["uri"].get<std::string>());
  CHECK(uris.count("ui://sciorex/board"));
  CHECK(uris.count("ui://sciorex/ticket"));
  CHECK_FALSE(uris.count("ui://sciorex/question"));  // sciorex-interactions' view
  for (const char* uri : {"ui://sciorex/board", "ui://sciorex/ticket"}) {
    json c = s.rpc("resources/read", {{"uri", uri}})["result"]["contents"][0];
    CHECK(c["uri"] == uri);
    CHECK(c["mimeType"] == "text/html;profile=mcp-app");
    CHECK(c["text"].get<std::string>().find("<html") != std::string::npos);
    CHECK(c["_meta"]["ui"]["prefersBorder"].is_boolean());
  }
}

}  // namespace sciorex::tickets::test
