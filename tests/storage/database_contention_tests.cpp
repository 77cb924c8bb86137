// Contention: writes outlast locks longer than the busy timeout, and several processes writing
// to one file lose nothing.
#include <SQLiteCpp/Database.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "sciorex/storage/event_feed.hpp"
#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

TEST_CASE("a write held up longer than the busy timeout retries instead of failing", "[storage][database]") {
  TempDir dir;
  Database db(dir.db(), {}, /*busy_timeout_ms=*/20);
  TicketRepository repo(db);
  SQLite::Database other(dir.db(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");  // another process holds the write lock ...
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // ... for 15 busy timeouts
    other.exec("COMMIT");
  });
  const Ticket t = repo.create(titled("patient"), me());
  release.join();
  CHECK(t.id == "T-001");
  CHECK(repo.get("T-001").title == "patient");
}

TEST_CASE("four processes creating tickets on one file lose nothing", "[storage][database]") {
  TempDir dir;
  { Database init(dir.db()); }
  constexpr int kProcs = 4, kEach = 150;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcs; ++p) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int code = 0;
      try {
        Database db(dir.db());
        TicketRepository repo(db);
        for (int k = 0; k < kEach; ++k) {
          const auto id =
              repo.create(titled("from process " + std::to_string(p)), Actor::agent("p" + std::to_string(p)))
                  .id;
          repo.add_comment(id, "hello", Actor::agent("p" + std::to_string(p)));
        }
      } catch (...) {
        code = 1;
      }
      _exit(code);
    }
    children.push_back(pid);
  }
  int failed = 0;
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failed;
  }
  CHECK(failed == 0);
  Database db(dir.db());
  TicketRepository repo(db);
  std::set<std::string> ids;
  TicketFilter f{.limit = 500};
  for (;;) {
    auto page = repo.list(f);
    for (const auto& t : page.tickets) ids.insert(t.id);
    if (!page.next_cursor) break;
    f.cursor = page.next_cursor;
  }
  CHECK(ids.size() == kProcs * kEach);
  CHECK(ids.count("T-600") == 1);
  // Two events per ticket (created, comment_added), all with distinct increasing ids.
  const auto events = EventFeed(db).events_after(0, 10000);
  CHECK(events.size() == 2 * kProcs * kEach);
}
