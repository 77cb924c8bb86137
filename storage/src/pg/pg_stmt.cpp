// PgStmt and to_postgres (pg_stmt.hpp).
#include "pg_stmt.hpp"

#include <cctype>
#include <mutex>
#include <unordered_map>

#include "sciorex/storage/errors.hpp"

namespace sciorex::storage::pg {
namespace {

constexpr int kMaxParameters = 999;

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

[[noreturn]] void bad_sql(const std::string& why, const std::string& sql) {
  throw StoreError::internal("cannot rewrite SQL for PostgreSQL (" + why + "): " + sql.substr(0, 200));
}

}  // namespace

PgSql to_postgres(const std::string& in) {
  PgSql out;
  out.text.reserve(in.size() + 16);
  bool positional = false;
  bool named = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '\'' || c == '"') {  // a string or a quoted identifier, copied as it is ('' and "" inside)
      const std::size_t end = in.find(c, i + 1);
      if (end == std::string::npos) bad_sql("unterminated quote", in);
      out.text.append(in, i, end - i + 1);
      i = end;
      continue;
    }
    if (c == '?') {
      positional = true;
      std::size_t j = i + 1;
      int n = 0;
      while (j < in.size() && std::isdigit(static_cast<unsigned char>(in[j])) != 0 && n <= kMaxParameters)
        n = n * 10 + (in[j++] - '0');
      if (j == i + 1) n = out.parameters + 1;  // a bare `?`: the next number
      if (n < 1 || n > kMaxParameters) bad_sql("parameter number out of range", in);
      out.parameters = std::max(out.parameters, n);
      out.text += '$' + std::to_string(n);
      i = j - 1;
      continue;
    }
    // `:name`, but not the `::` of a cast (the name check rules out a second ':' after it)
    if (c == ':' && i + 1 < in.size() && name_char(in[i + 1]) && (i == 0 || in[i - 1] != ':')) {
      named = true;
      std::size_t j = i + 1;
      while (j < in.size() && name_char(in[j])) ++j;
      const std::string name = in.substr(i, j - i);
      auto [it, fresh] = out.names.emplace(name, out.parameters + 1);
      if (fresh) ++out.parameters;
      if (out.parameters > kMaxParameters) bad_sql("too many parameters", in);
      out.text += '$' + std::to_string(it->second);
      i = j - 1;
      continue;
    }
    out.text += c;
  }
  if (positional && named) bad_sql("both ? and :name parameters", in);
  return out;
}

std::shared_ptr<const PgSql> to_postgres_cached(const std::string& in) {
  constexpr std::size_t kMaxTexts = 4096;
  static std::mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<const PgSql>> cache;
  {
    std::lock_guard lock(mu);
    if (auto it = cache.find(in); it != cache.end()) return it->second;
  }
  auto sql = std::make_shared<const PgSql>(to_postgres(in));  // outside the lock; throws on bad SQL
  std::lock_guard lock(mu);
  if (cache.size() >= kMaxTexts) cache.clear();
  cache.emplace(in, sql);
  return sql;
}

Param& PgStmt::at(int index) {
  if (index < 1 || index > static_cast<int>(params_.size()))
    throw StoreError::internal("no parameter " + std::to_string(index) + " in: " + sql_->text.substr(0, 200));
  ran_ = false;
  return params_[static_cast<std::size_t>(index - 1)];
}

int PgStmt::parameter_index(std::string_view name) {
  auto it = sql_->names.find(std::string(name));
  if (it == sql_->names.end())
    throw StoreError::internal("no parameter " + std::string(name) + " in: " + sql_->text.substr(0, 200));
  return it->second;
}

Result PgStmt::run() { return conn_.query(sql_->text, params_); }

bool PgStmt::step() {
  if (!ran_) {
    result_ = run();
    ran_ = true;
    row_ = -1;
  }
  if (row_ + 1 >= result_.rows()) return false;
  ++row_;
  return true;
}

std::int64_t PgStmt::exec() {
  result_ = run();
  ran_ = true;
  row_ = -1;
  return result_.affected();
}

std::int64_t PgStmt::column_int64(int index) {
  if (result_.is_null(row_, index)) return 0;
  // a boolean expression (EXISTS, a comparison) is 1 or 0, as SQLite gives it
  const std::string_view v = result_.text(row_, index);
  if (v == "t") return 1;
  if (v == "f") return 0;
  return result_.int64(row_, index);
}

double PgStmt::column_real(int index) { return result_.is_null(row_, index) ? 0 : result_.real(row_, index); }

void PgStmt::clear() {
  for (auto& p : params_) p = Param(nullptr);
  result_ = Result();
  ran_ = false;
  row_ = -1;
}

}  // namespace sciorex::storage::pg
