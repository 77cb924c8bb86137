// Resources (tickets, epics, the board, templates, completion), change notifications that reach
// a subscribed client whichever process wrote, and the workflow prompts.
#include <chrono>

#include "change_watcher.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "tickets_test_support.hpp"

namespace sciorex::tickets::test {

namespace {

// Waits (at most 5 s) on the client's standalone stream for a message satisfying `match`.
template <class Match>
bool wait_for_message(sciorex::test::Client& client, Match match,
                      std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  return client.standalone()->wait_for_message(match, limit);
}

bool is_update_of(const json& m, const std::string& uri) {
  return m.value("method", "") == "notifications/resources/updated" && m["params"]["uri"] == uri;
}

}  // namespace

TEST_CASE("every ticket and epic is a listed markdown resource, beside the board", "[tickets][resources]") {
  protocol::ServerOptions small;
  small.page_size = 2;
  TicketServer s(small);
  s.ok("sciorex_create_epic", {{"title", "Profiles"}});
  for (int i = 0; i < 3; ++i) s.create("Ticket " + std::to_string(i));
  std::vector<std::string> uris;
  json page = s.rpc("resources/list")["result"];
  for (int guard = 0; guard < 10; ++guard) {
    for (const auto& r : page["resources"]) {
      uris.push_back(r["uri"]);
      CHECK(r["mimeType"] == "text/markdown");
    }
    if (!page.contains("nextCursor")) break;
    page = s.rpc("resources/list", {{"cursor", page["nextCursor"]}})["result"];
  }
  CHECK(uris == std::vector<std::string>{"sciorex://board", "sciorex://tickets/T-001",
                                         "sciorex://tickets/T-002", "sciorex://tickets/T-003",
                                         "sciorex://epics/E-001"});
}

TEST_CASE("reading a ticket, an epic and the board gives markdown", "[tickets][resources]") {
  TicketServer s;
  s.ok("sciorex_create_epic", {{"title", "Profiles"}});
  std::string a =
      s.create_planned("Add avatar upload", {{"epicId", "E-001"},
                                             {"subtasks", {"Design upload UI"}},
                                             {"description", "## Acceptance Criteria\n- [ ] Upload works"}});
  std::string b = s.create_planned("Show avatar", {{"epicId", "E-001"}});
  s.ok("sciorex_add_blocker", {{"ticketId", b}, {"blockerTicketId", a}});

  json t = s.rpc("resources/read", {{"uri", "sciorex://tickets/" + a}})["result"]["contents"][0];
  CHECK(t["mimeType"] == "text/markdown");
  std::string md = t["text"];
  CHECK(md.find("# T-001: Add avatar upload") != std::string::npos);
  CHECK(md.find("- [ ] Upload works") != std::string::npos);
  CHECK(md.find("- [ ] sub-001 Design upload UI") != std::string::npos);
  CHECK(md.find("created by agent test-client") != std::string::npos);

  std::string epic =
      s.rpc("resources/read", {{"uri", "sciorex://epics/E-001"}})["result"]["contents"][0]["text"];
  CHECK(epic.find("0/2 done (0%)") != std::string::npos);
  CHECK(epic.find("T-002 [planned]") != std::string::npos);

  std::string board = s.rpc("resources/read", {{"uri", "sciorex://board"}})["result"]["contents"][0]["text"];
  CHECK(board.find("| planned | 2 |") != std::string::npos);
  CHECK(board.find("## Ready (planned, unblocked)\n\n- T-001") != std::string::npos);
  CHECK(board.find("## Blocked\n\n- T-002") != std::string::npos);
  CHECK(board.find("E-001 [open] Profiles: 0/2 done (0%)") != std::string::npos);

  json missing = s.rpc("resources/read", {{"uri", "sciorex://tickets/T-404"}});
  CHECK(missing["error"]["code"] == -32002);
}

TEST_CASE("templates name the ticket and epic URIs and complete their ids",
          "[tickets][resources][completion]") {
  TicketServer s;
  s.ok("sciorex_create_epic", {{"title", "Profiles"}});
  for (int i = 0; i < 12; ++i) s.create(i == 5 ? "Fix login timeout" : "Ticket " + std::to_string(i));
  json templates = s.rpc("resources/templates/list")["result"]["resourceTemplates"];
  REQUIRE(templates.size() == 2);
  CHECK(templates[0]["uriTemplate"] == "sciorex://tickets/{id}");
  CHECK(templates[1]["uriTemplate"] == "sciorex://epics/{id}");

  auto complete = [&](json ref, const std::string& arg, const std::string& value) {
    return s.rpc("completion/complete",
                 {{"ref", ref}, {"argument", {{"name", arg}, {"value", value}}}})["result"]["completion"];
  };
  json ids = complete({{"type", "ref/resource"}, {"uri", "sciorex://tickets/{id}"}}, "id", "T-01");
  CHECK(ids["values"] == json{"T-010", "T-011", "T-012"});
  CHECK(complete({{"type", "ref/resource"}, {"uri", "sciorex://tickets/{id}"}}, "id", "t-00")["values"]
            .size() == 9);
  CHECK(complete({{"type", "ref/resource"}, {"uri", "sciorex://epics/{id}"}}, "id", "E")["values"] ==
        json{"E-001"});
  // Prompt arguments complete the same way, and by title words when no id matches.
  CHECK(complete({{"type", "ref/prompt"}, {"name", "plan_ticket"}}, "ticketId", "login")["values"] ==
        json{"T-006"});
  // Values the search refuses complete to nothing; they were -32603 (issue 16).
  for (const std::string& value : {std::string(300, 'z'), std::string(600, 'z'), std::string("lo\0gin", 6)}) {
    json r = s.rpc("completion/complete", {{"ref", {{"type", "ref/prompt"}, {"name", "plan_ticket"}}},
                                           {"argument", {{"name", "ticketId"}, {"value", value}}}});
    INFO(r.dump().substr(0, 300));
    REQUIRE(r.contains("result"));
    CHECK(r["result"]["completion"]["values"].empty());
  }
}

TEST_CASE("a subscribed client hears of a change made through another database handle",
          "[tickets][resources][subscriptions]") {
  TicketServer s;
  std::string id = s.create("Avatar");
  ChangeWatcher watcher(s.server, s.store, std::chrono::milliseconds(20));
  watcher.start();
  CHECK(s.rpc("resources/subscribe", {{"uri", "sciorex://tickets/" + id}})["result"] == json::object());
  CHECK(s.rpc("resources/subscribe", {{"uri", "sciorex://board"}})["result"] == json::object());

  // Another process: its own connection to the same file.
  storage::Database other(s.dir.db());
  storage::TicketRepository(other).add_comment(id, "from elsewhere", storage::Actor::agent("other-process"));
  CHECK(
      wait_for_message(s.client, [&](const json& m) { return is_update_of(m, "sciorex://tickets/" + id); }));
  CHECK(wait_for_message(s.client, [&](const json& m) { return is_update_of(m, "sciorex://board"); }));

  SECTION("a ticket created elsewhere changes the resource list") {
    storage::NewTicket nt;
    nt.title = "Made elsewhere";
    storage::TicketRepository(other).create(nt, storage::Actor::agent("other-process"));
    CHECK(wait_for_message(s.client, [](const json& m) {
      return m.value("method", "") == "notifications/resources/list_changed";
    }));
  }
  SECTION("an unsubscribed URI is not notified") {
    s.rpc("resources/unsubscribe", {{"uri", "sciorex://tickets/" + id}});
    std::size_t before = s.client.standalone()->messages().size();
    storage::TicketRepository(other).add_comment(id, "again", storage::Actor::agent("other-process"));
    CHECK(wait_for_message(s.client, [&](const json& m) { return is_update_of(m, "sciorex://board"); }));
    auto all = s.client.standalone()->messages();
    for (std::size_t i = before; i < all.size(); ++i)
      CHECK_FALSE(is_update_of(all[i], "sciorex://tickets/" + id));
  }
  watcher.stop();  // returns promptly: the thread waits on a condition variable
}

TEST_CASE("the watcher starts after the newest event and stops cleanly",
          "[tickets][resources][subscriptions]") {
  TicketServer s;
  s.create("Old");
  ChangeWatcher watcher(s.server, s.store, std::chrono::milliseconds(20));
  CHECK(watcher.poll_once() == 0);  // nothing new since construction
  s.create("New");
  CHECK(watcher.poll_once() > 0);
  auto started = std::chrono::steady_clock::now();
  watcher.start();
  watcher.stop();
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
}

TEST_CASE("the workflow prompts carry the ticket and name the tools to call", "[tickets][prompts]") {
  TicketServer s;
  std::string id =
      s.create("Fix login timeout", {{"type", "bug"},
                                     {"description", "Users on slow connections get logged out."},
                                     {"subtasks", {"Reproduce on 3G"}}});
  json prompts = s.rpc("prompts/list")["result"]["prompts"];
  std::vector<std::string> names;
  for (const auto& p : prompts) {
    names.push_back(p["name"]);
    REQUIRE(p["arguments"].size() == 1);
    CHECK(p["arguments"][0]["name"] == "ticketId");
    CHECK(p["arguments"][0]["required"] == true);
  }
  CHECK(names == std::vector<std::string>{"plan_ticket", "implement_ticket", "review_ticket", "fix_bug"});

  const std::map<std::string, std::vector<std::string>> expected = {
      {"plan_ticket", {"sciorex_add_subtask", "sciorex_change_status", "sciorex_ask_user", "planned"}},
      {"implement_ticket",
       {"sciorex_change_status", "sciorex_complete_subtask", "sciorex_update_subtask", "sciorex_ask_user",
        "in_review"}},
      {"review_ticket", {"sciorex_add_comment", "sciorex_change_status", "done"}},
      {"fix_bug", {"sciorex_change_status", "sciorex_ask_user", "in_review"}}};
  for (const auto& [name, words] : expected) {
    DYNAMIC_SECTION(name) {
      json r = s.rpc("prompts/get", {{"name", name}, {"arguments", {{"ticketId", id}}}})["result"];
      REQUIRE(r["messages"].size() == 1);
      std::string text = r["messages"][0]["content"]["text"];
      CHECK(text.find("# T-001: Fix login timeout") != std::string::npos);
      CHECK(text.find("Users on slow connections") != std::string::npos);
      CHECK(text.find("sub-001 Reproduce on 3G") != std::string::npos);
      for (const auto& w : words) CHECK(text.find(w) != std::string::npos);
    }
  }
  json missing = s.rpc("prompts/get", {{"name", "plan_ticket"}, {"arguments", {{"ticketId", "T-404"}}}});
  CHECK(missing["error"]["code"] == -32602);
  CHECK(missing["error"]["message"].get<std::string>().find("sciorex_list_tickets") != std::string::npos);
}

}  // namespace sciorex::tickets::test
