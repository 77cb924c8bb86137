// Helpers for the storage tests: a temporary folder per test, actors, and quick factories.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "sciorex/storage/database.hpp"
#include "sciorex/storage/epic_repository.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "temp_dir.hpp"

namespace sciorex::storage::test {

// A fresh folder under the system temp dir, removed at the end of the test; db() is a store in it.
class TempDir : public testing::TempDir {
 public:
  TempDir() : testing::TempDir("storage") {}
  std::string db() const { return (path() / "sciorex.db").string(); }
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
