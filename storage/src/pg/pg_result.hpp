// Result: one PGresult of libpq, owned (PQclear on destruction), with typed column access.
// Private to storage (part of sciorex_storage_pg). Values arrive in libpq's text format; the
// typed getters parse them and throw PgError (not a crash, not a silent 0) on NULL or a value of
// another type, naming the column.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace sciorex::storage::pg {

class Result {
 public:
  Result() = default;
  explicit Result(PGresult* res) : res_(res, &PQclear) {}

  int rows() const { return res_ ? PQntuples(res_.get()) : 0; }
  int columns() const { return res_ ? PQnfields(res_.get()) : 0; }
  bool empty() const { return rows() == 0; }
  // Rows an INSERT/UPDATE/DELETE touched (PQcmdTuples), 0 for other commands.
  std::int64_t affected() const;
  // The command tag ("COMMIT", "ROLLBACK", "INSERT 0 1", ...).
  std::string command_status() const { return res_ ? PQcmdStatus(res_.get()) : ""; }
  // The index of a column by name; throws PgError when the result has no such column.
  int column(std::string_view name) const;
  std::string column_name(int col) const;

  bool is_null(int row, int col) const;
  std::string_view text(int row, int col) const;  // "" for NULL
  std::string str(int row, int col) const;
  std::int64_t int64(int row, int col) const;
  int int32(int row, int col) const;
  double real(int row, int col) const;
  bool boolean(int row, int col) const;  // PostgreSQL's t/f, or an INTEGER 0/1 as SQLite's schema keeps
  std::optional<std::string> opt_str(int row, int col) const;
  std::optional<std::int64_t> opt_int64(int row, int col) const;

  // get<T>(row, col) for std::string, std::int64_t, int, double, bool and std::optional of those.
  template <class T>
  T get(int row, int col) const {
    if constexpr (std::is_same_v<T, std::string>) {
      return str(row, col);
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
      return int64(row, col);
    } else if constexpr (std::is_same_v<T, int>) {
      return int32(row, col);
    } else if constexpr (std::is_same_v<T, double>) {
      return real(row, col);
    } else if constexpr (std::is_same_v<T, bool>) {
      return boolean(row, col);
    } else {
      using V = typename T::value_type;  // std::optional<V>
      if (is_null(row, col)) return std::nullopt;
      return get<V>(row, col);
    }
  }
  template <class T>
  T get(int row, std::string_view name) const {
    return get<T>(row, column(name));
  }

  PGresult* raw() const { return res_.get(); }

 private:
  void check(int row, int col) const;
  [[noreturn]] void bad_value(int row, int col, const char* type) const;
  std::shared_ptr<PGresult> res_;
};

}  // namespace sciorex::storage::pg
