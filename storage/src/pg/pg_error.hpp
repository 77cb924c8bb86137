// PgError: a failure reported by PostgreSQL or libpq, with its SQLSTATE, inside the pg layer.
// The transaction helpers (PgDatabase::write/read) turn it into a StoreError: serialization
// failures and deadlocks are retried, a lost connection or a lock wait past lock_timeout becomes
// StoreError(Unavailable), anything else StoreError(Internal). Code that calls a Connection directly
// (migrations, the listener, tests) sees PgError itself.
#pragma once

#include <stdexcept>
#include <string>

namespace sciorex::storage::pg {

class PgError : public std::runtime_error {
 public:
  PgError(const std::string& message, std::string sqlstate, bool connection_lost)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}
  // The five-character SQLSTATE ("40001"), or "" when libpq reported no code (a client-side error).
  const std::string& sqlstate() const noexcept { return sqlstate_; }
  // The connection is gone (SQLSTATE class 08, 57P01..57P03, or libpq found the socket closed):
  // the transaction did not commit unless the loss came during COMMIT; a new connection is needed.
  bool connection_lost() const noexcept { return connection_lost_; }
  // A serialization failure (40001) or a deadlock (40P01): the whole transaction may be retried.
  bool retryable_conflict() const noexcept { return sqlstate_ == "40001" || sqlstate_ == "40P01"; }
  // lock_timeout ran out (55P03, lock_not_available): another transaction holds the lock.
  bool lock_timed_out() const noexcept { return sqlstate_ == "55P03"; }

 private:
  std::string sqlstate_;
  bool connection_lost_;
};

// Whether an SQLSTATE means the server or the connection went away.
inline bool is_connection_loss_state(const std::string& s) {
  return s.rfind("08", 0) == 0 || s == "57P01" || s == "57P02" || s == "57P03";
}

}  // namespace sciorex::storage::pg
