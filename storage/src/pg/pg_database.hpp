// PgDatabase: a PostgreSQL store handle, in the spirit of storage::Database (database.hpp): a pool
// of connections, the schema migrated on open, and write(fn) / read(fn) transactions.
// Private to storage (sciorex_storage_pg); the repositories on PostgreSQL will stand on it.
//
// write(fn) runs fn inside BEGIN ISOLATION LEVEL SERIALIZABLE ... COMMIT, so a read-check-write
// in fn behaves as under SQLite's single writer. A serialization failure (40001) or a deadlock
// (40P01), in fn or at COMMIT, rolls back and runs the whole transaction again (fn included) after
// a jittered backoff of 1..64 ms, for up to `retry_budget`; past it, StoreError(Internal). So fn
// must only touch the database and its own captured results. read(fn) runs fn in one snapshot
// (REPEATABLE READ READ ONLY).
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
#include <string>

#include "pg_connection.hpp"
#include "pg_pool.hpp"

namespace sciorex::storage::pg {

struct PgOptions {
  std::size_t pool_size = 8;                          // connections at most
  std::chrono::milliseconds acquire_timeout{10'000};  // a call's wait for a free connection
  std::chrono::milliseconds retry_budget{30'000};     // serialization retries of one write
  bool migrate = true;                                // run the migrations on open
};

// A running transaction on a leased connection. Lives only inside PgDatabase::write/read.
class PgTx {
 public:
  PgTx(Connection& conn, bool writable) : conn_(conn), writable_(writable) {}
  Result query(const std::string& sql, std::initializer_list<Param> params = {}) {
    return conn_.query(sql, params);
  }
  Result query(const std::string& sql, const std::vector<Param>& params) { return conn_.query(sql, params); }
  Result exec(const std::string& sql) { return conn_.exec(sql); }
  bool writable() const { return writable_; }
  Connection& connection() { return conn_; }
  // The transaction's timestamp, ISO-8601 UTC with milliseconds, as storage's Tx::now() (tx.hpp):
  // in a write, from the store's clock (the `clock` row of `counters`, moved in this transaction),
  // later than that of every write committed before it, from any server, even within one
  // millisecond; so updatedAt works as a version. Two writes that stamp update the same row, so
  // they are ordered (one waits, or retries on 40001). Taken on first use.
  const std::string& now();

 private:
  Connection& conn_;
  bool writable_;
  std::string now_;
};

// ISO-8601 UTC with milliseconds (2026-12-05T10:00:00.123Z) of milliseconds since the epoch.
std::string pg_iso_from_unix_ms(std::int64_t ms);

class PgDatabase {
 public:
  // Connects (one connection at first) and, unless options.migrate is false, migrates the schema
  // under an advisory lock. Throws StoreError(Unavailable) when the server cannot be reached,
  // StoreError(Internal) when the schema is newer than this build or a migration fails.
  explicit PgDatabase(std::string conninfo, PgOptions options = {});

  void write(const std::function<void(PgTx&)>& fn);
  void read(const std::function<void(PgTx&)>& fn);

  int schema_version();
  static int latest_schema_version();
  int migrations_applied() const { return applied_; }
  std::uint64_t write_attempts() const { return write_attempts_.load(); }  // every try, retries included
  Pool& pool() { return pool_; }

 private:
  void run(bool writable, const std::function<void(PgTx&)>& fn);

  PgOptions options_;
  Pool pool_;
  int applied_ = 0;
  std::atomic<std::uint64_t> write_attempts_{0};
};

}  // namespace sciorex::storage::pg
