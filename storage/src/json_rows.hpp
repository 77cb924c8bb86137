// JsonRows: rows that PostgreSQL handed back as one JSON array of arrays (json_agg of
// json_build_array), read through the Stmt interface, so the code that maps a row to a struct is
// the same for a real statement and for rows fetched inside another query. Private to storage.
//
// Built from the column's text ("" or "null": no rows). step() moves to the next row; columns are
// 0-based as in the SELECT that built the arrays. A JSON string is its text; a number is read as
// an integer or a real; null is NULL. bind() and exec() throw StoreError(Internal): there is
// nothing to run. A text that is not an array of arrays throws StoreError(Internal).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stmt.hpp"

namespace sciorex::storage {

class JsonRows final : public Stmt {
 public:
  JsonRows() : rows_(nlohmann::json::array()) {}  // no rows
  explicit JsonRows(const std::string& text);
  // Rows of several lists in one array, each row led by its list's number (0..lists-1): the
  // lists apart, each row without that number, in the order they came. A number out of range
  // throws StoreError(Internal).
  static std::vector<JsonRows> by_list(const std::string& text, std::size_t lists);

  void bind(int index, std::int64_t v) override;
  void bind(int index, double v) override;
  void bind(int index, const std::string& v) override;
  void bind(int index) override;
  bool step() override;
  std::int64_t exec() override;
  bool column_is_null(int index) override;
  std::string column_text(int index) override;
  std::int64_t column_int64(int index) override;
  double column_real(int index) override;

 protected:
  int parameter_index(std::string_view name) override;

 private:
  const nlohmann::json& at(int index) const;

  nlohmann::json rows_;
  std::size_t next_ = 0;  // the row step() moves to
};

}  // namespace sciorex::storage
