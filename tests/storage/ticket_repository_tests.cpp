// TicketRepository: create, get, update, delete; defaults, validation, history, optimistic check.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

TEST_CASE("a new ticket gets the next id and the contract's defaults", "[storage][tickets]") {
  Database db(test_store());
  TicketRepository repo(db);
  const Ticket t = repo.create(titled("Add avatar upload"), me());
  CHECK(t.id == "T-001");
  CHECK(t.type == TicketType::Task);
  CHECK(t.priority == Priority::Medium);
  CHECK(t.status == TicketStatus::Backlog);
  CHECK(t.labels.empty());
  CHECK_FALSE(t.epic_id);
  CHECK_FALSE(t.completed_at);
  CHECK(t.created_at == t.updated_at);
  CHECK(t.created_at.size() == 24);  // 2024-12-06T15:45:00.123Z (milliseconds)
  CHECK(t.created_at.back() == 'Z');
  CHECK(repo.create(titled("Second"), me()).id == "T-002");
}

TEST_CASE("create keeps every given field and numbers the subtasks", "[storage][tickets]") {
  Database db(test_store());
  EpicRepository epics(db);
  TicketRepository repo(db);
  epics.create({.title = "Profiles"}, me());
  NewTicket in = titled("Thumbnails");
  in.description = "## Acceptance\n- [ ] three sizes\n";
  in.type = TicketType::Feature;
  in.priority = Priority::High;
  in.epic_id = "E-001";
  in.labels = {"backend", "images"};
  in.subtasks = {"Pick a library", "Resize on upload"};
  const Ticket t = repo.create(in, dev());
  CHECK(t.description == in.description);
  CHECK(t.type == TicketType::Feature);
  CHECK(t.priority == Priority::High);
  CHECK(t.epic_id == "E-001");
  CHECK(t.labels == std::vector<std::string>{"backend", "images"});
  REQUIRE(t.subtasks.size() == 2);
  CHECK(t.subtasks[0].id == "sub-001");
  CHECK(t.subtasks[1].id == "sub-002");
  CHECK(t.subtasks[1].title == "Resize on upload");
  CHECK(t.subtasks[1].status == SubtaskStatus::Pending);
  REQUIRE(t.history.size() == 1);
  CHECK(t.history[0].action == "created");
  CHECK(t.history[0].actor == dev());
}

TEST_CASE("create validates its input before touching the store", "[storage][tickets]") {
  Database db(test_store());
  TicketRepository repo(db);
  SECTION("empty title") {
    CHECK(error_kind([&] { repo.create(titled("   "), me()); }) == ErrorKind::InvalidArgument);
  }
  SECTION("title too long") {
    CHECK(error_kind([&] { repo.create(titled(std::string(501, 'x')), me()); }) ==
          ErrorKind::InvalidArgument);
  }
  SECTION("title too long in characters: limits count code points, as the schemas do (issue 16)") {
    std::string e501;
    for (int i = 0; i < 501; ++i) e501 += "\xC3\xA9";  // é
    CHECK(error_message([&] { repo.create(titled(e501), me()); }) ==
          "The title is too long (501 characters; at most 500).");
  }
  SECTION("a NUL in a title or description (text after it could never be found)") {
    CHECK(error_message([&] { repo.create(titled(std::string("a\0b", 3)), me()); }) ==
          "The title must not contain a NUL character (U+0000).");
    NewTicket t = titled("x");
    t.description = std::string("a\0b", 3);
    CHECK(error_kind([&] { repo.create(t, me()); }) == ErrorKind::InvalidArgument);
  }
  SECTION("unknown epic") {
    NewTicket t = titled("x");
    t.epic_id = "E-009";
    CHECK(error_message([&] { repo.create(t, me()); }) == "Epic E-009 not found.");
    CHECK(error_next_step([&] { repo.create(t, me()); }) == NextStep::FindEpicIds);
  }
  SECTION("empty label") {
    NewTicket t = titled("x");
    t.labels = {""};
    CHECK(error_kind([&] { repo.create(t, me()); }) == ErrorKind::InvalidArgument);
  }
  SECTION("empty actor id") {
    CHECK(error_kind([&] { repo.create(titled("x"), Actor::agent("")); }) == ErrorKind::InvalidArgument);
  }
  CHECK(repo.list().tickets.empty());
}

