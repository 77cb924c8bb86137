// Database: pragmas, migrations, transactions, several connections on one file, the change feed.
#include <SQLiteCpp/Database.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <future>
#include <set>
#include <thread>

#include "sciorex/storage/event_feed.hpp"
#include "test_support.hpp"
#include "wait_until.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

TEST_CASE("a fresh database is migrated to the latest schema version", "[storage][database]") {
  TempDir dir;
  Database db(dir.db());
  CHECK(db.migrations_applied() == Database::latest_schema_version());
  CHECK(db.schema_version() == Database::latest_schema_version());
  CHECK(Database::latest_schema_version() >= 2);
}

TEST_CASE("opening a database already at the latest version runs no migration and keeps its data",
          "[storage][database]") {
  TempDir dir;
  {
    Database db(dir.db());
    TicketRepository(db).create(titled("Keep me"), me());
  }
  Database again(dir.db());
  CHECK(again.migrations_applied() == 0);
  CHECK(again.schema_version() == Database::latest_schema_version());
  CHECK(TicketRepository(again).get("T-001").title == "Keep me");
}

TEST_CASE("a database with a newer schema than this build is refused", "[storage][database]") {
  TempDir dir;
  { Database db(dir.db()); }
  {
    SQLite::Database raw(dir.db(), SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = 99");
  }
  CHECK(error_kind([&] { Database db(dir.db()); }) == ErrorKind::Internal);
}

TEST_CASE("opening sets WAL, foreign keys and the busy timeout", "[storage][database]") {
  TempDir dir;
  Database db(dir.db());
  SQLite::Database raw(dir.db(), SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
  TicketRepository repo(db);
  repo.create(titled("With a subtask"), me());
  repo.add_subtask("T-001", "child row", me());
  repo.remove("T-001", me());  // subtasks cascade only when foreign keys are on
  CHECK(raw.execAndGet("SELECT COUNT(*) FROM subtasks").getInt() == 0);
}

TEST_CASE("an in-memory database works for tests", "[storage][database]") {
  Database db(":memory:");
  CHECK(TicketRepository(db).create(titled("In memory"), me()).id == "T-001");
}

TEST_CASE("a failing write leaves the store untouched and allocates no id", "[storage][database]") {
  Database db(":memory:");
  TicketRepository repo(db);
  NewTicket bad = titled("Needs an epic");
  bad.epic_id = "E-404";
  CHECK(error_kind([&] { repo.create(bad, me()); }) == ErrorKind::NotFound);
  CHECK(repo.list().tickets.empty());
  CHECK(EventFeed(db).last_event_id() == 0);
  CHECK(repo.create(titled("First real"), me()).id == "T-001");
}

TEST_CASE("an exception thrown inside write rolls the transaction back", "[storage][database]") {
  Database db(":memory:");
  TicketRepository repo(db);
  repo.create(titled("Before"), me());
  const auto before = EventFeed(db).last_event_id();
  CHECK_THROWS_AS(db.write([](Tx&) { throw std::runtime_error("boom"); }), std::runtime_error);
  CHECK(EventFeed(db).last_event_id() == before);
}

TEST_CASE("two Database objects on one file see each other's writes at once", "[storage][database]") {
  TempDir dir;
  Database a(dir.db());
  Database b(dir.db());
  TicketRepository ra(a), rb(b);
  const auto created = ra.create(titled("Written by A"), me());
  CHECK(rb.get(created.id).title == "Written by A");
  rb.change_status(created.id, TicketStatus::Planned, dev());
  CHECK(ra.get(created.id).status == TicketStatus::Planned);
  CHECK(ra.create(titled("Second"), me()).id == "T-002");
  CHECK(rb.create(titled("Third"), me()).id == "T-003");
}

TEST_CASE("checkpoints run on the background thread once the WAL passes 1,000 frames",
          "[storage][database]") {
  TempDir dir;
  const std::string filler(3000, 'x');  // every ticket dirties several pages of table, indexes and search
  {
    Database db(dir.db());
    TicketRepository repo(db);
    CHECK(db.background_checkpoints() == 0);
    for (int i = 0; i < 400; ++i) {
      NewTicket t = titled("Ticket " + std::to_string(i));
      t.description = filler + std::to_string(i);
      repo.create(t, me());
    }
    // The store's own thread checkpoints and nothing signals it: a bounded poll (at most 10 s).
    sciorex::testing::poll_until([&] { return db.background_checkpoints() != 0; }, std::chrono::seconds(10),
                                 std::chrono::milliseconds(50));
    CHECK(db.background_checkpoints() >= 1);
    // The checkpointed store is whole while this handle still has it open.
    SQLite::Database other(dir.db(), SQLite::OPEN_READONLY);
    CHECK(other.execAndGet("PRAGMA integrity_check").getString() == "ok");
    CHECK(other.execAndGet("SELECT count(*) FROM tickets").getInt() == 400);
  }
  Database reopened(dir.db());
  CHECK(TicketRepository(reopened).get("T-400").description == filler + "399");
  CHECK(Database(":memory:").background_checkpoints() == 0);
}

TEST_CASE("the WAL stays bounded under writes that never pause", "[storage][database]") {
  // SQLite starts the WAL over only when a write begins with every frame checkpointed; a writer
  // that never pauses outruns a background checkpoint, so the committing writer checkpoints
  // itself past 4,000 frames. Without that this loop leaves a WAL of about 150 MB.
  TempDir dir;
  Database db(dir.db());
  TicketRepository repo(db);
  const std::string filler(3000, 'y');
  std::uintmax_t largest = 0;
  for (int i = 0; i < 1500; ++i) {
    NewTicket t = titled("Ticket " + std::to_string(i));
    t.description = filler + std::to_string(i);
    repo.create(t, me());
    if (i % 50 == 0) largest = std::max(largest, std::filesystem::file_size(dir.db() + "-wal"));
  }
  largest = std::max(largest, std::filesystem::file_size(dir.db() + "-wal"));
  CHECK(largest < 24u * 1024 * 1024);  // 4,000 frames of 4 KiB, plus one create's frames
  CHECK(repo.get("T-1500").description == filler + "1499");
}

TEST_CASE("two threads read a file database at once on two connections", "[storage][database]") {
  TempDir dir;
  Database db(dir.db());
  TicketRepository(db).create(titled("Read me"), me());
  CHECK(db.open_connections() == 1);
  // Each read waits inside its transaction until the other one is inside too: with one connection
  // the second read would wait for the first, which would give up after 5 s.
  sciorex::testing::Signal inside;
  auto read_together = [&] {
    bool met = false;
    db.read([&](Tx&) {
      inside.notify();
      met = inside.wait(2, std::chrono::seconds(5));
    });
    return met;
  };
  auto other = std::async(std::launch::async, read_together);
  const bool met_here = read_together();
  CHECK(met_here);
  CHECK(other.get());
  CHECK(db.open_connections() == 2);
  // Both connections see the same store, and writes still work with the second one open.
  CHECK(TicketRepository(db).get("T-001").title == "Read me");
  CHECK(TicketRepository(db).create(titled("Next"), me()).id == "T-002");
  CHECK(TicketRepository(db).list({}).tickets.size() == 2);

  SECTION("an in-memory database keeps one connection") {
    Database mem(":memory:");
    std::atomic<bool> second_done{false};
    sciorex::testing::Signal first_in;
    auto slow = std::async(std::launch::async, [&] {
      mem.read([&](Tx&) {
        first_in.notify();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // a slow read
      });
    });
    REQUIRE(first_in.wait());
    mem.read([&](Tx&) { second_done = true; });  // waits for the first read
    slow.get();
    CHECK(second_done);
    CHECK(mem.open_connections() == 1);
  }
}

TEST_CASE("a write storm from four connections loses nothing and never reuses an id", "[storage][database]") {
  TempDir dir;
  { Database init(dir.db()); }
  constexpr int kThreads = 4, kEach = 250;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      try {
        Database db(dir.db());  // a connection of its own, like another server process
        TicketRepository repo(db);
        for (int k = 0; k < kEach; ++k)
          ids[static_cast<std::size_t>(i)].push_back(
              repo.create(titled("storm " + std::to_string(i) + "/" + std::to_string(k)),
                          Actor::agent("a" + std::to_string(i)))
                  .id);
      } catch (const std::exception&) {
        ++failures;
      }
    });
  for (auto& t : threads) t.join();
  REQUIRE(failures == 0);
  std::set<std::string> all;
  for (const auto& v : ids) all.insert(v.begin(), v.end());
  CHECK(all.size() == kThreads * kEach);
  Database db(dir.db());
  TicketRepository repo(db);
  TicketFilter f;
  f.limit = 500;
  std::size_t seen = 0;
  for (;;) {
    auto page = repo.list(f);
    seen += page.tickets.size();
    if (!page.next_cursor) break;
    f.cursor = page.next_cursor;
  }
  CHECK(seen == kThreads * kEach);
  CHECK(all.count("T-001") == 1);
  CHECK(all.count("T-1000") == 1);
}

