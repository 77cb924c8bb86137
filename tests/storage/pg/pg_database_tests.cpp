// PgDatabase: writes commit or roll back as a whole, serialization failures are retried, reads
// see one snapshot, and the pool is bounded with a bounded wait.
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <set>
#include <stdexcept>
#include <vector>

#include "pg_database.hpp"
#include "pg_test_support.hpp"
#include "sciorex/storage/errors.hpp"
#include "wait_until.hpp"

using namespace sciorex::storage::pg;
using sciorex::storage::ErrorKind;
using sciorex::storage::StoreError;
using namespace sciorex::testing;
using namespace std::chrono_literals;

namespace {

std::int64_t db_test_count(PgDatabase& db, const std::string& where = "true") {
  std::int64_t n = 0;
  db.read([&](PgTx& tx) { n = tx.query("SELECT count(*) FROM t WHERE " + where).int64(0, 0); });
  return n;
}

PgDatabase db_test_open_at(const std::string& uri, std::size_t pool = 4,
                           std::chrono::milliseconds wait = 10s) {
  PgOptions o;
  o.pool_size = pool;
  o.acquire_timeout = wait;
  o.migrate = false;
  o.serialize_writers = false;  // no store tables here; these tests make writers race on purpose
  return PgDatabase(uri, o);
}

PgDatabase db_test_open(std::size_t pool = 4, std::chrono::milliseconds wait = 10s) {
  return db_test_open_at(pg_fresh_database(), pool, wait);
}

}  // namespace

TEST_CASE("a write commits as a whole, or not at all when its function throws", "[pg][tx]") {
  PgDatabase db = db_test_open();
  db.write([](PgTx& tx) { tx.exec("CREATE TABLE t(k TEXT NOT NULL)"); });
  db.write([](PgTx& tx) {
    tx.query("INSERT INTO t(k) VALUES ($1)", {"a"});
    tx.query("INSERT INTO t(k) VALUES ($1)", {"b"});
  });
  CHECK(db_test_count(db) == 2);

  CHECK_THROWS_WITH(db.write([](PgTx& tx) {
    tx.query("INSERT INTO t(k) VALUES ($1)", {"c"});
    throw std::runtime_error("the caller's own failure");
  }),
                    "the caller's own failure");
  CHECK(db_test_count(db) == 2);

  SECTION("an SQL error rolls back and is StoreError(Internal) with PostgreSQL's message") {
    try {
      db.write([](PgTx& tx) {
        tx.query("INSERT INTO t(k) VALUES ($1)", {"d"});
        tx.query("INSERT INTO t(k) VALUES ($1)", {nullptr});
      });
      FAIL("the NULL went in");
    } catch (const StoreError& e) {
      CHECK(e.kind() == ErrorKind::Internal);
      CHECK_FALSE(e.retryable());
      CHECK_THAT(e.what(), Catch::Contains("null value in column \"k\""));
    }
    CHECK(db_test_count(db) == 2);
  }
  SECTION("a read is read-only") {
    CHECK_THROWS_WITH(db.read([](PgTx& tx) { tx.exec("INSERT INTO t(k) VALUES ('x')"); }),
                      Catch::Contains("read-only transaction"));
  }
  SECTION("the connection serves the next call after a failure") {
    db.write([](PgTx& tx) { tx.query("INSERT INTO t(k) VALUES ($1)", {"e"}); });
    CHECK(db_test_count(db) == 3);
  }
}

TEST_CASE("a write that loses a serialization race at SERIALIZABLE runs again and both land", "[pg][tx]") {
  PgDatabase db = db_test_open();
  db.write([](PgTx& tx) { tx.exec("CREATE TABLE t(k TEXT NOT NULL)"); });
  // Write skew: each transaction reads what the other writes, then writes what the other reads.
  // Both read before either writes (a barrier on their first try), so one of them must fail with
  // 40001 and be run again by write().
  Signal read_a, read_b;
  std::atomic<int> runs{0};
  auto skew = [&](const char* mine, const char* theirs, Signal& me, Signal& other) {
    bool first = true;
    db.write([&](PgTx& tx) {
      ++runs;
      const auto seen =
          tx.query("SELECT count(*) FROM t WHERE k LIKE $1", {std::string(theirs) + "%"}).int64(0, 0);
      if (first) {
        first = false;
        me.notify();
        other.wait(1, 5s);
      }
      tx.query("INSERT INTO t(k) VALUES ($1)", {std::string(mine) + std::to_string(seen)});
    });
  };
  const auto before = db.write_attempts();
  auto a = std::async(std::launch::async, [&] { skew("a", "b", read_a, read_b); });
  auto b = std::async(std::launch::async, [&] { skew("b", "a", read_b, read_a); });
  REQUIRE(a.wait_for(30s) == std::future_status::ready);
  REQUIRE(b.wait_for(30s) == std::future_status::ready);
  a.get();
  b.get();
  // One of the two ran again (more than once if its retry met the other still running).
  CHECK(runs >= 3);
  CHECK(db.write_attempts() - before == static_cast<std::uint64_t>(runs.load()));
  CHECK(db_test_count(db) == 2);
  // The retried one saw the other's row: the result is one the two could have had one after the other.
  CHECK(db_test_count(db, "k IN ('a0', 'b1')") + db_test_count(db, "k IN ('b0', 'a1')") == 2);
  CHECK((db_test_count(db, "k IN ('a0', 'b1')") == 2 || db_test_count(db, "k IN ('b0', 'a1')") == 2));
}

