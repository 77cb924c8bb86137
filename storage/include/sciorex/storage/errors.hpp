// StoreError: the one exception type the storage layer throws.
//
// Every repository call either succeeds or throws StoreError and leaves the store untouched
// (the failing call's transaction is rolled back). The message says what was wrong in the store's
// terms (valid values, limits, who holds a ticket); what to do next that only the layer above can
// name (a tool for an agent, a command in a terminal) is a NextStep, which that layer words.
// The MCP layer maps NotFound/InvalidArgument/InvalidTransition/Conflict/Unavailable to tool
// results with isError: true, and Internal to a JSON-RPC internal error (detail to the log).
// Unavailable comes only from a database server (PostgreSQL, issue 13), never from SQLite.
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
  Unavailable,        // the database server cannot be reached now (PostgreSQL restarting, the
                      // connection lost, every pooled connection busy): the call may be retried
};

std::string_view to_string(ErrorKind kind);

// The next step the caller can take, for the layer above to name in its own terms: storage knows
// nothing of tools or commands. Each message it follows ends with a full stop.
enum class NextStep {
  None,
  FindTicketIds,      // an unknown ticket id: list or search the tickets
  FindEpicIds,        // an unknown epic id: list the epics
  RereadTicket,       // changed since the caller read it: read it again and retry
  PickAnotherTicket,  // already claimed by someone else
  ShowBlockers,       // not among the ticket's blockers: the ticket shows them
};

class StoreError : public std::runtime_error {
 public:
  StoreError(ErrorKind kind, const std::string& message, NextStep next = NextStep::None)
      : std::runtime_error(message), kind_(kind), next_(next) {}
  ErrorKind kind() const noexcept { return kind_; }
  NextStep next_step() const noexcept { return next_; }

  static StoreError not_found(const std::string& m, NextStep next = NextStep::None) {
    return {ErrorKind::NotFound, m, next};
  }
  static StoreError invalid_argument(const std::string& m) { return {ErrorKind::InvalidArgument, m}; }
  static StoreError invalid_transition(const std::string& m) { return {ErrorKind::InvalidTransition, m}; }
  static StoreError conflict(const std::string& m, NextStep next = NextStep::None) {
    return {ErrorKind::Conflict, m, next};
  }
  static StoreError internal(const std::string& m) { return {ErrorKind::Internal, m}; }
  static StoreError unavailable(const std::string& m) { return {ErrorKind::Unavailable, m}; }
  // Whether the same call may succeed if made again unchanged.
  bool retryable() const noexcept { return kind_ == ErrorKind::Unavailable; }

 private:
  ErrorKind kind_;
  NextStep next_;
};

}  // namespace sciorex::storage
