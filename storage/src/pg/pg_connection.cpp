// Connection: connecting through libpq, running statements, the per-connection statement cache,
// and telling a lost connection from an SQL error.
#include "pg_connection.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "pg_error.hpp"

namespace sciorex::storage::pg {
namespace {

// A statement's wait for a lock outside a write transaction (writes SET LOCAL their own).
constexpr const char* kSessionDefaults = "-c lock_timeout=10000";

std::string trimmed(const char* s) {
  std::string m = s ? s : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

// The session's settings: ours, then the caller's own `options` (from the connection string, else
// PGOPTIONS), which win where both set one (the server applies them in order). libpq takes a
// single `options` value, so passing ours beside theirs would drop one of the two.
std::string session_options(const std::string& conninfo) {
  std::string theirs;
  char* error = nullptr;
  if (PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error)) {
    for (const PQconninfoOption* o = parsed; o->keyword; ++o)
      if (std::string_view(o->keyword) == "options" && o->val) theirs = o->val;
    PQconninfoFree(parsed);
  }
  if (error) PQfreemem(error);  // a string libpq cannot parse fails to connect, with its reason
  if (theirs.empty())
    if (const char* env = std::getenv("PGOPTIONS")) theirs = env;
  return std::string(kSessionDefaults) + (theirs.empty() ? "" : " " + theirs);
}

}  // namespace

Param::Param(double v) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.17g", v);
  v_ = std::string(buf.data());
}

Connection::Connection(std::string conninfo) : conninfo_(std::move(conninfo)) { connect(); }

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

void Connection::connect() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
  prepared_.clear();
  lost_ = false;
  pending_ = false;
  deferred_.clear();
  // Defaults first, then the caller's string (expanded): its values win (libpq keeps the last).
  // Then `options`, ours merged with the caller's (session_options), so that both count.
  const std::array<const char*, 9> keys{"connect_timeout",
                                        "keepalives",
                                        "keepalives_idle",
                                        "keepalives_interval",
                                        "keepalives_count",
                                        "application_name",
                                        "dbname",
                                        "options",
                                        nullptr};
  const std::string options = session_options(conninfo_);
  const std::array<const char*, 9> values{
      "10", "1", "30", "10", "3", "sciorex", conninfo_.c_str(), options.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys.data(), values.data(), 1);
  if (!conn_) throw PgError("Cannot connect to PostgreSQL: out of memory.", "", true);
  // The server's NOTICEs and WARNINGs (IF NOT EXISTS skipped, ROLLBACK outside a transaction) are
  // not errors; libpq would print them to stderr, which library code must not do.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string message =
        "Cannot connect to PostgreSQL (" + describe() + "): " + trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);  // a constructor that throws runs no destructor: free the attempt here
    conn_ = nullptr;
    lost_ = true;
    throw PgError(message, "08001", true);
  }
}

void Connection::reset() { connect(); }

bool Connection::broken() const { return lost_ || !conn_ || PQstatus(conn_) != CONNECTION_OK; }

std::string Connection::describe() const {
  if (!conn_) return "no connection";
  const char* host = PQhost(conn_);
  const char* port = PQport(conn_);
  const char* db = PQdb(conn_);
  const char* user = PQuser(conn_);
  return std::string("database ") + (db ? db : "?") + " on " + (host ? host : "?") + ":" +
         (port ? port : "?") + " as " + (user ? user : "?");
}

int Connection::socket() const { return conn_ ? PQsocket(conn_) : -1; }

int Connection::backend_pid() const { return conn_ ? PQbackendPID(conn_) : 0; }

Result Connection::check(PGresult* raw, const std::string& what) {
  Result res(raw);
  const ExecStatusType st = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return res;
  const char* code = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = code ? code : "";
  const std::string message = raw ? trimmed(PQresultErrorMessage(raw)) : trimmed(PQerrorMessage(conn_));
  const bool lost = is_connection_loss_state(sqlstate) || PQstatus(conn_) != CONNECTION_OK;
  if (lost) {
    lost_ = true;
    if (sqlstate.empty()) sqlstate = "08006";
    throw PgError(
        "The connection to PostgreSQL was lost (" + describe() + ") during " + what + ": " + message,
        sqlstate, true);
  }
  throw PgError("PostgreSQL refused " + what + ": " + message, sqlstate, false);
}

void Connection::send_and_forget(const std::string& sql) {
  settle();
  if (broken()) return;
  if (PQsendQuery(conn_, sql.c_str()) == 0)
    lost_ = PQstatus(conn_) != CONNECTION_OK;
  else
    pending_ = true;
}

void Connection::settle() {
  if (!pending_) return;
  pending_ = false;
  while (PGresult* r = PQgetResult(conn_)) PQclear(r);
  if (PQstatus(conn_) != CONNECTION_OK) lost_ = true;
}

