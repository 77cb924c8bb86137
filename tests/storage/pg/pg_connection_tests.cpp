// The libpq layer: the connection string forms libpq takes (URI, socket host, keyword form, PG*
// variables, password from the URI and from a password file), telling a URI from a SQLite path,
// prepared statements with typed reads, and clear errors.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "pg_connection.hpp"
#include "pg_database.hpp"
#include "pg_error.hpp"
#include "pg_test_support.hpp"
#include "sciorex/storage/database_uri.hpp"
#include "temp_dir.hpp"

using namespace sciorex::storage::pg;
using sciorex::storage::is_database_uri;
using namespace sciorex::testing;

namespace {

// Percent-encodes a socket folder for the authority part of a URI (postgres://user@%2Fsock/db).
std::string conn_test_percent(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// The URI query that names the test cluster's socket: its folder and its port.
std::string conn_test_socket() { return "host=" + pg_host() + "&port=" + pg_port(); }

std::string conn_test_current_db(Connection& c) { return c.exec("SELECT current_database()").str(0, 0); }

// Sets an environment variable for one scope (the tests run on one thread).
struct ConnTestEnv {
  ConnTestEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ConnTestEnv() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("is_database_uri tells PostgreSQL connection strings from SQLite paths", "[pg][uri]") {
  CHECK(is_database_uri("postgresql://alice@db.example:5432/team?sslmode=verify-full"));
  CHECK(is_database_uri("postgres://alice:secret@localhost/team"));
  CHECK(is_database_uri("POSTGRESQL://localhost/team"));
  CHECK(is_database_uri("postgresql:///team?host=/run/postgresql"));
  CHECK(is_database_uri("host=/run/postgresql dbname=team"));
  CHECK(is_database_uri("dbname=team"));
  CHECK(is_database_uri("  service = team"));
  CHECK_FALSE(is_database_uri(".sciorex/sciorex.db"));
  CHECK_FALSE(is_database_uri("/home/a/project/.sciorex/sciorex.db"));
  CHECK_FALSE(is_database_uri(":memory:"));
  CHECK_FALSE(is_database_uri("./host=x.db"));
  CHECK_FALSE(is_database_uri("data/a=b.db"));
  CHECK_FALSE(is_database_uri("postgresql.db"));
  CHECK_FALSE(is_database_uri(""));
}

TEST_CASE("a connection opens from every form of connection string libpq takes", "[pg][uri]") {
  const std::string db = "sciorex";
  const std::string host = pg_host();
  const std::string user = pg_user();
  SECTION("postgresql:// with the socket folder as host parameter") {
    Connection c("postgresql://" + user + "@/" + db + "?" + conn_test_socket());
    CHECK(conn_test_current_db(c) == db);
  }
  SECTION("postgres:// with the socket folder percent-encoded in the authority") {
    Connection c("postgres://" + user + "@" + conn_test_percent(host) + ":" + pg_port() + "/" + db);
    CHECK(conn_test_current_db(c) == db);
  }
  SECTION("the keyword form host=/path") {
    Connection c("host=" + host + " port=" + pg_port() + " dbname=" + db + " user=" + user);
    CHECK(conn_test_current_db(c) == db);
  }
  SECTION("what the string leaves out comes from the PG* variables") {
    ConnTestEnv h("PGHOST", host);
    ConnTestEnv p("PGPORT", pg_port());
    ConnTestEnv u("PGUSER", user);
    ConnTestEnv d("PGDATABASE", db);
    Connection c("postgresql://");
    CHECK(conn_test_current_db(c) == db);
  }
}

TEST_CASE("TLS: verify-full against the CA that signed the server connects encrypted; else refused, named",
          "[pg][uri][tls]") {
  const std::string tls = pg_tls_uri();  // 127.0.0.1, which takes TLS connections only
  SECTION("verify-full with the right CA: encrypted, and a store migrates and serves on it") {
    Connection c(tls);
    CHECK(c.exec("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").str(0, 0) == "t");
    Connection admin(pg_base_uri());
    admin.exec("DROP DATABASE IF EXISTS sxt_tls");
    admin.exec("CREATE DATABASE sxt_tls");
    PgDatabase db(pg_conninfo_with(tls, "sxt_tls"));
    CHECK(db.schema_version() == PgDatabase::latest_schema_version());
    std::string ssl;
    db.read([&](PgTx& tx) {
      ssl = tx.query("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()").str(0, 0);
    });
    CHECK(ssl == "true");
  }
  SECTION("without TLS: refused by the server") {
    try {
      Connection c(tls.substr(0, tls.find('?')) + "?sslmode=disable");
      FAIL("connected without TLS");
    } catch (const PgError& e) {
      CHECK(e.connection_lost());
      CHECK_THAT(e.what(), Catch::Contains("no encryption"));
    }
  }
  SECTION("a CA that did not sign the server's certificate: refused by us") {
    std::string other = tls;
    other.replace(other.rfind("/ca.crt"), 7, "/other-ca.crt");
    try {
      Connection c(other);
      FAIL("trusted a server its CA did not sign");
    } catch (const PgError& e) {
      CHECK(e.connection_lost());
      CHECK_THAT(e.what(), Catch::Contains("certificate verify failed"));
    }
  }
}

TEST_CASE("the session's lock_timeout stays beside the caller's own options, which win where both set one",
          "[pg][uri]") {
  const std::string base = "host=" + pg_host() + " port=" + pg_port() + " dbname=sciorex user=" + pg_user();
  auto show = [](Connection& c, const std::string& name) { return c.exec("SHOW " + name).str(0, 0); };
  SECTION("none of the caller's: ours") {
    Connection c(base);
    CHECK(show(c, "lock_timeout") == "10s");
  }
  SECTION("options in the keyword form") {
    Connection c(base + " options='-c statement_timeout=1234'");
    CHECK(show(c, "statement_timeout") == "1234ms");
    CHECK(show(c, "lock_timeout") == "10s");
  }
  SECTION("options in a URI, and the caller's lock_timeout wins") {
    Connection c("postgresql://" + pg_user() + "@/sciorex?" + conn_test_socket() +
                 "&options=-c%20statement_timeout%3D4321%20-c%20lock_timeout%3D2500");
    CHECK(show(c, "statement_timeout") == "4321ms");
    CHECK(show(c, "lock_timeout") == "2500ms");
  }
  SECTION("options from PGOPTIONS") {
    ConnTestEnv env("PGOPTIONS", "-c statement_timeout=777");
    Connection c(base);
    CHECK(show(c, "statement_timeout") == "777ms");
    CHECK(show(c, "lock_timeout") == "10s");
  }
}

TEST_CASE("a password comes from the URI or from a password file, and never shows in errors", "[pg][uri]") {
  Connection admin(pg_base_uri());
  admin.exec("DROP ROLE IF EXISTS sciorex_pw");
  admin.exec("CREATE ROLE sciorex_pw LOGIN PASSWORD 'Tr0ub4dor-s3cret'");
  const std::string base = "postgresql://sciorex_pw@/sciorex?" + conn_test_socket();
  TempDir dir("pg");
  ConnTestEnv no_file("PGPASSFILE", (dir.path() / "none").string());

  SECTION("in the URI") {
    Connection c("postgresql://sciorex_pw:Tr0ub4dor-s3cret@/sciorex?" + conn_test_socket());
    CHECK(c.exec("SELECT current_user").str(0, 0) == "sciorex_pw");
  }
  SECTION("missing: a clear error that names the database, without the password") {
    try {
      Connection c("postgresql://sciorex_pw:wrong-pass@/sciorex?" + conn_test_socket());
      FAIL("connected with a wrong password");
    } catch (const PgError& e) {
      CHECK(e.connection_lost());
      CHECK_THAT(e.what(), Catch::Contains("Cannot connect to PostgreSQL (database sciorex"));
      CHECK_THAT(e.what(), Catch::Contains("password authentication failed"));
      CHECK_THAT(e.what(), !Catch::Contains("wrong-pass"));
    }
  }
  SECTION("in a password file (~/.pgpass, here PGPASSFILE)") {
    const auto file = dir.path() / "pgpass";
    std::ofstream(file) << "*:*:*:sciorex_pw:Tr0ub4dor-s3cret\n";
    ::chmod(file.c_str(), 0600);  // libpq ignores a password file others may read
    ConnTestEnv f("PGPASSFILE", file.string());
    Connection c(base);
    CHECK(c.exec("SELECT current_user").str(0, 0) == "sciorex_pw");
  }
}

TEST_CASE("prepared statements run with $n parameters, are cached per SQL text, and read typed", "[pg]") {
  Connection c(pg_fresh_database());
  c.exec("CREATE TABLE t(id BIGINT PRIMARY KEY, name TEXT, n INTEGER, x DOUBLE PRECISION, ok BOOLEAN)");
  const std::string insert = "INSERT INTO t(id, name, n, x, ok) VALUES ($1, $2, $3, $4, $5)";
  c.query(insert, {std::int64_t{9'000'000'000}, "caf\xc3\xa9 'quoted'", 42, 2.5, true});
  c.query(insert, {std::int64_t{2}, nullptr, std::optional<std::int64_t>{}, 0.1, false});
  CHECK(c.prepared_count() == 1);

  const Result r = c.query("SELECT id, name, n, x, ok FROM t WHERE id >= $1 ORDER BY id", {std::int64_t{0}});
  REQUIRE(r.rows() == 2);
  CHECK(c.prepared_count() == 2);
  CHECK(r.get<std::int64_t>(1, "id") == 9'000'000'000);
  CHECK(r.get<std::string>(1, "name") == "caf\xc3\xa9 'quoted'");
  CHECK(r.get<int>(1, "n") == 42);
  CHECK(r.get<double>(1, "x") == 2.5);
  CHECK(r.get<bool>(1, "ok"));
  CHECK(r.get<double>(0, "x") == 0.1);  // %.17g keeps the double exactly
  CHECK_FALSE(r.get<bool>(0, "ok"));
  CHECK(r.get<std::optional<std::string>>(0, "name") == std::nullopt);
  CHECK(r.opt_int64(0, 2) == std::nullopt);
  CHECK(r.is_null(0, 1));

  SECTION("the same SQL text reuses its statement") {
    c.query(insert, {std::int64_t{3}, "c", 1, 1.0, true});
    CHECK(c.prepared_count() == 2);
    CHECK(c.query("SELECT count(*) FROM t").int64(0, 0) == 3);
    CHECK(c.query("DELETE FROM t WHERE id < $1", {std::int64_t{100}}).affected() == 2);
  }
  SECTION("a wrong type, a NULL, a missing column or row is a clear error") {
    CHECK_THROWS_WITH(r.int64(1, 1), Catch::Contains("Column 'name' of row 1 is 'caf"));
    CHECK_THROWS_WITH(r.str(0, 1), Catch::Contains("is NULL, not text"));
    CHECK_THROWS_WITH(r.column("nope"), Catch::Contains("no column 'nope'"));
    CHECK_THROWS_WITH(r.str(5, 0), Catch::Contains("outside the query's result"));
  }
  SECTION("an SQL error carries its SQLSTATE and leaves the connection usable") {
    try {
      c.query(insert, {std::int64_t{2}, "dup", 1, 1.0, true});
      FAIL("inserted a duplicate key");
    } catch (const PgError& e) {
      CHECK(e.sqlstate() == "23505");
      CHECK_FALSE(e.connection_lost());
      CHECK_THAT(e.what(), Catch::Contains("duplicate key"));
    }
    CHECK_THROWS_AS(c.query("SELEC 1"), PgError);
    CHECK_FALSE(c.broken());
    CHECK(c.query("SELECT $1::text", {"ok"}).str(0, 0) == "ok");
  }
}

TEST_CASE("a terminated backend marks the connection broken; reset() reconnects", "[pg]") {
  Connection c(pg_base_uri());
  Connection admin(pg_base_uri());
  admin.query("SELECT pg_terminate_backend($1)", {c.backend_pid()});
  try {
    c.exec("SELECT 1");
    FAIL("ran a query on a terminated connection");
  } catch (const PgError& e) {
    CHECK(e.connection_lost());
    CHECK(is_connection_loss_state(e.sqlstate()));
  }
  CHECK(c.broken());
  c.reset();
  CHECK(c.exec("SELECT 1").int32(0, 0) == 1);
}

TEST_CASE("send_and_forget: the answer is read before the next statement, which runs after it", "[pg]") {
  const std::string uri = pg_fresh_database();
  Connection c(uri);
  c.exec("CREATE TABLE t(k TEXT)");
  c.exec("BEGIN");
  c.query("INSERT INTO t VALUES ($1)", {"kept"});
  c.send_and_forget("COMMIT");
  CHECK(PQtransactionStatus(c.raw()) == PQTRANS_ACTIVE);  // the COMMIT is on its way
  CHECK(c.query("SELECT count(*) FROM t").int64(0, 0) == 1);
  CHECK(PQtransactionStatus(c.raw()) == PQTRANS_IDLE);  // committed, outside any transaction
  Connection other(uri);  // another session sees the row: it was committed, not rolled back
  CHECK(other.query("SELECT count(*) FROM t").int64(0, 0) == 1);
  c.send_and_forget("SELECT 1");  // an answer left unread is no obstacle to exec() either
  CHECK(c.exec("SELECT 2").int64(0, 0) == 2);
}

TEST_CASE("defer: a BEGIN goes with the next statement in one round trip, prepared or not", "[pg]") {
  const std::string uri = pg_fresh_database();
  Connection c(uri);
  c.exec("CREATE TABLE t(k TEXT)");
  c.query("INSERT INTO t VALUES ($1)", {"a"});

  c.defer("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  CHECK(PQtransactionStatus(c.raw()) == PQTRANS_IDLE);  // nothing sent yet
  // A statement new to this connection: BEGIN, its PREPARE and its execution in one pipeline.
  CHECK(c.query("SELECT count(*) FROM t WHERE k <> $1", {"zzz"}).int64(0, 0) == 1);
  CHECK(PQtransactionStatus(c.raw()) == PQTRANS_INTRANS);
  CHECK_THROWS_WITH(c.exec("INSERT INTO t VALUES ('b')"), Catch::Contains("read-only transaction"));
  c.exec("ROLLBACK");

  SECTION("a statement prepared before") {
    c.defer("BEGIN");
    CHECK(c.query("SELECT count(*) FROM t WHERE k <> $1", {"a"}).int64(0, 0) == 0);
    CHECK(PQtransactionStatus(c.raw()) == PQTRANS_INTRANS);
    c.exec("COMMIT");
  }
  SECTION("a statement that fails: a clear error, and the connection serves on") {
    c.defer("BEGIN");
    CHECK_THROWS_WITH(c.query("SELECT nope FROM t"), Catch::Contains("column \"nope\" does not exist"));
    CHECK_FALSE(c.broken());
    c.exec("ROLLBACK");
    CHECK(c.query("SELECT count(*) FROM t").int64(0, 0) == 1);
  }
  SECTION("exec sends it first, on its own") {
    c.defer("BEGIN");
    c.exec("INSERT INTO t VALUES ('b')");
    CHECK(PQtransactionStatus(c.raw()) == PQTRANS_INTRANS);
    c.exec("ROLLBACK");
    CHECK(c.query("SELECT count(*) FROM t").int64(0, 0) == 1);
  }
  SECTION("a connection the server dropped meanwhile: reconnected, and both sent again") {
    Connection admin(uri);
    admin.query("SELECT pg_terminate_backend($1)", {c.backend_pid()});
    c.defer("BEGIN");
    CHECK(c.query("SELECT count(*) FROM t").int64(0, 0) == 1);
    CHECK(PQtransactionStatus(c.raw()) == PQTRANS_INTRANS);
    c.exec("COMMIT");
  }
  SECTION("dropped before anything was sent") {
    c.defer("BEGIN");
    CHECK(c.drop_deferred());
    CHECK_FALSE(c.drop_deferred());
    c.query("SELECT 1");
    CHECK(PQtransactionStatus(c.raw()) == PQTRANS_IDLE);
  }
}
