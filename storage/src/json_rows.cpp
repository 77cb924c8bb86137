// JsonRows (json_rows.hpp): a JSON array of arrays read as a statement's rows.
#include "json_rows.hpp"

#include "sciorex/storage/errors.hpp"

namespace sciorex::storage {
namespace {

[[noreturn]] void nothing_to_run() {
  throw StoreError::internal("JsonRows holds rows already fetched: there is nothing to bind or run.");
}

}  // namespace

JsonRows::JsonRows(const std::string& text) : rows_(nlohmann::json::array()) {
  if (text.empty()) return;
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded()) throw StoreError::internal("Rows expected as JSON, got: " + text.substr(0, 80));
  if (parsed.is_null()) return;
  if (!parsed.is_array())
    throw StoreError::internal("Rows expected as a JSON array, got: " + text.substr(0, 80));
  for (const auto& row : parsed)
    if (!row.is_array())
      throw StoreError::internal("A row expected as a JSON array, got: " + row.dump().substr(0, 80));
  rows_ = std::move(parsed);
}

std::vector<JsonRows> JsonRows::by_list(const std::string& text, std::size_t lists) {
  JsonRows all(text);
  std::vector<JsonRows> out(lists);
  for (auto& row : all.rows_) {
    if (row.empty() || !row.front().is_number_unsigned() || row.front().get<std::size_t>() >= lists)
      throw StoreError::internal("A row expected to start with a list number below " + std::to_string(lists) +
                                 ", got: " + row.dump().substr(0, 80));
    const auto list = row.front().get<std::size_t>();
    row.erase(row.begin());
    out[list].rows_.push_back(std::move(row));
  }
  return out;
}

void JsonRows::bind(int, std::int64_t) { nothing_to_run(); }
void JsonRows::bind(int, double) { nothing_to_run(); }
void JsonRows::bind(int, const std::string&) { nothing_to_run(); }
void JsonRows::bind(int) { nothing_to_run(); }
std::int64_t JsonRows::exec() { nothing_to_run(); }
int JsonRows::parameter_index(std::string_view) { nothing_to_run(); }

bool JsonRows::step() {
  if (next_ >= rows_.size()) return false;
  ++next_;
  return true;
}

const nlohmann::json& JsonRows::at(int index) const {
  if (next_ == 0 || index < 0 || static_cast<std::size_t>(index) >= rows_[next_ - 1].size())
    throw StoreError::internal("No column " + std::to_string(index) + " in the current JSON row.");
  return rows_[next_ - 1][static_cast<std::size_t>(index)];
}

bool JsonRows::column_is_null(int index) { return at(index).is_null(); }

std::string JsonRows::column_text(int index) {
  const auto& v = at(index);
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::int64_t JsonRows::column_int64(int index) {
  const auto& v = at(index);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number()) return static_cast<std::int64_t>(v.get<double>());
  if (v.is_string()) return std::stoll(v.get<std::string>());
  return 0;
}

double JsonRows::column_real(int index) {
  const auto& v = at(index);
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) return std::stod(v.get<std::string>());
  return 0;
}

}  // namespace sciorex::storage
