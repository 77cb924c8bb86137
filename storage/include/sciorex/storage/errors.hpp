// StoreError: the one exception type the storage layer throws.
//
// Every repository call either succeeds or throws StoreError and leaves the store untouched
// (the failing call's transaction is rolled back). The message is written for an AI agent: it
// says what was wrong and what to do next (valid values, the tool that finds valid ids, ...).
// The MCP layer maps NotFound/InvalidArgument/InvalidTransition/Conflict to tool results with
// isError: true, and Internal to a JSON-RPC internal error (detail to the log).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace sciorex::storage {

enum class ErrorKind {
  NotFound,           // an id (ticket, epic, subtask, blocker) does not exist
  InvalidArgument,    // bad enum value, empty title, too long, bad cursor, self-block, cycle, ...
  InvalidTransition,  // a status change the transition table does not allow
  Conflict,           // stale expected_updated_at, or a ticket already claimed by someone else
  Internal,           // SQLite failure other than contention, corrupt data, I/O error
};

std::string_view to_string(ErrorKind kind);

class StoreError : public std::runtime_error {
 public:
  StoreError(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

  static StoreError not_found(const std::string& m) { return {ErrorKind::NotFound, m}; }
  static StoreError invalid_argument(const std::string& m) { return {ErrorKind::InvalidArgument, m}; }
  static StoreError invalid_transition(const std::string& m) { return {ErrorKind::InvalidTransition, m}; }
  static StoreError conflict(const std::string& m) { return {ErrorKind::Conflict, m}; }
  static StoreError internal(const std::string& m) { return {ErrorKind::Internal, m}; }

 private:
  ErrorKind kind_;
};

}  // namespace sciorex::storage