TEST_CASE("threads sharing one Database are serialised safely", "[storage][database]") {
  TempDir dir;
  Database db(dir.db());
  TicketRepository repo(db);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      for (int k = 0; k < 50; ++k) repo.create(titled("shared"), me());
    });
  for (auto& t : threads) t.join();
  CHECK(repo.list({.limit = 500}).tickets.size() == 200);
}

TEST_CASE("ids are never reused, even after a delete", "[storage][database]") {
  Database db(":memory:");
  TicketRepository repo(db);
  repo.create(titled("one"), me());
  const auto two = repo.create(titled("two"), me());
  repo.remove(two.id, me());
  CHECK(error_kind([&] { repo.get("T-002"); }) == ErrorKind::NotFound);
  CHECK(repo.create(titled("three"), me()).id == "T-003");
}

TEST_CASE("the change feed returns events after a given id, in order", "[storage][database][events]") {
  Database db(":memory:");
  TicketRepository repo(db);
  EventFeed feed(db);
  CHECK(feed.last_event_id() == 0);
  repo.create(titled("first"), me());
  const auto mark = feed.last_event_id();
  repo.change_status("T-001", TicketStatus::Planned, dev());
  repo.add_comment("T-001", "hello", dev());
  auto events = feed.events_after(mark);
  REQUIRE(events.size() == 2);
  CHECK(events[0].action == "status_changed");
  CHECK(events[0].entity_type == "ticket");
  CHECK(events[0].entity_id == "T-001");
  CHECK(events[0].actor == dev());
  CHECK(events[1].action == "comment_added");
  CHECK(events[0].id < events[1].id);
  CHECK(feed.events_after(mark, 1).size() == 1);
  CHECK(feed.events_after(feed.last_event_id()).empty());
  CHECK(error_kind([&] { feed.events_after(0, 0); }) == ErrorKind::InvalidArgument);
}

TEST_CASE("another connection's changes show up in the change feed", "[storage][database][events]") {
  TempDir dir;
  Database a(dir.db());
  Database b(dir.db());
  EventFeed feed(a);
  const auto mark = feed.last_event_id();
  TicketRepository(b).create(titled("from b"), dev());
  auto events = feed.events_after(mark);
  REQUIRE(events.size() == 1);
  CHECK(events[0].action == "created");
}
