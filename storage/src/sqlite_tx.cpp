// SQLite's statements and their cache per connection (sqlite_tx.hpp).
#include "sqlite_tx.hpp"

#include "sciorex/storage/errors.hpp"

namespace sciorex::storage {

int SqliteStmt::parameter_index(std::string_view name) {
  const int i = st_.getIndex(std::string(name).c_str());
  if (i == 0) throw StoreError::internal("no parameter " + std::string(name) + " in: " + st_.getQuery());
  return i;
}

SqliteStmt& StatementCache::get(SQLite::Database& db, const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(sql, std::make_unique<SqliteStmt>(db, sql)).first;
  } else {
    it->second->statement().reset();
    it->second->statement().clearBindings();
  }
  used_.push_back(it->second.get());
  return *it->second;
}

void StatementCache::reset_used() noexcept {
  for (auto* st : used_) {
    try {
      st->statement().reset();
      st->statement().clearBindings();
    } catch (...) {  // NOLINT(bugprone-empty-catch): reset reports the last step's error again
    }
  }
  used_.clear();
}

void StatementCache::clear() noexcept {
  used_.clear();
  cache_.clear();
}

}  // namespace sciorex::storage