TEST_CASE("two writes that deadlock on each other's rows both land: the victim runs again", "[pg][tx]") {
  PgDatabase db = db_test_open();
  db.write([](PgTx& tx) {
    tx.exec("CREATE TABLE t(k TEXT PRIMARY KEY, n INTEGER NOT NULL)");
    tx.exec("INSERT INTO t VALUES ('x', 0), ('y', 0)");
  });
  // Each locks its first row, waits until the other holds its own, then updates the other's:
  // PostgreSQL finds the deadlock (after deadlock_timeout, 1 s) and fails one with 40P01 (or 40001).
  Signal has_x, has_y;
  std::atomic<int> runs{0};
  auto cross = [&](const char* first_row, const char* second_row, Signal& me, Signal& other) {
    bool first_try = true;
    db.write([&](PgTx& tx) {
      ++runs;
      tx.query("UPDATE t SET n = n + 1 WHERE k = $1", {first_row});
      if (first_try) {
        first_try = false;
        me.notify();
        other.wait(1, 5s);
      }
      tx.query("UPDATE t SET n = n + 1 WHERE k = $1", {second_row});
    });
  };
  auto a = std::async(std::launch::async, [&] { cross("x", "y", has_x, has_y); });
  auto b = std::async(std::launch::async, [&] { cross("y", "x", has_y, has_x); });
  REQUIRE(a.wait_for(30s) == std::future_status::ready);
  REQUIRE(b.wait_for(30s) == std::future_status::ready);
  a.get();
  b.get();
  CHECK(runs >= 3);  // the victim ran again (more than once if its retry met the survivor's lock)
  CHECK(db_test_count(db, "n = 2") == 2);  // both writes landed, each once
}

TEST_CASE("a write blocked by a lock held past lock_timeout is a retryable error, then the next one lands",
          "[pg][tx]") {
  PgOptions o;
  o.migrate = false;
  o.serialize_writers = false;
  o.lock_timeout = 300ms;
  const std::string uri = pg_fresh_database();
  PgDatabase db(uri, o);
  db.write([](PgTx& tx) { tx.exec("CREATE TABLE t(k TEXT NOT NULL)"); });
  // Someone (a psql session, say) holds the table's lock in a transaction left open.
  Connection holder(uri);
  holder.exec("BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
  const auto start = std::chrono::steady_clock::now();
  try {
    db.write([](PgTx& tx) { tx.query("INSERT INTO t(k) VALUES ($1)", {"blocked"}); });
    FAIL("the write went through a lock held by another transaction");
  } catch (const StoreError& e) {
    CHECK(e.kind() == ErrorKind::Unavailable);
    CHECK(e.retryable());
    CHECK_THAT(e.what(), Catch::Contains("held a lock this call needs for 300 ms; nothing was saved"));
  }
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= 300ms);
  CHECK(waited < 5s);
  holder.exec("ROLLBACK");
  db.write([](PgTx& tx) { tx.query("INSERT INTO t(k) VALUES ($1)", {"after"}); });
  CHECK(db_test_count(db) == 1);
  CHECK(db_test_count(db, "k = 'after'") == 1);
}

TEST_CASE("a single-statement read runs alone, without a transaction, and once more on a dead connection",
          "[pg][tx]") {
  const std::string uri = pg_fresh_database();
  PgDatabase db = db_test_open_at(uri, 1);  // one connection: each read below leases the same one
  auto setting = [](PgTx& tx, const std::string& name) {
    auto& st = tx.stmt("SELECT current_setting('" + name + "')");
    REQUIRE(st.step());
    return st.column(0).str();
  };
  std::string isolation;
  db.read([&](PgTx& tx) { isolation = setting(tx, "transaction_isolation"); });
  CHECK(isolation == "repeatable read");  // a read: one snapshot for all its statements
  db.read([&](PgTx& tx) {
    tx.single_statement();
    isolation = setting(tx, "transaction_isolation");
  });
  CHECK(isolation == "read committed");  // the server's default: no BEGIN went before it

  SECTION("a second statement is refused, and the connection serves the next read") {
    CHECK_THROWS_WITH(db.read([&](PgTx& tx) {
      tx.single_statement();
      setting(tx, "transaction_isolation");
      setting(tx, "transaction_read_only");
    }),
                      Catch::Contains("a single-statement read ran a second statement"));
    db.read([&](PgTx& tx) { isolation = setting(tx, "transaction_isolation"); });
    CHECK(isolation == "repeatable read");
  }
  SECTION("it is for a read only, before its statement") {
    CHECK_THROWS_WITH(db.write([](PgTx& tx) { tx.single_statement(); }),
                      Catch::Contains("single_statement() is for a read"));
  }
  SECTION("its pooled connection killed while idle: the read reconnects and runs") {
    std::string pid;
    db.read([&](PgTx& tx) { pid = tx.query("SELECT pg_backend_pid()::text").str(0, 0); });
    Connection admin(uri);
    admin.query("SELECT pg_terminate_backend($1::int)", {pid});
    std::string after;
    db.read([&](PgTx& tx) {
      tx.single_statement();
      auto& st = tx.stmt("SELECT pg_backend_pid()::text");  // (no REQUIRE here: it would catch the loss)
      if (st.step()) after = st.column(0).str();
    });
    CHECK_FALSE(after.empty());
    CHECK(after != pid);
  }
}

