// Tx: a running transaction on a Database's connection, with a prepared-statement cache.
// Private to the storage library (it exposes SQLiteCpp). Not thread-safe on its own: a Tx only
// lives inside Database::write/read, which hold the connection's mutex.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sciorex/storage/config.hpp"

namespace sciorex::storage {

// Prepared statements by SQL text; statements handed out in a transaction are reset at its end.
class StatementCache {
 public:
  SQLite::Statement& get(SQLite::Database& db, const std::string& sql);
  void reset_used() noexcept;
  void clear() noexcept;

 private:
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> cache_;
  std::vector<SQLite::Statement*> used_;
};

class Tx {
 public:
  Tx(SQLite::Database& db, StatementCache& cache, const StoreConfig& config, bool writable);

  // A cached statement, reset with bindings cleared, ready to bind and run.
  SQLite::Statement& stmt(const std::string& sql) { return cache_.get(db_, sql); }
  SQLite::Database& db() { return db_; }
  const StoreConfig& config() const { return config_; }
  bool writable() const { return writable_; }
  // The transaction's timestamp, ISO-8601 UTC with milliseconds (2026-11-24T06:09:39.123Z): every
  // change in one transaction carries the same time. In a write transaction it comes from the
  // store's clock (the `clock` row of `counters`): later than the timestamp of every earlier write
  // transaction on this file, from any process, even within one millisecond or when the system
  // clock steps back. So a ticket's updatedAt changes with every change, and an
  // expectedUpdatedAt compared exactly catches every change made since it was read. Taken on
  // first use (a write that stamps nothing does not touch the clock).
  const std::string& now();

 private:
  SQLite::Database& db_;
  StatementCache& cache_;
  const StoreConfig& config_;
  bool writable_;
  std::string now_;  // empty until now() is first called
};

// ISO-8601 UTC with milliseconds, e.g. 2024-12-06T15:45:00.123Z (the system clock, no store clock).
std::string now_iso();
std::string iso_from_unix_ms(std::int64_t ms);
bool is_iso_timestamp(const std::string& s);

// Binds an optional string (NULL when empty) / reads a nullable text column.
void bind_opt(SQLite::Statement& st, int index, const std::optional<std::string>& v);
std::optional<std::string> column_opt(SQLite::Statement& st, int index);

// Runs the migration steps; returns how many ran. Called by Database inside BEGIN IMMEDIATE.
int run_migrations(SQLite::Database& db);
int latest_migration_version();

}  // namespace sciorex::storage
