// The test cluster's URI, fresh databases, and restarting the cluster.
#include "pg_test_support.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <map>

#include "pg_connection.hpp"

namespace sciorex::testing {
namespace {

std::string pg_cluster_dir() {
  const char* d = std::getenv("SCIOREX_PG_CLUSTER_DIR");
  return d && *d ? d : SCIOREX_PG_CLUSTER_DIR;
}

std::map<std::string, std::string> pg_parse(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (!opts) {
    const std::string m = err ? err : "?";
    PQfreemem(err);
    FAIL("cannot parse the test URI " << conninfo << ": " << m);
  }
  std::map<std::string, std::string> out;
  for (PQconninfoOption* o = opts; o->keyword; ++o)
    if (o->val) out[o->keyword] = o->val;
  PQconninfoFree(opts);
  return out;
}

std::string pg_quote(const std::string& v) {
  std::string q = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') q += '\\';
    q += c;
  }
  return q + "'";
}

}  // namespace

std::string pg_base_uri() {
  if (const char* u = std::getenv("SCIOREX_TEST_PG"); u && *u) return u;
  std::ifstream in(pg_cluster_dir() + "/uri");
  std::string uri;
  if (!std::getline(in, uri) || uri.empty())
    FAIL("No PostgreSQL test cluster: " << pg_cluster_dir()
                                        << "/uri is missing. Run the tests through ctest (its fixture "
                                           "storage_pg_cluster_start runs scripts/pg_cluster.sh; it needs "
                                           "Debian's postgresql-15), or set SCIOREX_TEST_PG to a URI.");
  return uri;
}

std::string pg_conninfo_with(const std::string& base, const std::string& dbname, const std::string& user,
                             const std::string& password) {
  auto kv = pg_parse(base);
  kv["dbname"] = dbname;
  if (!user.empty()) kv["user"] = user;
  if (!password.empty()) kv["password"] = password;
  std::string out;
  for (const auto& [k, v] : kv) out += (out.empty() ? "" : " ") + k + "=" + pg_quote(v);
  return out;
}

std::string pg_host() { return pg_parse(pg_base_uri())["host"]; }
std::string pg_port() {
  const std::string port = pg_parse(pg_base_uri())["port"];
  return port.empty() ? "5432" : port;
}
std::string pg_user() { return pg_parse(pg_base_uri())["user"]; }

std::string pg_tls_uri() {
  std::ifstream in(pg_cluster_dir() + "/tls_uri");
  std::string uri;
  if (!std::getline(in, uri) || uri.empty())
    FAIL("No TLS URI: " << pg_cluster_dir() << "/tls_uri is missing (scripts/pg_cluster.sh writes it).");
  return uri;
}

std::string pg_fresh_database() {
  static std::atomic<int> n{0};
  const std::string name = "sxt_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
  storage::pg::Connection admin(pg_base_uri());
  admin.exec("DROP DATABASE IF EXISTS " + name);
  admin.exec("CREATE DATABASE " + name);
  return pg_conninfo_with(pg_base_uri(), name);
}

void pg_restart_cluster() {
  const std::string cmd = std::string(SCIOREX_PG_CLUSTER_SCRIPT) + " restart '" + pg_cluster_dir() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
}

}  // namespace sciorex::testing