TEST_CASE("a title of 500 two-byte characters is within the 500-character limit", "[storage][tickets]") {
  Database db(test_store());
  TicketRepository repo(db);
  std::string e500;
  for (int i = 0; i < 500; ++i) e500 += "\xC3\xA9";  // 1,000 bytes
  CHECK(repo.create(titled(e500), me()).title == e500);
}

TEST_CASE("an unknown ticket id says so, and its next step is finding valid ones", "[storage][tickets]") {
  Database db(test_store());
  TicketRepository repo(db);
  CHECK_FALSE(repo.find("T-999"));
  CHECK(error_message([&] { repo.get("T-999"); }) == "Ticket T-999 not found.");
  CHECK(error_next_step([&] { repo.get("T-999"); }) == NextStep::FindTicketIds);
  CHECK(error_kind([&] { repo.update("T-999", {.title = "x"}, me()); }) == ErrorKind::NotFound);
}

// Storage knows nothing of tools or commands: the layer above words the next step (issue 10).
TEST_CASE("store errors name no tool; each carries its next step", "[storage][tickets][errors]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(planned("a"), me());
  repo.create(planned("b"), me());
  auto stale = [&] {
    repo.update("T-001", {.title = "x", .expected_updated_at = "2000-01-01T00:00:00Z"}, me());
  };
  auto unblock = [&] { repo.remove_blocker("T-001", "T-002", me()); };
  repo.change_status("T-002", TicketStatus::InProgress, Actor::agent("agent-a"));
  auto claim = [&] { repo.change_status("T-002", TicketStatus::InProgress, Actor::agent("agent-b")); };
  CHECK(error_next_step(stale) == NextStep::RereadTicket);
  CHECK(error_next_step(unblock) == NextStep::ShowBlockers);
  CHECK(error_next_step(claim) == NextStep::PickAnotherTicket);
  CHECK(error_message(unblock) == "T-002 does not block T-001.");
  for (const std::string& m : {error_message(stale), error_message(unblock), error_message(claim),
                               error_message([&] { repo.get("T-404"); })}) {
    INFO(m);
    CHECK(m.back() == '.');  // the next step follows as a sentence of its own
    CHECK(m.find("sciorex_") == std::string::npos);
  }
}

TEST_CASE("update changes only the given fields and records them in one history entry",
          "[storage][tickets]") {
  Database db(test_store());
  TicketRepository repo(db);
  NewTicket in = titled("Old title");
  in.labels = {"a"};
  repo.create(in, me());
  TicketPatch p;
  p.title = "New title";
  p.priority = Priority::Critical;
  const Ticket t = repo.update("T-001", p, dev());
  CHECK(t.title == "New title");
  CHECK(t.priority == Priority::Critical);
  CHECK(t.labels == std::vector<std::string>{"a"});
  CHECK(t.type == TicketType::Task);
  REQUIRE(t.history.size() == 2);
  CHECK(t.history[1].action == "updated");
  CHECK(t.history[1].actor == dev());
  CHECK(t.history[1].details_json ==
        R"({"priority":{"from":"medium","to":"critical"},"title":{"from":"Old title","to":"New title"}})");
}

TEST_CASE("an update that changes nothing writes no history", "[storage][tickets]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("Same"), me());
  const Ticket t = repo.update("T-001", {.title = "Same"}, dev());
  CHECK(t.history.size() == 1);
}