Result Connection::exec(const std::string& sql) {
  settle();
  if (broken()) throw PgError("The connection to PostgreSQL was lost (" + describe() + ").", "08003", true);
  if (!deferred_.empty()) {
    const std::string first = std::exchange(deferred_, {});
    check(PQexec(conn_, first.c_str()), "'" + first.substr(0, 80) + "'");
  }
  return check(PQexec(conn_, sql.c_str()), "'" + sql.substr(0, 80) + "'");
}

Result Connection::query(const std::string& sql, std::initializer_list<Param> params) {
  return run_prepared(sql, params.begin(), params.size());
}

Result Connection::query(const std::string& sql, const std::vector<Param>& params) {
  return run_prepared(sql, params.data(), params.size());
}

const std::string& Connection::statement_name(const std::string& sql, bool& fresh) {
  auto it = prepared_.find(sql);
  fresh = it == prepared_.end();
  if (fresh) it = prepared_.emplace(sql, "sx" + std::to_string(++next_name_)).first;
  return it->second;
}

Result Connection::run_prepared(const std::string& sql, const Param* params, std::size_t n) {
  settle();
  if (broken()) throw PgError("The connection to PostgreSQL was lost (" + describe() + ").", "08003", true);
  if (!deferred_.empty()) return run_with_deferred(sql, params, n);
  bool fresh = false;
  const std::string& name = statement_name(sql, fresh);
  if (fresh) {
    try {
      check(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr),
            "to prepare '" + sql.substr(0, 80) + "'");
    } catch (...) {
      prepared_.erase(sql);
      throw;
    }
  }
  std::vector<const char*> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = params[i].value() ? params[i].value()->c_str() : nullptr;
  return check(PQexecPrepared(conn_, name.c_str(), static_cast<int>(n), values.data(), nullptr, nullptr, 0),
               "'" + sql.substr(0, 80) + "'");
}

Result Connection::run_with_deferred(const std::string& sql, const Param* params, std::size_t n) {
  const std::string first = std::exchange(deferred_, {});
  try {
    return pipeline(first, sql, params, n);
  } catch (const PgError& e) {
    if (!e.connection_lost()) throw;
  }
  reset();  // nothing ran on the lost connection: once more on a new one (PgError when down)
  return pipeline(first, sql, params, n);
}

// `first`, then `sql` (prepared first when new) in one round trip: pipeline mode, one sync.
Result Connection::pipeline(const std::string& first, const std::string& sql, const Param* params,
                            std::size_t n) {
  bool fresh = false;
  const std::string name = statement_name(sql, fresh);
  std::vector<const char*> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = params[i].value() ? params[i].value()->c_str() : nullptr;
  const bool sent = PQenterPipelineMode(conn_) == 1 &&
                    PQsendQueryParams(conn_, first.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
                    (!fresh || PQsendPrepare(conn_, name.c_str(), sql.c_str(), 0, nullptr) == 1) &&
                    PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(n), values.data(), nullptr,
                                        nullptr, 0) == 1 &&
                    PQpipelineSync(conn_) == 1;
  // The answers, in order, up to the sync: one per command (a NULL ends each command's answers).
  std::vector<PGresult*> answers;
  const std::size_t commands = fresh ? 3 : 2;
  int idle = 0;
  while (sent && idle <= static_cast<int>(commands) + 1) {
    PGresult* r = PQgetResult(conn_);
    if (!r) {
      if (PQstatus(conn_) != CONNECTION_OK) break;
      ++idle;
      continue;
    }
    idle = 0;
    if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      break;
    }
    answers.push_back(r);
  }
  if (PQpipelineStatus(conn_) != PQ_PIPELINE_OFF && PQexitPipelineMode(conn_) != 1) lost_ = true;
  if (!sent || answers.size() != commands || lost_) {
    for (PGresult* r : answers) PQclear(r);
    if (fresh) prepared_.erase(sql);
    lost_ = true;
    throw PgError("The connection to PostgreSQL was lost (" + describe() + ") during '" + sql.substr(0, 80) +
                      "': " + trimmed(PQerrorMessage(conn_)),
                  "08006", true);
  }
  Result out;
  for (std::size_t i = 0; i < commands; ++i) {
    try {
      Result r = check(answers[i], i == 0 ? "'" + first.substr(0, 80) + "'" : "'" + sql.substr(0, 80) + "'");
      if (i + 1 == commands) out = std::move(r);
    } catch (...) {
      for (std::size_t j = i + 1; j < commands; ++j) PQclear(answers[j]);
      if (fresh) prepared_.erase(sql);
      throw;
    }
  }
  return out;
}

std::vector<Connection::Notification> Connection::take_notifications() {
  std::vector<Notification> out;
  settle();
  if (broken()) return out;
  if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) != CONNECTION_OK) {
    lost_ = true;
    throw PgError(
        "The connection to PostgreSQL was lost (" + describe() + "): " + trimmed(PQerrorMessage(conn_)),
        "08006", true);
  }
  while (PGnotify* n = PQnotifies(conn_)) {
    out.push_back({n->relname ? n->relname : "", n->extra ? n->extra : ""});
    PQfreemem(n);
  }
  return out;
}

}  // namespace sciorex::storage::pg
