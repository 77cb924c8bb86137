#pragma once
// People on HTTP (issue 13): the transport's per-person token callbacks over a store's users
// (storage::UserRepository). Each request looks its token up by hash (one indexed read), so people
// added or removed while a server runs count at once, without a restart.

#include <memory>

#include "sciorex/common/runner.hpp"
#include "sciorex/storage/database.hpp"

namespace sciorex::common {

// Sets options.authenticate and options.people_required to read `db`'s people. `db` must outlive
// the serving. A store that cannot be read counts as having people (a request is refused, never
// let through), and the failure goes to the log.
void use_people(TransportOptions& options, storage::Database& db);

}  // namespace sciorex::common
