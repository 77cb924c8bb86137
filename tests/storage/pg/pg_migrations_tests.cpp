// PostgreSQL's migrations: applied once when several processes start together, a no-op the next
// time, the same tables and columns as SQLite's schema, and substring search through pg_trgm.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <future>
#include <map>
#include <set>
#include <vector>

#include "pg_database.hpp"
#include "pg_test_support.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "temp_dir.hpp"

using namespace sciorex::storage::pg;
using sciorex::storage::StoreError;
using namespace sciorex::testing;
using namespace std::chrono_literals;

namespace {

using MigTestSchema = std::map<std::string, std::set<std::string>>;  // table -> columns

MigTestSchema mig_test_sqlite_schema() {
  TempDir dir("pg-schema");
  const std::string path = (dir.path() / "s.db").string();
  { sciorex::storage::Database migrated(path); }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  MigTestSchema out;
  SQLite::Statement tables(db,
                           "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                           "AND name NOT LIKE 'tickets_fts%'");  // FTS5's tables: pg_trgm's index instead
  while (tables.executeStep()) {
    const std::string t = tables.getColumn(0).getString();
    SQLite::Statement cols(db, "SELECT name FROM pragma_table_xinfo(?)");
    cols.bind(1, t);
    while (cols.executeStep()) out[t].insert(cols.getColumn(0).getString());
  }
  return out;
}

MigTestSchema mig_test_pg_schema(Connection& c) {
  MigTestSchema out;
  const Result r = c.exec(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
      "AND table_name <> 'schema_version'");  // SQLite keeps the version in PRAGMA user_version
  for (int i = 0; i < r.rows(); ++i) out[r.str(i, 0)].insert(r.str(i, 1));
  return out;
}

std::string mig_test_list(const MigTestSchema& s) {
  std::string out;
  for (const auto& [t, cols] : s) {
    out += t + "(";
    for (const auto& c : cols) out += c + (c == *cols.rbegin() ? "" : ", ");
    out += ")\n";
  }
  return out;
}

}  // namespace

TEST_CASE(
    "four stores opening an empty database together (a connection each, on threads) migrate it exactly once",
    "[pg][migrations]") {
  const std::string conninfo = pg_fresh_database();
  std::vector<std::future<int>> starts;
  for (int i = 0; i < 4; ++i)
    starts.push_back(
        std::async(std::launch::async, [&] { return PgDatabase(conninfo).migrations_applied(); }));
  std::vector<int> applied;
  for (auto& f : starts) {
    REQUIRE(f.wait_for(30s) == std::future_status::ready);
    applied.push_back(f.get());
  }
  std::sort(applied.begin(), applied.end());
  CHECK(applied == std::vector<int>{0, 0, 0, PgDatabase::latest_schema_version()});
  CHECK(PgDatabase::latest_schema_version() == sciorex::storage::Database::latest_schema_version());

  PgDatabase again(conninfo);
  CHECK(again.migrations_applied() == 0);
  CHECK(again.schema_version() == PgDatabase::latest_schema_version());
  std::int64_t rows = 0;
  again.read([&](PgTx& tx) { rows = tx.exec("SELECT count(*) FROM schema_version").int64(0, 0); });
  CHECK(rows == 1);

  SECTION("a schema newer than this build is refused with a clear message") {
    again.write([](PgTx& tx) { tx.exec("UPDATE schema_version SET version = 99"); });
    CHECK_THROWS_WITH(PgDatabase(conninfo), Catch::Contains("schema is version 99, newer than this build"));
  }
}

TEST_CASE("PostgreSQL's schema has every table and column SQLite's has", "[pg][migrations]") {
  const MigTestSchema sqlite = mig_test_sqlite_schema();
  PgDatabase db(pg_fresh_database());
  auto lease = db.pool().acquire();
  MigTestSchema pg = mig_test_pg_schema(*lease);
  // the one column PostgreSQL adds: `pos`, where SQLite's implicit rowid keeps the insertion order
  for (const char* t : {"blockers", "relations"}) CHECK(pg[t].erase("pos") == 1);
  INFO("SQLite:\n" << mig_test_list(sqlite) << "PostgreSQL:\n" << mig_test_list(pg));
  CHECK(sqlite.size() >= 15);
  CHECK(sqlite.count("users") == 1);
  CHECK(mig_test_list(pg) == mig_test_list(sqlite));
}

TEST_CASE("pg_trgm's index finds a substring in a title, case-insensitively", "[pg][migrations][search]") {
  PgDatabase db(pg_fresh_database());
  db.write([](PgTx& tx) {
    const std::string insert =
        "INSERT INTO tickets(id, seq, title, description, type, priority, status, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, 'task', 'high', 'backlog', '2026-12-05T10:00:00.000Z', "
        "'2026-12-05T10:00:00.000Z')";
    for (int i = 1; i <= 300; ++i)
      tx.query(insert, {"T-" + std::to_string(i), i, "hay " + std::to_string(i), "stack"});
    tx.query(insert, {"T-301", 301, "find the NeEdLe here", "stack"});
    tx.query(insert, {"T-302", 302, "plain", "a needle in the description"});
  });
  const std::string search =
      "SELECT id FROM tickets WHERE id ILIKE $1 OR title ILIKE $1 OR description ILIKE $1 ORDER BY seq";
  std::vector<std::string> found;
  std::string plan;
  db.read([&](PgTx& tx) {
    const Result r = tx.query(search, {"%needle%"});
    for (int i = 0; i < r.rows(); ++i) found.push_back(r.str(i, 0));
    tx.exec("SET LOCAL enable_seqscan = off");  // the table is small: ask whether the index can serve it
    const Result p = tx.exec("EXPLAIN SELECT id FROM tickets WHERE title ILIKE '%needle%'");
    for (int i = 0; i < p.rows(); ++i) plan += p.str(i, 0) + "\n";
  });
  CHECK(found == std::vector<std::string>{"T-301", "T-302"});
  INFO(plan);
  CHECK_THAT(plan, Catch::Contains("tickets_trgm"));
  // The updatedAt text comes back exactly as written (the contract compares it exactly).
  std::string updated;
  db.read(
      [&](PgTx& tx) { updated = tx.exec("SELECT updated_at FROM tickets WHERE id = 'T-301'").str(0, 0); });
  CHECK(updated == "2026-12-05T10:00:00.000Z");
  std::int64_t prio = -1;
  db.read([&](PgTx& tx) { prio = tx.exec("SELECT prio FROM tickets WHERE id = 'T-301'").int64(0, 0); });
  CHECK(prio == 1);  // the generated column
}
