// Change notification across connections (LISTEN/NOTIFY carrying the event id), and the database
// restarted under the store: the call in flight gets a retryable error, the next call reconnects
// by itself, the listener reconnects and tells its waiters to catch up from the events table.
#include <catch2/catch.hpp>
#include <chrono>
#include <future>

#include "pg_database.hpp"
#include "pg_listener.hpp"
#include "pg_test_support.hpp"
#include "sciorex/storage/errors.hpp"
#include "wait_until.hpp"

using namespace sciorex::storage::pg;
using sciorex::storage::ErrorKind;
using sciorex::storage::StoreError;
using namespace sciorex::testing;
using namespace std::chrono_literals;

namespace {

std::int64_t listen_test_append_event(PgDatabase& db, const std::string& entity) {
  std::int64_t id = 0;
  db.write([&](PgTx& tx) {
    id = tx.query(
               "INSERT INTO events(ts, entity_type, entity_id, action, actor_type, actor_id) "
               "VALUES ('2026-12-05T10:00:00.000Z', 'ticket', $1, 'created', 'agent', 'test') RETURNING id",
               {entity})
             .int64(0, 0);
  });
  return id;
}

// Waits (bounded) until the listener has announced `id`.
Listener::State listen_test_wait_for(const Listener& l, std::int64_t id) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  Listener::State s = l.state();
  while (s.last_event < id && std::chrono::steady_clock::now() < deadline) s = l.wait(s, 1s);
  return s;
}

}  // namespace

TEST_CASE("a committed event wakes a listener's waiter with its id; a rolled-back one does not",
          "[pg][listen]") {
  const std::string conninfo = pg_fresh_database();
  PgDatabase db(conninfo);
  Listener listener(conninfo);
  REQUIRE(listener.wait_connected(10s));
  const Listener::State start = listener.state();
  CHECK(start.last_event == 0);

  auto waiter = std::async(std::launch::async, [&] { return listener.wait(start, 10s); });
  const std::int64_t id = listen_test_append_event(db, "T-1");
  REQUIRE(waiter.wait_for(15s) == std::future_status::ready);
  const Listener::State woke = waiter.get();
  CHECK(woke.last_event == id);
  CHECK(woke.reconnects == 0);

  // Three events in one transaction: one notification, with the highest id.
  std::int64_t last = 0;
  db.write([&](PgTx& tx) {
    for (int i = 0; i < 3; ++i)
      last = tx.exec(
                   "INSERT INTO events(ts, entity_type, entity_id, action, actor_type, actor_id) VALUES "
                   "('2026-12-05T10:00:00.000Z', 'ticket', 'T-2', 'updated', 'agent', 'test') RETURNING id")
                 .int64(0, 0);
  });
  CHECK(listen_test_wait_for(listener, last).last_event == last);

  // A rolled-back insert notifies nobody; the next committed one does (with a higher id).
  CHECK_THROWS(db.write([&](PgTx& tx) {
    tx.exec(
        "INSERT INTO events(ts, entity_type, entity_id, action, actor_type, actor_id) VALUES "
        "('2026-12-05T10:00:00.000Z', 'ticket', 'T-3', 'updated', 'agent', 'test')");
    throw std::runtime_error("changed my mind");
  }));
  const std::int64_t next = listen_test_append_event(db, "T-4");
  const Listener::State after = listen_test_wait_for(listener, next);
  CHECK(after.last_event == next);
  CHECK(next > last + 1);  // the rolled-back insert used an id; its notification was never sent

  SECTION("a wait with nothing new returns at its limit, unchanged") {
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(listener.wait(after, 200ms) == after);
    CHECK(std::chrono::steady_clock::now() - t0 >= 200ms);
  }
}

TEST_CASE("the database restarting: a retryable error in flight, then reconnection by itself",
          "[pg][restart]") {
  const std::string conninfo = pg_fresh_database();
  PgOptions options;
  options.pool_size = 3;
  PgDatabase db(conninfo, options);
  Listener listener(conninfo);
  REQUIRE(listener.wait_connected(10s));
  const std::int64_t before = listen_test_append_event(db, "T-1");
  REQUIRE(listen_test_wait_for(listener, before).last_event == before);
  // Warm two more pooled connections, which the restart leaves stale in the pool.
  {
    auto a = db.pool().acquire();
    auto b = db.pool().acquire();
    auto c = db.pool().acquire();
  }
  REQUIRE(db.pool().open() == 3);

  // A write in flight (its transaction open, the server busy with it) when the server restarts.
  auto in_flight = std::async(std::launch::async, [&]() -> std::string {
    try {
      db.write([](PgTx& tx) {
        tx.exec(
            "INSERT INTO events(ts, entity_type, entity_id, action, actor_type, actor_id) VALUES "
            "('2026-12-05T10:00:00.000Z', 'ticket', 'T-lost', 'updated', 'agent', 'test')");
        tx.exec("SELECT pg_sleep(60)");
      });
      return "committed";
    } catch (const StoreError& e) {
      return std::string(e.retryable() ? "retryable: " : "not retryable: ") + e.what();
    }
  });
  Connection watcher(conninfo);
  REQUIRE(poll_until(
      [&] {
        return watcher.exec("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'")
                   .int64(0, 0) == 1;
      },
      10s));
  const Listener::State seen = listener.state();
  pg_restart_cluster();

  REQUIRE(in_flight.wait_for(20s) == std::future_status::ready);
  const std::string outcome = in_flight.get();
  CHECK_THAT(outcome,
             Catch::StartsWith("retryable: The connection to the database was lost; nothing was saved."));

  // The next calls reconnect by themselves, on every pooled connection (stale ones included).
  for (int i = 0; i < 4; ++i) {
    const std::int64_t id = listen_test_append_event(db, "T-after-" + std::to_string(i));
    CHECK(id > before);
  }
  std::int64_t lost = -1;
  db.read([&](PgTx& tx) {
    lost = tx.exec("SELECT count(*) FROM events WHERE entity_id = 'T-lost'").int64(0, 0);
  });
  CHECK(lost == 0);

  // The listener reconnected and told its waiters to catch up; it hears new events again.
  const Listener::State after = listener.wait(seen, 20s);
  CHECK(after.reconnects == seen.reconnects + 1);
  REQUIRE(listener.wait_connected(10s));
  const std::int64_t fresh = listen_test_append_event(db, "T-fresh");
  CHECK(listen_test_wait_for(listener, fresh).last_event == fresh);
}

TEST_CASE("a listener on a server that cannot be reached keeps trying and stops at once", "[pg][listen]") {
  const auto start = std::chrono::steady_clock::now();
  {
    Listener listener("postgresql://sciorex@/teamdb?host=/nonexistent-sciorex-socket-dir");
    CHECK_FALSE(listener.wait_connected(300ms));
    CHECK_FALSE(listener.connected());
    CHECK(listener.wait(listener.state(), 100ms) == Listener::State{});
  }
  CHECK(std::chrono::steady_clock::now() - start < 3s);
}
