// Stmt: one SQL statement in a transaction, the same to the repositories on both backends. Private
// to the storage library. SQLite's is sqlite_tx.hpp's (SQLiteCpp underneath); PostgreSQL's is
// pg/pg_tx.hpp's (libpq), which rewrites SQLite's placeholders (`?`, `:name`) into `$n`.
//
// The repositories write their SQL once, in the dialect both engines read; where the two differ
// (full-text search, JSON arrays, a table's insertion order) they ask Tx::dialect().
//
// Parameters are numbered from 1 in the order of `?`, or named (`:name`, the same name may occur
// more than once). step() runs the statement the first time and moves to the next row; exec()
// runs one that returns no rows and says how many rows it changed. A statement from Tx::stmt
// starts with no parameters bound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sciorex::storage {

enum class Dialect { Sqlite, Postgres };

class Stmt;

// One column of the current row. Read it before the next step().
class Column {
 public:
  Column(Stmt& st, int index) : st_(st), index_(index) {}
  bool is_null() const;
  std::string str() const;     // "" for NULL
  std::int64_t int64() const;  // 0 for NULL
  int int32() const;           // 0 for NULL
  double real() const;         // 0 for NULL

 private:
  Stmt& st_;
  int index_;
};

class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  virtual ~Stmt() = default;

  virtual void bind(int index, std::int64_t v) = 0;
  virtual void bind(int index, double v) = 0;
  virtual void bind(int index, const std::string& v) = 0;
  virtual void bind(int index) = 0;  // NULL
  void bind(int index, int v) { bind(index, static_cast<std::int64_t>(v)); }
  void bind(int index, const char* v) { bind(index, std::string(v)); }
  void bind(int index, const std::optional<std::string>& v) {
    if (v)
      bind(index, *v);
    else
      bind(index);
  }
  template <class T>
  void bind(std::string_view name, const T& v) {
    bind(parameter_index(name), v);
  }

  virtual bool step() = 0;
  virtual std::int64_t exec() = 0;
  Column column(int index) { return {*this, index}; }

  // For Column: the current row's values (0-based columns).
  virtual bool column_is_null(int index) = 0;
  virtual std::string column_text(int index) = 0;
  virtual std::int64_t column_int64(int index) = 0;
  virtual double column_real(int index) = 0;

 protected:
  // The 1-based index of a named parameter (":name"); throws StoreError(Internal) when unknown.
  virtual int parameter_index(std::string_view name) = 0;
};

inline bool Column::is_null() const { return st_.column_is_null(index_); }
inline std::string Column::str() const { return st_.column_text(index_); }
inline std::int64_t Column::int64() const { return st_.column_int64(index_); }
inline int Column::int32() const { return static_cast<int>(st_.column_int64(index_)); }
inline double Column::real() const { return st_.column_real(index_); }

}  // namespace sciorex::storage
