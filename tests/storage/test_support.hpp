// Helpers for the storage tests: a temporary folder per test, actors, and quick factories.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "pg_test_support.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/epic_repository.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "temp_dir.hpp"

namespace sciorex::storage::test {

// Whether the repository tests run on PostgreSQL (SCIOREX_TEST_BACKEND=postgres: ctest's
// storage_on_pg, against the throwaway cluster of tests/storage/pg) or on SQLite (unset).
inline bool on_postgres() {
  const char* b = std::getenv("SCIOREX_TEST_BACKEND");
  return b && std::string(b) == "postgres";
}

// A store of its own for one test: an in-memory SQLite database, or a fresh PostgreSQL database.
inline std::string test_store() { return on_postgres() ? testing::pg_fresh_database() : ":memory:"; }

// A fresh folder under the system temp dir, removed at the end of the test; db() is a store in it
// (on PostgreSQL: one fresh database per folder, the same for every call).
class TempDir : public testing::TempDir {
 public:
  TempDir() : testing::TempDir("storage") {}
  std::string db() const {
    if (!on_postgres()) return (path() / "sciorex.db").string();
    if (pg_.empty()) pg_ = testing::pg_fresh_database();
    return pg_;
  }

 private:
  mutable std::string pg_;
};

// Writes `text` to `p`, creating its folders.
inline void write_file(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

inline Actor dev() { return Actor::agent("feature-developer"); }
inline Actor me() { return Actor::user("default"); }

inline NewTicket titled(std::string title) {
  NewTicket t;
  t.title = std::move(title);
  return t;
}

inline NewTicket planned(std::string title) {
  NewTicket t;
  t.title = std::move(title);
  t.status = TicketStatus::Planned;
  return t;
}

// The kind of the StoreError thrown by fn, or nullopt when it does not throw one.
template <class F>
std::optional<ErrorKind> error_kind(F&& fn) {
  try {
    fn();
  } catch (const StoreError& e) {
    return e.kind();
  }
  return std::nullopt;
}

template <class F>
std::string error_message(F&& fn) {
  try {
    fn();
  } catch (const StoreError& e) {
    return e.what();
  }
  return "";
}

// The next step of the StoreError thrown by fn, or nullopt when it does not throw one.
template <class F>
std::optional<NextStep> error_next_step(F&& fn) {
  try {
    fn();
  } catch (const StoreError& e) {
    return e.next_step();
  }
  return std::nullopt;
}

}  // namespace sciorex::storage::test