TEST_CASE("epicId set to null removes the epic, unset leaves it", "[storage][tickets]") {
  Database db(test_store());
  EpicRepository(db).create({.title = "Epic"}, me());
  TicketRepository repo(db);
  NewTicket in = titled("In an epic");
  in.epic_id = "E-001";
  repo.create(in, me());
  CHECK(repo.update("T-001", {.title = "Renamed"}, me()).epic_id == "E-001");
  TicketPatch remove;
  remove.epic_id = std::optional<std::string>{};
  const Ticket t = repo.update("T-001", remove, me());
  CHECK_FALSE(t.epic_id);
  CHECK(t.history.back().details_json == R"({"epicId":{"from":"E-001","to":null}})");
  TicketPatch bad;
  bad.epic_id = std::optional<std::string>{"E-404"};
  CHECK(error_kind([&] { repo.update("T-001", bad, me()); }) == ErrorKind::NotFound);
}

TEST_CASE("a stale expected_updated_at is refused with the current updatedAt", "[storage][tickets]") {
  Database db(test_store());
  TicketRepository repo(db);
  const Ticket t = repo.create(titled("Contended"), me());
  TicketPatch ok;
  ok.title = "First writer";
  ok.expected_updated_at = t.updated_at;  // round-trips exactly with what get returns
  repo.update(t.id, ok, dev());
  TicketPatch stale;
  stale.title = "Second writer";
  stale.expected_updated_at = "2000-01-01T00:00:00Z";
  const auto msg = error_message([&] { repo.update(t.id, stale, dev()); });
  CHECK(error_kind([&] { repo.update(t.id, stale, dev()); }) == ErrorKind::Conflict);
  CHECK(msg.find(repo.get(t.id).updated_at) != std::string::npos);
  CHECK(repo.get(t.id).title == "First writer");
}

TEST_CASE("updatedAt changes with every change, even within one millisecond: a stale value is always refused",
          "[storage][tickets]") {
  TempDir dir;
  Database one(dir.db());
  Database two(dir.db());  // a second handle on the file, as another server process would have
  TicketRepository a(one);
  TicketRepository b(two);
  Ticket t = a.create(titled("Contended"), me());
  std::string last = t.updated_at;
  for (int i = 0; i < 200; ++i) {  // far more changes than milliseconds pass
    TicketPatch p;
    p.title = "Change " + std::to_string(i);
    p.expected_updated_at = last;
    const Ticket now = (i % 2 ? a : b).update(t.id, p, dev());
    INFO(i << ": " << last << " -> " << now.updated_at);
    REQUIRE(now.updated_at > last);  // same format throughout, so text order is time order
    TicketPatch stale;
    stale.title = "Lost update";
    stale.expected_updated_at = last;
    REQUIRE(error_kind([&] { (i % 2 ? b : a).update(t.id, stale, dev()); }) == ErrorKind::Conflict);
    last = now.updated_at;
  }
  CHECK(a.get(t.id).title == "Change 199");
}

TEST_CASE("a ticket cannot be its own parent and parents must exist", "[storage][tickets]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("parent"), me());
  NewTicket child = titled("child");
  child.parent_id = "T-001";
  CHECK(repo.create(child, me()).parent_id == "T-001");
  TicketPatch self;
  self.parent_id = std::optional<std::string>{"T-001"};
  CHECK(error_kind([&] { repo.update("T-001", self, me()); }) == ErrorKind::InvalidArgument);
  TicketPatch cycle;
  cycle.parent_id = std::optional<std::string>{"T-002"};
  CHECK(error_kind([&] { repo.update("T-001", cycle, me()); }) == ErrorKind::InvalidArgument);
}

TEST_CASE("the ticket id format follows the configured prefix, start number and padding",
          "[storage][tickets]") {
  StoreConfig c;
  c.ticket_prefix = "BUG";
  c.start_number = 42;
  c.padding = 5;
  Database db(test_store(), c);
  TicketRepository repo(db);
  CHECK(repo.create(titled("a"), me()).id == "BUG-00042");
  CHECK(repo.create(titled("b"), me()).id == "BUG-00043");
}
