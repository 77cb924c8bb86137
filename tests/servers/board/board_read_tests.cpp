// The board's reading routes against a real store and a real HttpServer: meta, the columns in
// board order with their counts, filters, a column's next page, a ticket's detail with its
// rendered description and history, the epics, and the page's own files.
#include <set>

#include "board_fixture.hpp"
#include "sciorex/storage/epic_repository.hpp"

namespace sciorex::board_test {

namespace {

json column(const json& board, const std::string& status) {
  for (const auto& c : board["columns"])
    if (c["status"] == status) return c;
  return nullptr;
}

}  // namespace

TEST_CASE("meta names the user, the statuses and the transition table", "[board][read]") {
  BoardFixture f;
  auto r = f.get("/api/meta");
  REQUIRE(r.status == 200);
  auto j = r.json_body();
  CHECK(j["user"] == "alice");
  CHECK(j["statuses"].size() == storage::kTicketStatusNames.size());
  json expected = json::array();
  for (auto s : storage::allowed_transitions(storage::TicketStatus::Backlog))
    expected.push_back(std::string(storage::to_string(s)));
  CHECK(j["transitions"]["backlog"] == expected);
  CHECK(j["lastEventId"] == f.feed.last_event_id());
}

TEST_CASE(
    "the board holds one column per status, higher priority first, with subtask progress and blocked marks",
    "[board][read]") {
  BoardFixture f;
  auto low = f.tickets.create(ticket("low one", storage::Priority::Low), f.agent());
  auto crit = f.tickets.create(ticket("critical one", storage::Priority::Critical), f.agent());
  auto with_subs = ticket("with subtasks");
  with_subs.subtasks = {"a", "b", "c"};
  auto subs = f.tickets.create(with_subs, f.agent());
  f.tickets.complete_subtask(subs.id, {std::string("sub-001"), std::nullopt}, true, f.agent());
  f.tickets.add_blocker(low.id, crit.id, std::nullopt, f.agent());
  auto cancelled = f.tickets.create(ticket("gone"), f.agent());
  f.tickets.change_status(cancelled.id, storage::TicketStatus::Cancelled, f.agent());

  auto j = f.get("/api/board").json_body();
  REQUIRE(j["columns"].size() == 5);  // cancelled only on request
  CHECK(j["columns"][0]["label"] == "Backlog");
  auto backlog = column(j, "backlog");
  REQUIRE(backlog["total"] == 3);
  CHECK(backlog["tickets"][0]["id"] == crit.id);
  CHECK(backlog["tickets"][2]["id"] == low.id);
  CHECK(backlog["tickets"][2]["blocked"] == true);
  CHECK(backlog["tickets"][0]["blocked"] == false);
  CHECK(backlog["tickets"][1]["subtasks"] == json{{"done", 1}, {"total", 3}});

  auto with_cancelled = f.get("/api/board?cancelled=1").json_body();
  REQUIRE(with_cancelled["columns"].size() == 6);
  CHECK(column(with_cancelled, "cancelled")["tickets"][0]["id"] == cancelled.id);

  // Blocker done: the mark goes.
  f.tickets.change_status(crit.id, storage::TicketStatus::Cancelled, f.agent());
  auto after = column(f.get("/api/board").json_body(), "backlog");
  CHECK(after["tickets"][1]["id"] == low.id);
  CHECK(after["tickets"][1]["blocked"] == false);
}

TEST_CASE("the board filters by type, priority, label, epic and search, and pages a column",
          "[board][read]") {
  BoardFixture f;
  storage::EpicRepository epics(f.other);
  auto epic = epics.create({"An epic", "", std::nullopt}, f.agent());
  for (int i = 0; i < 7; ++i) {
    auto t = ticket("ticket number " + std::to_string(i));
    if (i % 2) t.type = storage::TicketType::Bug;
    if (i == 3) t.labels = {"ui"};
    if (i == 4) t.epic_id = epic.id;
    if (i == 5) t.description = "mentions the zebra";
    f.tickets.create(t, f.agent());
  }
  CHECK(column(f.get("/api/board?type=bug").json_body(), "backlog")["total"] == 3);
  CHECK(column(f.get("/api/board?label=ui").json_body(), "backlog")["tickets"][0]["title"] ==
        "ticket number 3");
  CHECK(column(f.get("/api/board?epic=" + epic.id).json_body(), "backlog")["tickets"][0]["epicId"] ==
        epic.id);
  CHECK(column(f.get("/api/board?q=zebra").json_body(), "backlog")["tickets"][0]["title"] ==
        "ticket number 5");
  CHECK(column(f.get("/api/board?q=ZE").json_body(), "backlog")["total"] == 1);  // short: LIKE
  CHECK(column(f.get("/api/board?priority=high").json_body(), "backlog")["total"] == 0);

  auto first = f.get("/api/board?limit=3").json_body();
  CHECK(column(first, "backlog")["tickets"].size() == 3);
  CHECK(column(first, "backlog")["total"] == 7);
  auto rest = f.get("/api/board/column/backlog?offset=3&limit=10").json_body();
  CHECK(rest["total"] == 7);
  REQUIRE(rest["tickets"].size() == 4);
  std::set<std::string> ids;
  const json first_cards = column(first, "backlog")["tickets"];
  for (const auto& c : first_cards) ids.insert(c["id"].get<std::string>());
  for (const auto& c : rest["tickets"]) ids.insert(c["id"].get<std::string>());
  CHECK(ids.size() == 7);

  CHECK(f.get("/api/board?limit=0").status == 400);
  CHECK(f.get("/api/board?limit=501").status == 400);
  CHECK(f.get("/api/board?type=epic").status == 400);
  CHECK(f.get("/api/board?colour=red").status == 400);
  CHECK(f.get("/api/board/column/nowhere").status == 404);
}

TEST_CASE("a ticket's detail renders its markdown safely and lists its history with actors",
          "[board][read]") {
  BoardFixture f;
  auto t = ticket("<script>alert('title')</script>");
  t.description =
      "Intro with ~~old~~ and https://example.com\n\n- [ ] first\n- [x] "
      "second\n\n<script>alert(1)</script>\n\n"
      "<img src=x onerror=alert(2)>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[click](javascript:alert(3))\n";
  auto created = f.tickets.create(t, f.agent());
  f.tickets.change_status(created.id, storage::TicketStatus::Planned, storage::Actor::user("bob"));

  auto r = f.get("/api/tickets/" + created.id);
  REQUIRE(r.status == 200);
  auto j = r.json_body();
  CHECK(j["title"] == "<script>alert('title')</script>");  // text in JSON; the page shows it as text
  const std::string html = j["descriptionHtml"];
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("javascript:") == std::string::npos);
  CHECK(html.find("<table>") != std::string::npos);
  CHECK(html.find("<del>old</del>") != std::string::npos);
  CHECK(html.find("<a href=\"https://example.com\"") != std::string::npos);
  CHECK(html.find("type=\"checkbox\"") != std::string::npos);
  CHECK(html.find("checked=\"\"") != std::string::npos);
  CHECK(j["allowedTransitions"] == json{"backlog", "in_progress", "cancelled"});
  REQUIRE(j["history"].size() == 2);
  CHECK(j["history"][0]["actor"] == json{{"kind", "agent"}, {"id", "claude-code"}});
  CHECK(j["history"][1]["actor"] == json{{"kind", "user"}, {"id", "bob"}});
  CHECK(j["history"][1]["details"]["to"] == "planned");

