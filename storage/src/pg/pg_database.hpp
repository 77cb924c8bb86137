// PgDatabase: a PostgreSQL store handle, in the spirit of storage::Database (database.hpp): a pool
// of connections, the schema migrated on open, and write(fn) / read(fn) transactions.
// Private to storage (sciorex_storage_pg); the repositories on PostgreSQL will stand on it.
//
// write(fn) runs fn inside BEGIN ISOLATION LEVEL SERIALIZABLE ... COMMIT, so a read-check-write
// in fn behaves as under SQLite's single writer. Every write moves shared counters (the store
// clock, the id counters): two writers whose snapshots overlap would conflict on them, and one
// would fail with 40001 and run again, which under load (64 calls in flight, several servers)
// turns into a storm of retries. So a write first takes a lock that only writers take, in
// SHARE ROW EXCLUSIVE mode on the counters table (reads are not blocked), before its snapshot
// exists (LOCK TABLE takes none): writers queue on it as on SQLite's write lock, each snapshot
// sees every earlier write, and 40001 remains for transactions outside this scheme. A serialization failure
// (40001) or a deadlock (40P01), in fn or at COMMIT, rolls back and runs the whole transaction again (fn
// included) after a jittered backoff of 1..64 ms, for up to `retry_budget`; past it, StoreError(Unavailable).
// So fn must only touch the database and its own captured results. read(fn) runs fn in one snapshot
// (REPEATABLE READ READ ONLY); a read whose fn first calls Tx::single_statement() runs its one
// statement alone, without BEGIN and COMMIT (one statement is one snapshot), and once more on a
// new connection when the pooled one turns out dead. A statement that waits longer than
// `lock_timeout` for a lock (a transaction left open in psql, say) fails the call with
// StoreError(Unavailable): retryable, nothing saved, never a hang.
//
// If fn throws, the transaction is rolled back and the exception propagates unchanged. A lost
// connection (the server restarting, the network) throws StoreError(Unavailable), a retryable
// error that says whether the change was surely not saved (lost before COMMIT) or may have been
// (lost during COMMIT); the next call reconnects by itself (Pool). Any other PostgreSQL failure
// throws StoreError(Internal) with PostgreSQL's message.
//
// Thread-safe: each call leases its own connection for its duration. fn must not call back into
// the same PgDatabase (it could wait for a connection its caller holds: bounded, but pointless).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "pg_connection.hpp"
#include "pg_pool.hpp"
#include "pg_stmt.hpp"
#include "sciorex/storage/config.hpp"
#include "tx.hpp"

namespace sciorex::storage::pg {

struct PgOptions {
  std::size_t pool_size = 8;                          // connections at most
  std::chrono::milliseconds acquire_timeout{10'000};  // a call's wait for a free connection
  std::chrono::milliseconds retry_budget{30'000};     // serialization retries of one write
  // A statement's wait for a lock another transaction holds (SET LOCAL lock_timeout), as SQLite's
  // busy timeout bounds its wait for the writer's lock: past it, StoreError(Unavailable).
  std::chrono::milliseconds lock_timeout{10'000};
  // Writers take the store's write lock (LOCK TABLE counters) in their BEGIN's round trip, before
  // their snapshot: they wait for each other instead of failing and retrying (see above). Off
  // only for tests on a bare database without the store's tables.
  bool serialize_writers = true;
  bool migrate = true;  // run the migrations on open
};

// A running transaction on a leased connection: storage's Tx (the repositories' statements, its
// clock) and, for this layer and its tests, queries in PostgreSQL's own SQL. Lives only inside
// PgDatabase::write/read.
class PgTx final : public Tx {
 public:
  PgTx(Connection& conn, const StoreConfig& config, bool writable) : Tx(config, writable), conn_(conn) {}
  Result query(const std::string& sql, std::initializer_list<Param> params = {}) {
    return conn_.query(sql, params);
  }
  Result query(const std::string& sql, const std::vector<Param>& params) { return conn_.query(sql, params); }
  Result exec(const std::string& sql) { return conn_.exec(sql); }
  Connection& connection() { return conn_; }
  Stmt& stmt(const std::string& sql) override;
  Dialect dialect() const override { return Dialect::Postgres; }
  void single_statement() override;
  bool single() const { return single_; }

 private:
  Connection& conn_;
  bool single_ = false;  // single_statement(): no BEGIN was sent, no COMMIT is due
  std::unordered_map<std::string, std::unique_ptr<PgStmt>> stmts_;
};

class PgDatabase {
 public:
  // Connects (one connection at first) and, unless options.migrate is false, migrates the schema
  // under an advisory lock. Throws StoreError(Unavailable) when the server cannot be reached,
  // StoreError(Internal) when the schema is newer than this build or a migration fails.
  explicit PgDatabase(std::string conninfo, PgOptions options = {}, StoreConfig config = {});

  void write(const std::function<void(PgTx&)>& fn);
  void read(const std::function<void(PgTx&)>& fn);

  int schema_version();
  static int latest_schema_version();
  int migrations_applied() const { return applied_; }
  std::uint64_t write_attempts() const { return write_attempts_.load(); }  // every try, retries included
  Pool& pool() { return pool_; }
  const Pool& pool() const { return pool_; }

 private:
  void run(bool writable, const std::function<void(PgTx&)>& fn);

  PgOptions options_;
  StoreConfig config_;
  // With serialize_writers, one write at a time from this process: the others wait here (a futex)
  // rather than in PostgreSQL's lock queue, each holding a connection and a backend.
  std::mutex write_mu_;
  Pool pool_;
  int applied_ = 0;
  std::atomic<std::uint64_t> write_attempts_{0};
};

}  // namespace sciorex::storage::pg
