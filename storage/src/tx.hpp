// Tx: a running transaction on a Database's connection, with a prepared-statement cache.
// Private to the storage library (it exposes SQLiteCpp). Not thread-safe on its own: a Tx only
// lives inside Database::write/read, which hold the connection's mutex.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

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
  // The transaction's timestamp: every change in one transaction carries the same time.
  const std::string& now() const { return now_; }

 private:
  SQLite::Database& db_;
  StatementCache& cache_;
  const StoreConfig& config_;
  bool writable_;
  std::string now_;
};

// ISO-8601 UTC with seconds, e.g. 2024-12-06T15:45:00Z.
std::string now_iso();
bool is_iso_timestamp(const std::string& s);

// Binds an optional string (NULL when empty) / reads a nullable text column.
void bind_opt(SQLite::Statement& st, int index, const std::optional<std::string>& v);
std::optional<std::string> column_opt(SQLite::Statement& st, int index);

// Runs the migration steps; returns how many ran. Called by Database inside BEGIN IMMEDIATE.
int run_migrations(SQLite::Database& db);
int latest_migration_version();

}  // namespace sciorex::storage
