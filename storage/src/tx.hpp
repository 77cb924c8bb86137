// Tx: a running transaction, on SQLite (sqlite_tx.hpp) or PostgreSQL (pg/pg_tx.hpp). Private to
// the storage library. Not thread-safe on its own: a Tx only lives inside Database::write/read,
// which own the connection for its duration.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sciorex/storage/config.hpp"
#include "stmt.hpp"

namespace sciorex::storage {

class Tx {
 public:
  Tx(const StoreConfig& config, bool writable) : config_(config), writable_(writable) {}
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;
  virtual ~Tx() = default;

  // A statement of this transaction (prepared once per connection and SQL text), with nothing
  // bound, ready to bind and run. Valid until the transaction ends.
  virtual Stmt& stmt(const std::string& sql) = 0;
  virtual Dialect dialect() const = 0;
  // Called first in a read whose function runs exactly one statement, once: a backend may run it
  // without BEGIN and COMMIT (on PostgreSQL one statement sees one snapshot, so the transaction
  // would only add work at both ends), and may run the function again on a new connection when
  // the pooled one was found dead. A second statement then throws StoreError(Internal).
  virtual void single_statement() {}
  const StoreConfig& config() const { return config_; }
  bool writable() const { return writable_; }
  // The transaction's timestamp, ISO-8601 UTC with milliseconds (2026-11-24T06:09:39.123Z): every
  // change in one transaction carries the same time. In a write transaction it comes from the
  // store's clock (the `clock` row of `counters`): later than the timestamp of every earlier write
  // transaction on this store, from any process, even within one millisecond or when the system
  // clock steps back. So a ticket's updatedAt changes with every change, and an
  // expectedUpdatedAt compared exactly catches every change made since it was read. Taken on
  // first use (a write that stamps nothing does not touch the clock). On PostgreSQL the clock row
  // also orders the writers that stamp: one waits for the other's commit (or retries).
  const std::string& now();

 private:
  const StoreConfig& config_;
  bool writable_;
  std::string now_;  // empty until now() is first called
};

// ISO-8601 UTC with milliseconds, e.g. 2024-12-06T15:45:00.123Z (the system clock, no store clock).
std::string now_iso();
std::string iso_from_unix_ms(std::int64_t ms);
bool is_iso_timestamp(const std::string& s);

// Binds an optional string (NULL when empty) / reads a nullable text column.
inline void bind_opt(Stmt& st, int index, const std::optional<std::string>& v) { st.bind(index, v); }
std::optional<std::string> column_opt(Stmt& st, int index);

}  // namespace sciorex::storage
