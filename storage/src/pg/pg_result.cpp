// Result's typed access: libpq's text format parsed strictly (the whole value, in range).
#include "pg_result.hpp"

#include <charconv>
#include <cstdlib>

#include "pg_error.hpp"

namespace sciorex::storage::pg {

std::int64_t Result::affected() const {
  if (!res_) return 0;
  const char* n = PQcmdTuples(res_.get());
  return (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
}

int Result::column(std::string_view name) const {
  const int c = res_ ? PQfnumber(res_.get(), std::string(name).c_str()) : -1;
  if (c < 0) throw PgError("The query's result has no column '" + std::string(name) + "'.", "", false);
  return c;
}

std::string Result::column_name(int col) const {
  if (!res_ || col < 0 || col >= columns())
    throw PgError("Column " + std::to_string(col) + " is outside the query's result.", "", false);
  return PQfname(res_.get(), col);
}

void Result::check(int row, int col) const {
  if (!res_ || col < 0 || col >= columns() || row < 0 || row >= rows())
    throw PgError("Row " + std::to_string(row) + ", column " + std::to_string(col) +
                      " is outside the query's result (" + std::to_string(rows()) + " rows, " +
                      std::to_string(columns()) + " columns).",
                  "", false);
}

bool Result::is_null(int row, int col) const {
  check(row, col);
  return PQgetisnull(res_.get(), row, col) == 1;
}

std::string_view Result::text(int row, int col) const {
  if (is_null(row, col)) return {};
  return {PQgetvalue(res_.get(), row, col), static_cast<std::size_t>(PQgetlength(res_.get(), row, col))};
}

std::string Result::str(int row, int col) const {
  if (is_null(row, col)) bad_value(row, col, "text");
  return std::string(text(row, col));
}

void Result::bad_value(int row, int col, const char* type) const {
  const bool null = is_null(row, col);
  throw PgError("Column '" + column_name(col) + "' of row " + std::to_string(row) + " is " +
                    (null ? std::string("NULL") : "'" + std::string(text(row, col)) + "'") + ", not " + type +
                    ".",
                "", false);
}

std::int64_t Result::int64(int row, int col) const {
  const std::string_view t = text(row, col);
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (is_null(row, col) || t.empty() || ec != std::errc() || end != t.data() + t.size())
    bad_value(row, col, "an integer");
  return v;
}

int Result::int32(int row, int col) const {
  const std::int64_t v = int64(row, col);
  if (v < INT32_MIN || v > INT32_MAX) bad_value(row, col, "a 32-bit integer");
  return static_cast<int>(v);
}

double Result::real(int row, int col) const {
  const std::string s = str(row, col);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) bad_value(row, col, "a number");
  return v;
}

bool Result::boolean(int row, int col) const {
  const std::string_view t = text(row, col);
  if (!is_null(row, col)) {
    if (t == "t" || t == "1") return true;
    if (t == "f" || t == "0") return false;
  }
  bad_value(row, col, "a boolean");
}

std::optional<std::string> Result::opt_str(int row, int col) const {
  return get<std::optional<std::string>>(row, col);
}

std::optional<std::int64_t> Result::opt_int64(int row, int col) const {
  return get<std::optional<std::int64_t>>(row, col);
}

}  // namespace sciorex::storage::pg
