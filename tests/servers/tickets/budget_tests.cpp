// Tokens are the agent's budget: a 50-ticket list stays under 10 KB, and no answer exceeds
// Claude Code's 25k-token cap (about 80,000 characters), however large the ticket.
#include <SQLiteCpp/SQLiteCpp.h>

#include "tickets_test_support.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets::test {

namespace {

constexpr std::size_t kCap = 80'000;

std::size_t size_of(const json& result) { return result.dump().size(); }

}  // namespace

TEST_CASE("a list of 50 tickets answers in under 10 KB, text and structure together", "[tickets][budget]") {
  TicketServer s;
  const char* types[] = {"feature", "bug", "task", "refactor"};
  for (int i = 0; i < 50; ++i)
    s.create("Add user profile avatar upload, part " + std::to_string(i),
             {{"type", types[i % 4]},
              {"priority", i % 3 ? "medium" : "high"},
              {"description", std::string(2000, 'd')}});
  json r = s.call("sciorex_list_tickets");
  REQUIRE(r["structuredContent"]["count"] == 50);
  CHECK(size_of(r) < 10 * 1024);
  // One line per ticket in the text.
  std::string text = s.text(r);
  CHECK(std::count(text.begin(), text.end(), '\n') == 50);
  CHECK(size_of(s.call("sciorex_search_tickets", {{"query", "avatar"}, {"limit", 50}})) < 10 * 1024);
}

TEST_CASE("long titles are cut shorter so that 50 tickets still fit in 10 KB", "[tickets][budget]") {
  TicketServer s;
  for (int i = 0; i < 50; ++i)
    s.create("Refactor the avatar upload pipeline so that thumbnails are generated asynchronously, number " +
                 std::to_string(i),
             {{"type", "refactor"}, {"priority", "critical"}});
  // The longest status in every line.
  for (int i = 1; i <= 50; ++i) {
    std::string id = "T-0" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    s.ok("sciorex_change_status", {{"ticketId", id}, {"status", "planned"}});
    s.ok("sciorex_change_status", {{"ticketId", id}, {"status", "in_progress"}});
  }
  json r = s.call("sciorex_list_tickets");
  REQUIRE(r["structuredContent"]["count"] == 50);
  CHECK(size_of(r) < 10 * 1024);
  std::string first = r["structuredContent"]["tickets"][0]["title"];
  CHECK(first.rfind("Refactor the avatar", 0) == 0);
  CHECK(first.size() < 60);
}

TEST_CASE("a ticket with a 500 KB description and 2,000 comments still answers under the cap",
          "[tickets][budget]") {
  TicketServer s;
  std::string id = s.create("Huge", {{"subtasks", {"One", "Two"}}});
  // The store caps descriptions at 100 KB; write a larger one underneath it, as an older or
  // foreign writer could have, to prove the answer never depends on that cap.
  std::string description;
  for (int i = 0; description.size() < 500'000; ++i)
    description += "Line " + std::to_string(i) + " of the requirements. ";
  {
    SQLite::Database raw(s.dir.db(), SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA busy_timeout = 10000");
    SQLite::Statement st(raw, "UPDATE tickets SET description = ? WHERE id = ?");
    st.bind(1, description);
    st.bind(2, id);
    REQUIRE(st.exec() == 1);
  }
  const std::string long_comment(1'500, 'c');
  for (int i = 0; i < 2'000; ++i)
    s.store.tickets.add_comment(id, std::to_string(i) + ": " + long_comment, storage::Actor::agent("bulk"));

  json r = s.call("sciorex_get_ticket", {{"ticketId", id}});
  REQUIRE_FALSE(r.value("isError", false));
  CHECK(size_of(r) < kCap);
  json t = r["structuredContent"];
  REQUIRE(t.contains("page"));
  std::string notes = t["page"]["notes"].dump();
  CHECK(notes.find("descriptionOffset") != std::string::npos);
  CHECK(notes.find("commentsOffset") != std::string::npos);
  CHECK(s.text(r).find("descriptionOffset") != std::string::npos);
  CHECK(t["page"]["comments"]["total"] == 2'000);
  // The newest comments are shown by default.
  CHECK(t["comments"].back()["text"].get<std::string>().rfind("1999: ", 0) == 0);
  CHECK(t["subtasks"].size() == 2);

  SECTION("descriptionOffset continues the description where it was cut") {
    std::size_t shown = t["page"]["description"]["returned"];
    json next = s.ok("sciorex_get_ticket", {{"ticketId", id}, {"descriptionOffset", shown}});
    CHECK(next["page"]["description"]["offset"] == shown);
    CHECK(description.compare(shown, 50, next["description"].get<std::string>().substr(0, 50)) == 0);
  }
  SECTION("commentsOffset pages through the oldest comments") {
    json first = s.ok("sciorex_get_ticket", {{"ticketId", id}, {"commentsOffset", 0}, {"commentsLimit", 5}});
    REQUIRE(first["comments"].size() == 5);
    CHECK(first["comments"][0]["text"].get<std::string>().rfind("0: ", 0) == 0);
  }
  SECTION("historyLimit and historyOffset page through the history") {
    json h = s.ok("sciorex_get_ticket", {{"ticketId", id}, {"historyOffset", 0}, {"historyLimit", 3}});
    REQUIRE(h["history"].size() == 3);
    CHECK(h["history"][0]["action"] == "created");
    CHECK(h["page"]["history"]["total"].get<int>() > 2'000);
  }
  SECTION("the largest windows an agent may ask for still fit") {
    json big =
        s.call("sciorex_get_ticket", {{"ticketId", id}, {"commentsLimit", 100}, {"historyLimit", 200}});
    CHECK(size_of(big) < kCap);
  }
  SECTION("the resource and the prompts are bounded too") {
    json res = s.rpc("resources/read", {{"uri", "sciorex://tickets/" + id}});
    CHECK(size_of(res) < 100'000);
    json prompt = s.rpc("prompts/get", {{"name", "implement_ticket"}, {"arguments", {{"ticketId", id}}}});
    CHECK(size_of(prompt) < kCap);
  }
}

}  // namespace sciorex::tickets::test
