// Connection: one libpq connection (RAII over PGconn) with a cache of prepared statements.
// Private to storage (sciorex_storage_pg).
//
// The connection string is passed to libpq as it is (PQconnectdbParams with expand_dbname), so
// every form libpq knows works: `postgresql://USER:PASSWORD@HOST:PORT/DB?sslmode=...`,
// `postgres://...`, `postgresql:///DB?host=/run/socket/dir`, and keyword form `host=/path dbname=DB`;
// what the string leaves out comes from the PG* environment variables, the password from
// ~/.pgpass (PGPASSFILE), TLS from sslmode/sslrootcert/... . We add defaults the string may
// override: connect_timeout=10, TCP keepalives (a dead peer is noticed within about a minute),
// application_name=sciorex, and options='-c lock_timeout=10000' (a statement waits at most 10 s
// for a lock; a string with its own `options` replaces ours).
//
// query() runs a statement with $1..$n parameters in text format, prepared once per connection
// and SQL text (named sx1, sx2, ...). exec() runs SQL text without parameters (several
// statements allowed: migrations, BEGIN, COMMIT).
//
// Errors throw PgError with the SQLSTATE; a lost connection (SQLSTATE class 08, 57P01..57P03, or
// the socket closed) marks the connection broken(): it must be reset() (or dropped) before use.
// Not thread-safe: one thread at a time (the pool hands a connection to one lease).
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pg_result.hpp"

namespace sciorex::storage::pg {

// One parameter of a query in text format; NULL when empty.
class Param {
 public:
  Param(std::nullptr_t) {}                           // NOLINT(google-explicit-constructor): SQL NULL
  Param(const char* s) : v_(std::string(s)) {}       // NOLINT(google-explicit-constructor)
  Param(std::string s) : v_(std::move(s)) {}         // NOLINT(google-explicit-constructor)
  Param(std::string_view s) : v_(std::string(s)) {}  // NOLINT(google-explicit-constructor)
  Param(std::int64_t v) : v_(std::to_string(v)) {}   // NOLINT(google-explicit-constructor)
  Param(int v) : v_(std::to_string(v)) {}            // NOLINT(google-explicit-constructor)
  Param(bool v) : v_(v ? "1" : "0") {}  // NOLINT(google-explicit-constructor): INTEGER 0/1 as SQLite's schema
  Param(double v);                      // NOLINT(google-explicit-constructor)
  Param(std::optional<std::string> v) : v_(std::move(v)) {}  // NOLINT(google-explicit-constructor)
  Param(std::optional<std::int64_t> v) {                     // NOLINT(google-explicit-constructor)
    if (v) v_ = std::to_string(*v);
  }
  const std::optional<std::string>& value() const { return v_; }

 private:
  std::optional<std::string> v_;
};

class Connection {
 public:
  // Connects; throws PgError (connection_lost() true) when the server cannot be reached.
  explicit Connection(std::string conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL text without parameters (several statements allowed); the last statement's result.
  Result exec(const std::string& sql);
  // Runs one statement with $n parameters, prepared on first use on this connection.
  Result query(const std::string& sql, std::initializer_list<Param> params = {});
  Result query(const std::string& sql, const std::vector<Param>& params);

  // Queues one statement without parameters (a BEGIN) to go to the server with the next query(),
  // in the same round trip (libpq's pipeline mode), instead of a round trip of its own; exec()
  // sends it first on its own. When that round trip finds the connection lost (an idle pooled
  // connection the server dropped: nothing ran), the connection is reset and both are sent once
  // more; PgError(connection_lost) if that fails too.
  void defer(std::string sql) { deferred_ = std::move(sql); }
  // Drops what defer() queued if it was not sent yet; true when it was dropped.
  bool drop_deferred() {
    const bool had = !deferred_.empty();
    deferred_.clear();
    return had;
  }
  // Sends SQL text and returns without waiting for its answer, which the next call on this
  // connection reads and drops first (a read-only transaction's COMMIT: nothing to learn from it,
  // and the caller need not wait a round trip for it). A failure there shows as broken().
  void send_and_forget(const std::string& sql);
  bool broken() const;
  // Closes and reconnects (the prepared statements are prepared again on use); throws PgError.
  void reset();

  // Notifications received so far (LISTEN); reads what the socket holds without blocking.
  struct Notification {
    std::string channel;
    std::string payload;
  };
  std::vector<Notification> take_notifications();
  int socket() const;
  // A description without the password, for messages: "database D on HOST:PORT as USER".
  std::string describe() const;
  std::size_t prepared_count() const { return prepared_.size(); }
  int backend_pid() const;
  PGconn* raw() { return conn_; }

 private:
  void connect();
  void settle();  // reads and drops the answer send_and_forget left
  Result check(PGresult* res, const std::string& what);
  Result run_prepared(const std::string& sql, const Param* params, std::size_t n);
  Result run_with_deferred(const std::string& sql, const Param* params, std::size_t n);
  Result pipeline(const std::string& first, const std::string& sql, const Param* params, std::size_t n);
  const std::string& statement_name(const std::string& sql, bool& fresh);

  std::string conninfo_;
  PGconn* conn_ = nullptr;
  bool lost_ = false;
  bool pending_ = false;                                   // an answer send_and_forget left unread
  std::string deferred_;                                   // defer(): sent with the next query()
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::uint64_t next_name_ = 0;
};

}  // namespace sciorex::storage::pg
