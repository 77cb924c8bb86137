// PgStmt: storage's Stmt (stmt.hpp) on a PostgreSQL connection. The repositories' SQL names its
// parameters as SQLite does; to_postgres() rewrites them into PostgreSQL's: `?` in order, `?NNN`
// and `:name` (one number per name) become `$n`, outside quoted strings and identifiers. The
// values travel in text format (pg_connection.hpp's Param); PostgreSQL infers their types from
// where they stand. The statement is prepared once per connection and SQL text.
// Private to storage.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pg_connection.hpp"
#include "pg_result.hpp"
#include "stmt.hpp"

namespace sciorex::storage::pg {

struct PgSql {
  std::string text;                  // with $1..$n
  int parameters = 0;                // n
  std::map<std::string, int> names;  // ":name" -> its number
};

// Throws StoreError(Internal) on SQL it cannot rewrite (an unterminated quote, a `?` and a `:name`
// mixed, more than 999 parameters).
PgSql to_postgres(const std::string& sqlite_sql);
// to_postgres through a process-wide cache (thread-safe): the repositories' SQL texts are a fixed
// set, rewritten once each instead of once per transaction. Bounded: emptied past 4,096 texts.
std::shared_ptr<const PgSql> to_postgres_cached(const std::string& sqlite_sql);

class PgStmt final : public Stmt {
 public:
  PgStmt(Connection& conn, std::shared_ptr<const PgSql> sql)
      : conn_(conn), sql_(std::move(sql)), params_(sql_->parameters, nullptr) {}
  void bind(int index, std::int64_t v) override { at(index) = Param(v); }
  void bind(int index, double v) override { at(index) = Param(v); }
  void bind(int index, const std::string& v) override { at(index) = Param(v); }
  void bind(int index) override { at(index) = Param(nullptr); }
  using Stmt::bind;
  bool step() override;
  std::int64_t exec() override;
  bool column_is_null(int index) override { return result_.is_null(row_, index); }
  std::string column_text(int index) override { return result_.str(row_, index); }
  std::int64_t column_int64(int index) override;
  double column_real(int index) override;
  // Back to no parameters bound and not run (Tx::stmt hands a statement out again).
  void clear();

 protected:
  int parameter_index(std::string_view name) override;

 private:
  Param& at(int index);
  Result run();

  Connection& conn_;
  std::shared_ptr<const PgSql> sql_;
  std::vector<Param> params_;
  Result result_;
  bool ran_ = false;
  int row_ = -1;
};

}  // namespace sciorex::storage::pg
