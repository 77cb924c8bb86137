// PgDatabase: transactions with retry on serialization failures, lost connections as
// StoreError(Unavailable), migrations on open.
#include "pg_database.hpp"

#include <optional>
#include <random>
#include <thread>

#include "pg_error.hpp"
#include "pg_migrations.hpp"
#include "sciorex/storage/errors.hpp"

namespace sciorex::storage::pg {
namespace {

// Backoff between retries: 1..64 ms, jittered so competing writers do not move in lockstep.
void pg_backoff(int attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  const unsigned cap = 1U << std::min(attempt, 6);
  std::this_thread::sleep_for(std::chrono::milliseconds(1 + rng() % cap));
}

void rollback_quietly(Connection& c) {
  if (c.drop_deferred() || c.broken()) return;  // a BEGIN never sent has nothing to roll back
  try {
    c.exec("ROLLBACK");
  } catch (const PgError&) {  // nothing to add: the caller reports the first failure
  }
}

bool reconnected(Connection& c) {
  try {
    c.reset();
    return true;
  } catch (const PgError&) {  // still down: the caller reports the first failure
    return false;
  }
}

// BEGIN on a leased connection. A read's goes to the server with its first statement, in one
// round trip (Connection::defer); a write's, with the transaction's lock timeout and the writers'
// lock, in a round trip of its own. An idle pooled connection may have died since its last use
// (the server restarted): its BEGIN fails before anything ran, so it reconnects and begins once
// more (for a read, Connection does that).
void begin_tx(Connection& c, bool writable, const PgOptions& o) {
  if (!writable) {
    c.defer("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    return;
  }
  std::string sql = "BEGIN ISOLATION LEVEL SERIALIZABLE; SET LOCAL lock_timeout = " +
                    std::to_string(o.lock_timeout.count());
  if (o.serialize_writers) sql += "; LOCK TABLE counters IN SHARE ROW EXCLUSIVE MODE";
  try {
    c.exec(sql);
  } catch (const PgError& e) {
    if (!e.connection_lost()) throw;
    try {
      c.reset();
    } catch (const PgError& again) {
      throw StoreError::unavailable(std::string("The database cannot be reached now; try again. ") +
                                    again.what());
    }
    c.exec(sql);
  }
}

}  // namespace

Stmt& PgTx::stmt(const std::string& sql) {
  auto it = stmts_.find(sql);
  if (it == stmts_.end()) {
    if (single_ && !stmts_.empty())
      throw StoreError::internal("a single-statement read ran a second statement: " + sql.substr(0, 80));
    it = stmts_.emplace(sql, std::make_unique<PgStmt>(conn_, to_postgres_cached(sql))).first;
  } else {
    it->second->clear();
  }
  return *it->second;
}

void PgTx::single_statement() {
  if (writable() || !stmts_.empty())
    throw StoreError::internal("single_statement() is for a read, before its statement");
  conn_.drop_deferred();  // its BEGIN: the statement runs alone, in a snapshot of its own
  single_ = true;
}

PgDatabase::PgDatabase(std::string conninfo, PgOptions options, StoreConfig config)
    : options_(options),
      config_(std::move(config)),
      pool_(std::move(conninfo), options.pool_size, options.acquire_timeout) {
  if (!options_.migrate) return;
  auto lease = pool_.acquire();
  applied_ = run_pg_migrations(*lease);
}

int PgDatabase::latest_schema_version() { return latest_pg_migration_version(); }

int PgDatabase::schema_version() {
  auto lease = pool_.acquire();
  return pg_schema_version(*lease);
}

void PgDatabase::write(const std::function<void(PgTx&)>& fn) { run(true, fn); }
void PgDatabase::read(const std::function<void(PgTx&)>& fn) { run(false, fn); }

void PgDatabase::run(bool writable, const std::function<void(PgTx&)>& fn) {
  std::unique_lock<std::mutex> one_writer(write_mu_, std::defer_lock);
  if (writable && options_.serialize_writers) one_writer.lock();
  auto lease = pool_.acquire();
  Connection& c = *lease;
  const auto start = std::chrono::steady_clock::now();
  for (int attempt = 0;; ++attempt) {
    bool committing = false;
    std::optional<PgTx> tx;
    if (writable) ++write_attempts_;
    try {
      begin_tx(c, writable, options_);
      tx.emplace(c, config_, writable);
      fn(*tx);
      if (!writable) {  // a read has nothing to commit: no need to wait for the answer
        // (no BEGIN was sent when no statement ran, or when the one statement ran alone)
        if (!c.drop_deferred() && !tx->single()) c.send_and_forget("COMMIT");
        return;
      }
      committing = true;
      const Result done = c.exec("COMMIT");
      // COMMIT of a transaction in which a statement failed (and fn went on) rolls back silently.
      if (done.command_status() != "COMMIT")
        throw StoreError::internal("The transaction was rolled back: a statement in it had failed.");
      return;
    } catch (const PgError& e) {
      rollback_quietly(c);
      // A single statement that found its pooled connection dead (the server restarted since its
      // last use) ran nowhere: once more on a new connection, as a deferred BEGIN does.
      if (e.connection_lost() && tx && tx->single() && attempt == 0 && reconnected(c)) continue;
      if (e.connection_lost() && !writable)
        throw StoreError::unavailable("The database cannot be reached now; try again. (" +
                                      std::string(e.what()) + ")");
      if (e.connection_lost())
        throw StoreError::unavailable(
            committing
                ? "The connection to the database was lost while committing: the change may or may not "
                  "have been saved. Read it back before trying again. (" +
                      std::string(e.what()) + ")"
                : "The connection to the database was lost; nothing was saved. Try again. (" +
                      std::string(e.what()) + ")");
      if (e.retryable_conflict()) {
        if (std::chrono::steady_clock::now() - start < options_.retry_budget) {
          pg_backoff(attempt);
          continue;
        }
        throw StoreError::unavailable("The store is too busy: this change lost to other writers for " +
                                      std::to_string(options_.retry_budget.count()) +
                                      " ms; nothing was saved. Try again. (" + std::string(e.what()) + ")");
      }
      if (e.lock_timed_out())
        throw StoreError::unavailable(
            "The store is busy: another transaction held a lock this call needs for " +
            std::to_string(options_.lock_timeout.count()) + " ms; nothing was saved. Try again. (" +
            std::string(e.what()) + ")");
      throw StoreError::internal(std::string(writable ? "write: " : "read: ") + e.what());
    } catch (...) {
      rollback_quietly(c);
      throw;
    }
  }
}

}  // namespace sciorex::storage::pg
