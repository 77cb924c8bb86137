// The SQLite side of Tx and Stmt (tx.hpp, stmt.hpp): statements prepared once per connection and
// SQL text (SQLiteCpp underneath), and the migrations. Private to the storage library: only
// database.cpp and migrations.cpp see SQLiteCpp.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "tx.hpp"

namespace sciorex::storage {

class SqliteStmt final : public Stmt {
 public:
  SqliteStmt(SQLite::Database& db, const std::string& sql) : st_(db, sql) {}
  void bind(int index, std::int64_t v) override { st_.bind(index, v); }
  void bind(int index, double v) override { st_.bind(index, v); }
  void bind(int index, const std::string& v) override { st_.bind(index, v); }
  void bind(int index) override { st_.bind(index); }
  using Stmt::bind;
  bool step() override { return st_.executeStep(); }
  std::int64_t exec() override { return st_.exec(); }
  bool column_is_null(int index) override { return st_.isColumnNull(index); }
  std::string column_text(int index) override { return st_.getColumn(index).getString(); }
  std::int64_t column_int64(int index) override { return st_.getColumn(index).getInt64(); }
  double column_real(int index) override { return st_.getColumn(index).getDouble(); }
  SQLite::Statement& statement() { return st_; }

 protected:
  int parameter_index(std::string_view name) override;

 private:
  SQLite::Statement st_;
};

// Prepared statements by SQL text; statements handed out in a transaction are reset at its end.
class StatementCache {
 public:
  SqliteStmt& get(SQLite::Database& db, const std::string& sql);
  void reset_used() noexcept;
  void clear() noexcept;

 private:
  std::unordered_map<std::string, std::unique_ptr<SqliteStmt>> cache_;
  std::vector<SqliteStmt*> used_;
};

class SqliteTx final : public Tx {
 public:
  SqliteTx(SQLite::Database& db, StatementCache& cache, const StoreConfig& config, bool writable)
      : Tx(config, writable), db_(db), cache_(cache) {}
  Stmt& stmt(const std::string& sql) override { return cache_.get(db_, sql); }
  Dialect dialect() const override { return Dialect::Sqlite; }

 private:
  SQLite::Database& db_;
  StatementCache& cache_;
};

// Runs the migration steps; returns how many ran. Called by Database inside BEGIN IMMEDIATE.
int run_migrations(SQLite::Database& db);
int latest_migration_version();

}  // namespace sciorex::storage
