// Telling a PostgreSQL connection string from a SQLite path (issue 13): `--db` and SCIOREX_DB
// take either. Pure string inspection: no connection is made, nothing is resolved.
#pragma once

#include <string>

namespace sciorex::storage {

// True for a string libpq reads as a connection string: a URI (`postgresql://...`,
// `postgres://...`, any letter case of the scheme) or the keyword form starting with one of
// libpq's keywords and `=` (`host=/run/postgresql dbname=team`, `dbname=team`, `service=team`).
// Anything else is a SQLite path, even if it holds an `=` further on; to name a SQLite file
// whose name starts like a keyword (`host=x.db`), write it as `./host=x.db`.
bool is_database_uri(const std::string& s);

// The store's name for logs and messages: a connection string with its password replaced by
// `***` (`postgresql://alice:***@db/team`, `... password=*** ...`); a SQLite path as it is.
std::string display_store(const std::string& s);

}  // namespace sciorex::storage
