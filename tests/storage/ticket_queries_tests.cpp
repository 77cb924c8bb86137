// Queries: list with filters and cursor, search, ready, blocked.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

namespace {
std::vector<std::string> ids(const std::vector<Ticket>& ts) {
  std::vector<std::string> out;
  for (const auto& t : ts) out.push_back(t.id);
  return out;
}
std::vector<std::string> ids(const TicketPage& page) { return ids(page.tickets); }
}  // namespace

TEST_CASE("list filters by status, type, priority and epic", "[storage][queries]") {
  Database db(test_store());
  EpicRepository(db).create({.title = "E"}, me());
  TicketRepository repo(db);
  NewTicket a = planned("a");
  a.type = TicketType::Bug;
  NewTicket b = titled("b");
  b.priority = Priority::High;
  b.epic_id = "E-001";
  NewTicket c = planned("c");
  c.epic_id = "E-001";
  repo.create(a, me());
  repo.create(b, me());
  repo.create(c, me());
  CHECK(ids(repo.list().tickets) == std::vector<std::string>{"T-001", "T-002", "T-003"});
  CHECK(ids(repo.list({.status = TicketStatus::Planned}).tickets) ==
        std::vector<std::string>{"T-001", "T-003"});
  CHECK(ids(repo.list({.type = TicketType::Bug}).tickets) == std::vector<std::string>{"T-001"});
  CHECK(ids(repo.list({.priority = Priority::High}).tickets) == std::vector<std::string>{"T-002"});
  CHECK(ids(repo.list({.epic_id = "E-001"}).tickets) == std::vector<std::string>{"T-002", "T-003"});
  CHECK(ids(repo.list({.status = TicketStatus::Planned, .epic_id = "E-001"}).tickets) ==
        std::vector<std::string>{"T-003"});
}

TEST_CASE("list stops at the limit and a cursor continues after it", "[storage][queries]") {
  Database db(test_store());
  TicketRepository repo(db);
  for (int i = 0; i < 7; ++i) repo.create(titled("t" + std::to_string(i)), me());
  auto page = repo.list({.limit = 3});
  CHECK(ids(page.tickets) == std::vector<std::string>{"T-001", "T-002", "T-003"});
  REQUIRE(page.next_cursor);
  page = repo.list({.limit = 3, .cursor = page.next_cursor});
  CHECK(ids(page.tickets) == std::vector<std::string>{"T-004", "T-005", "T-006"});
  page = repo.list({.limit = 3, .cursor = page.next_cursor});
  CHECK(ids(page.tickets) == std::vector<std::string>{"T-007"});
  CHECK_FALSE(page.next_cursor);
  CHECK(repo.list({.limit = 7}).next_cursor == std::nullopt);
}

TEST_CASE("list refuses a bad limit or a forged cursor", "[storage][queries]") {
  Database db(test_store());
  TicketRepository repo(db);
  CHECK(error_kind([&] { repo.list({.limit = 0}); }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { repo.list({.limit = 501}); }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { repo.list({.cursor = "garbage"}); }) == ErrorKind::InvalidArgument);
}

TEST_CASE("search is case-insensitive over id, title and description", "[storage][queries]") {
  Database db(test_store());
  TicketRepository repo(db);
  NewTicket a = titled("Add Avatar upload");
  NewTicket b = titled("Fix login timeout");
  b.description = "Users on SLOW connections get logged out";
  repo.create(a, me());
  repo.create(b, me());
  CHECK(ids(repo.search("avatar")) == std::vector<std::string>{"T-001"});
  CHECK(ids(repo.search("slow conn")) == std::vector<std::string>{"T-002"});
  CHECK(ids(repo.search("t-002")) == std::vector<std::string>{"T-002"});
  CHECK(ids(repo.search("vat")) == std::vector<std::string>{"T-001"});  // inside a word
  CHECK(ids(repo.search("LO")).size() == 2);                            // shorter than a trigram
  CHECK(repo.search("\"quoted\" OR x").tickets.empty());                // no query syntax leaks through
  CHECK(repo.search("zzz").tickets.empty());
  CHECK(error_kind([&] { repo.search("  "); }) == ErrorKind::InvalidArgument);
}

TEST_CASE("search takes queries up to 500 characters and refuses a NUL", "[storage][queries]") {
  // Issue 16: the tool advertised maxLength 500 while the store refused past 200 bytes; a query of
  // only NUL listed every ticket.
  Database db(test_store());
  TicketRepository repo(db);
  std::string words;
  for (int i = 0; i < 100; ++i) words += "word" + std::to_string(i) + " ";
  NewTicket t = titled("x");
  t.description = words;
  repo.create(t, me());
  repo.create(titled("y"), me());
  std::string q(words.data(), 400);
  CHECK(ids(repo.search(q)) == std::vector<std::string>{"T-001"});
  std::string e500;
  for (int i = 0; i < 500; ++i) e500 += "\xC3\xA9";
  CHECK(repo.search(e500).tickets.empty());
  CHECK(error_message([&] { repo.search(e500 + "x"); }) ==
        "The query is too long (501 characters; at most 500).");
  CHECK(error_kind([&] { repo.search(std::string(1, '\0')); }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { repo.search(std::string("x\0y", 3)); }) == ErrorKind::InvalidArgument);
}

