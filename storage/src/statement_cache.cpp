// StatementCache, Tx, timestamps and small binding helpers.
#include <algorithm>
#include <chrono>
#include <cstdio>
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
    : db_(db), cache_(cache), config_(config), writable_(writable) {}

namespace {
std::int64_t unix_ms_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
}  // namespace

const std::string& Tx::now() {
  if (!now_.empty()) return now_;
  std::int64_t ms = unix_ms_now();
  if (writable_) {
    // `next` is the earliest millisecond the next write transaction may take.
    auto& get = stmt("SELECT next FROM counters WHERE name = 'clock'");
    if (get.executeStep()) ms = std::max(ms, get.getColumn(0).getInt64());
    auto& put = stmt(
        "INSERT INTO counters(name, next) VALUES ('clock', ?) ON CONFLICT(name) DO UPDATE SET next = "
        "excluded.next");
    put.bind(1, static_cast<int64_t>(ms + 1));
    put.exec();
  }
  now_ = iso_from_unix_ms(ms);
  return now_;
}

std::string iso_from_unix_ms(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
  return buf;
}

std::string now_iso() { return iso_from_unix_ms(unix_ms_now()); }

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
