// StatementCache, Tx, timestamps and small binding helpers.
#include <chrono>
#include <ctime>
#include <regex>

#include "tx.hpp"

namespace sciorex::storage {

SQLite::Statement& StatementCache::get(SQLite::Database& db, const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(sql, std::make_unique<SQLite::Statement>(db, sql)).first;
  } else {
    it->second->reset();
    it->second->clearBindings();
  }
  used_.push_back(it->second.get());
  return *it->second;
}

void StatementCache::reset_used() noexcept {
  for (auto* st : used_) {
    try {
      st->reset();
      st->clearBindings();
    } catch (...) {  // NOLINT(bugprone-empty-catch): reset reports the last step's error again
    }
  }
  used_.clear();
}

void StatementCache::clear() noexcept {
  used_.clear();
  cache_.clear();
}

Tx::Tx(SQLite::Database& db, StatementCache& cache, const StoreConfig& config, bool writable)
    : db_(db), cache_(cache), config_(config), writable_(writable), now_(now_iso()) {}

std::string now_iso() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool is_iso_timestamp(const std::string& s) {
  static const std::regex re(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$)");
  return std::regex_match(s, re);
}

void bind_opt(SQLite::Statement& st, int index, const std::optional<std::string>& v) {
  if (v)
    st.bind(index, *v);
  else
    st.bind(index);
}

std::optional<std::string> column_opt(SQLite::Statement& st, int index) {
  auto c = st.getColumn(index);
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

}  // namespace sciorex::storage
