// PostgreSQL's schema migrations, versioned like SQLite's (storage/src/migrations.cpp): step N
// of PostgreSQL brings the same tables and columns as step N of SQLite. The version is the one
// row of `schema_version` (SQLite keeps it in PRAGMA user_version).
#pragma once

#include "pg_connection.hpp"

namespace sciorex::storage::pg {

// Runs the missing steps in one transaction under pg_advisory_xact_lock, so that servers
// starting together migrate once: the others wait for the lock, then find the schema current.
// Returns how many steps ran. Throws StoreError(Internal) when the schema is newer than this
// build or a step fails (nothing is applied then), StoreError(Unavailable) when the connection
// is lost.
int run_pg_migrations(Connection& c);
int latest_pg_migration_version();
// The schema's version now (0 for an empty database).
int pg_schema_version(Connection& c);

}  // namespace sciorex::storage::pg