TEST_CASE("search sees renamed and deleted tickets correctly", "[storage][queries]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("alpha"), me());
  repo.update("T-001", {.title = "omega"}, me());
  CHECK(repo.search("alpha").tickets.empty());
  CHECK(ids(repo.search("omega")) == std::vector<std::string>{"T-001"});
  repo.remove("T-001", me());
  CHECK(repo.search("omega").tickets.empty());
}

TEST_CASE("search respects its limit", "[storage][queries]") {
  Database db(test_store());
  TicketRepository repo(db);
  for (int i = 0; i < 5; ++i) repo.create(titled("same words"), me());
  CHECK(repo.search("same", 2).tickets.size() == 2);
}

TEST_CASE("ready lists planned tickets without unfinished blockers, by priority then id",
          "[storage][queries]") {
  Database db(test_store());
  TicketRepository repo(db);
  NewTicket low = planned("low");
  low.priority = Priority::Low;
  NewTicket crit = planned("critical");
  crit.priority = Priority::Critical;
  repo.create(low, me());                 // T-001
  repo.create(planned("medium"), me());   // T-002
  repo.create(crit, me());                // T-003
  repo.create(titled("backlog"), me());   // T-004: not planned
  repo.create(planned("blocked"), me());  // T-005
  repo.add_blocker("T-005", "T-004", std::nullopt, me());
  CHECK(ids(repo.ready()) == std::vector<std::string>{"T-003", "T-002", "T-001"});
  CHECK(ids(repo.ready({.limit = 2})) == std::vector<std::string>{"T-003", "T-002"});
  CHECK(ids(repo.ready({.priority = Priority::Low})) == std::vector<std::string>{"T-001"});
  CHECK(repo.ready({.type = TicketType::Bug}).tickets.empty());

  SECTION("a done blocker no longer blocks") {
    repo.change_status("T-004", TicketStatus::Planned, me());
    repo.change_status("T-004", TicketStatus::InProgress, me());
    repo.change_status("T-004", TicketStatus::Done, me());
    CHECK(ids(repo.ready()) == std::vector<std::string>{"T-003", "T-002", "T-005", "T-001"});
  }
  SECTION("a cancelled blocker no longer blocks") {
    repo.change_status("T-004", TicketStatus::Cancelled, me());
    CHECK(ids(repo.ready()).size() == 4);
  }
}

TEST_CASE("blocked lists open tickets that have an unfinished blocker", "[storage][queries]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("blocker"), me());  // T-001
  repo.create(titled("waits"), me());    // T-002
  repo.create(titled("free"), me());     // T-003
  repo.add_blocker("T-002", "T-001", std::string("needs the API"), me());
  CHECK(ids(repo.blocked()) == std::vector<std::string>{"T-002"});
  repo.change_status("T-001", TicketStatus::Cancelled, me());
  CHECK(repo.blocked().tickets.empty());
  CHECK(error_kind([&] { repo.blocked(0); }) == ErrorKind::InvalidArgument);
}

TEST_CASE("search, ready and blocked continue past their limit with a cursor", "[storage][queries]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("blocker"), me());  // T-001
  for (int i = 0; i < 5; ++i) {
    NewTicket t = planned("word " + std::to_string(i));
    t.priority = i % 2 ? Priority::High : Priority::Low;
    repo.create(t, me());  // T-002..T-006: high are T-003, T-005
  }
  auto s1 = repo.search("word", 2);
  CHECK(ids(s1) == std::vector<std::string>{"T-002", "T-003"});
  auto s2 = repo.search("word", 2, s1.next_cursor);
  CHECK(ids(s2) == std::vector<std::string>{"T-004", "T-005"});
  CHECK(ids(repo.search("word", 2, s2.next_cursor)) == std::vector<std::string>{"T-006"});
  CHECK(ids(repo.search("wo", 4)).size() == 4);
  CHECK(ids(repo.search("wo", 4, repo.search("wo", 4).next_cursor)) == std::vector<std::string>{"T-006"});

  auto r1 = repo.ready({.limit = 3});
  CHECK(ids(r1) == std::vector<std::string>{"T-003", "T-005", "T-002"});
  CHECK(ids(repo.ready({.limit = 3, .cursor = r1.next_cursor})) ==
        std::vector<std::string>{"T-004", "T-006"});

  for (const char* id : {"T-002", "T-003", "T-004"}) repo.add_blocker(id, "T-001", std::nullopt, me());
  auto b1 = repo.blocked(2);
  CHECK(ids(b1) == std::vector<std::string>{"T-003", "T-002"});
  CHECK(ids(repo.blocked(2, b1.next_cursor)) == std::vector<std::string>{"T-004"});
  // A cursor belongs to the query kind that made it.
  CHECK(error_kind([&] { repo.blocked(2, r1.next_cursor); }) == ErrorKind::InvalidArgument);
}