  auto missing = f.get("/api/tickets/T-999");
  CHECK(missing.status == 404);
  CHECK(missing.json_body()["code"] == "not_found");
}

TEST_CASE("the epics with their progress, and one epic with its cards", "[board][read]") {
  BoardFixture f;
  storage::EpicRepository epics(f.other);
  auto e = epics.create({"Search", "", std::nullopt}, f.agent());
  auto a = ticket("a");
  a.epic_id = e.id;
  auto b = a;
  b.title = "b";
  f.tickets.create(a, f.agent());
  auto tb = f.tickets.create(b, f.agent());
  f.tickets.change_status(tb.id, storage::TicketStatus::Planned, f.agent());
  f.tickets.change_status(tb.id, storage::TicketStatus::InProgress, f.agent());
  f.tickets.change_status(tb.id, storage::TicketStatus::Done, f.agent());

  auto list = f.get("/api/epics").json_body();
  REQUIRE(list["epics"].size() == 1);
  CHECK(list["epics"][0]["total"] == 2);
  CHECK(list["epics"][0]["done"] == 1);
  auto one = f.get("/api/epics/" + e.id).json_body();
  CHECK(one["title"] == "Search");
  CHECK(one["tickets"].size() == 2);
  CHECK(f.get("/api/epics/E-999").status == 404);
}

TEST_CASE("the page is served with the CSRF token in its meta tag, revalidated by ETag", "[board][read]") {
  BoardFixture f;
  auto page = f.get("/");
  REQUIRE(page.status == 200);
  CHECK(page.header("content-type").rfind("text/html", 0) == 0);
  CHECK(page.body.find("<meta name=\"sciorex-csrf\" content=\"" + f.board.csrf_token() + "\">") !=
        std::string::npos);
  const std::string etag = page.header("etag");
  REQUIRE_FALSE(etag.empty());
  CHECK(f.get("/", {{"If-None-Match", etag}}).status == 304);
  CHECK(f.get("/index.html").status == 200);
  CHECK(f.get("/nothing.js").status == 404);
  CHECK(f.get("/api/nothing").status == 404);
}

}  // namespace sciorex::board_test