TEST_CASE("the pool opens at most its size and a waiting call gives up after its timeout", "[pg][pool]") {
  PgDatabase db = db_test_open(2, 300ms);
  Pool& pool = db.pool();
  {
    auto one = pool.acquire();
    auto two = pool.acquire();
    CHECK(pool.open() == 2);
    CHECK(pool.leased() == 2);
    const auto start = std::chrono::steady_clock::now();
    try {
      db.read([](PgTx&) {});
      FAIL("a third connection was handed out");
    } catch (const StoreError& e) {
      CHECK(e.kind() == ErrorKind::Unavailable);
      CHECK(e.retryable());
      CHECK_THAT(e.what(), Catch::Contains("Every one of the 2 database connections stayed busy for 300 ms"));
    }
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK(waited >= 300ms);
    CHECK(waited < 5s);
  }
  CHECK(pool.leased() == 0);
  CHECK(pool.open() == 2);
}

TEST_CASE("a call waiting for a connection gets the one another call gives back", "[pg][pool]") {
  PgDatabase db = db_test_open(1, 10s);
  Pool& pool = db.pool();
  auto held = std::make_unique<Pool::Lease>(pool.acquire());
  auto waiter = std::async(std::launch::async, [&] {
    std::int64_t v = 0;
    db.read([&](PgTx& tx) { v = tx.exec("SELECT 7").int64(0, 0); });
    return v;
  });
  REQUIRE(poll_until([&] { return pool.waiting() == 1; }, 5s));
  held.reset();  // give it back while the other call waits
  REQUIRE(waiter.wait_for(5s) == std::future_status::ready);
  CHECK(waiter.get() == 7);
  CHECK(pool.open() == 1);
}

TEST_CASE("each write's clock is later than every write committed before it, from any thread",
          "[pg][tx][clock]") {
  PgOptions o;
  o.pool_size = 4;
  PgDatabase db(pg_fresh_database(), o);
  // The store's clock stands in the future (a server whose clock ran ahead wrote last).
  db.write([](PgTx& tx) { tx.exec("INSERT INTO counters(name, next) VALUES ('clock', 32503680000000)"); });
  std::string first, second, read_time;
  db.write([&](PgTx& tx) { first = tx.now(); });
  db.write([&](PgTx& tx) { second = tx.now(); });
  db.read([&](PgTx& tx) { read_time = tx.now(); });
  CHECK(first == "3000-01-01T00:00:00.000Z");
  CHECK(second == "3000-01-01T00:00:00.001Z");
  CHECK(read_time < first);  // a read takes the system clock and moves nothing

  // Four threads writing at once: 200 stamps, all distinct, each thread's increasing.
  const auto attempts_before = db.write_attempts();
  std::vector<std::future<std::vector<std::string>>> writers;
  for (int w = 0; w < 4; ++w)
    writers.push_back(std::async(std::launch::async, [&] {
      std::vector<std::string> mine;
      for (int i = 0; i < 50; ++i) {
        std::string stamp;  // a retried transaction runs fn again: keep the committed try's stamp
        db.write([&](PgTx& tx) { stamp = tx.now(); });
        mine.push_back(stamp);
      }
      return mine;
    }));
  std::set<std::string> all;
  for (auto& f : writers) {
    REQUIRE(f.wait_for(60s) == std::future_status::ready);
    const auto mine = f.get();
    CHECK(std::is_sorted(mine.begin(), mine.end()));
    all.insert(mine.begin(), mine.end());
  }
  CHECK(all.size() == 200);
  CHECK(*all.begin() > second);
  // They queued on the writers' lock: none lost a serialization race and ran again.
  CHECK(db.write_attempts() - attempts_before == 200);
}

TEST_CASE("a server that cannot be reached is a retryable error naming the database, not a hang",
          "[pg][pool]") {
  const std::string nowhere = "postgresql://sciorex@/teamdb?host=/nonexistent-sciorex-socket-dir";
  const auto start = std::chrono::steady_clock::now();
  try {
    PgDatabase db(nowhere);
    FAIL("opened a store on no server");
  } catch (const StoreError& e) {
    CHECK(e.kind() == ErrorKind::Unavailable);
    CHECK_THAT(e.what(), Catch::Contains("The database cannot be reached now; try again."));
    CHECK_THAT(e.what(),
               Catch::Contains("database teamdb on /nonexistent-sciorex-socket-dir:5432 as sciorex"));
  }
  CHECK(std::chrono::steady_clock::now() - start < 5s);
}
