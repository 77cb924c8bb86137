// The throwaway cluster the PostgreSQL tests run against (scripts/pg_cluster.sh, started by ctest's
// fixture) and a fresh database per test, so tests never see each other's rows.
#pragma once

#include <string>

namespace sciorex::testing {

// The URI of the test cluster's `sciorex` database: SCIOREX_TEST_PG, else the `uri` file of the
// cluster folder. Fails the test with a clear message when neither exists (PostgreSQL 15 missing,
// or the binary run without ctest's fixture).
std::string pg_base_uri();
// A conninfo string for `base` with its database (and optionally its user and password) replaced.
std::string pg_conninfo_with(const std::string& base, const std::string& dbname, const std::string& user = "",
                             const std::string& password = "");
// Creates an empty database with a name unique to this process and returns its conninfo.
std::string pg_fresh_database();
// The socket folder (host), port and user of the base URI.
std::string pg_host();
std::string pg_port();
std::string pg_user();
// The cluster's TLS URI (DIR/tls_uri of scripts/pg_cluster.sh): 127.0.0.1, verify-full against
// the cluster's test CA, whose folder also holds other-ca.crt (a CA that signed nothing).
std::string pg_tls_uri();
// Restarts the test cluster (pg_ctl restart -m fast); returns when it accepts connections again.
void pg_restart_cluster();

}  // namespace sciorex::testing
