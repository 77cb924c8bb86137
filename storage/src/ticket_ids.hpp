// Ticket and epic ids handed out from the store's counters. Private to the storage library.
#pragma once

#include <string>
#include <string_view>

#include "tx.hpp"

namespace sciorex::storage::detail {

// Ids: "ticket" or "epic". allocate_id hands out the next unused id and advances the counter;
// bump_counter keeps the counter past an imported id.
std::string allocate_id(Tx& tx, std::string_view kind);
void bump_counter(Tx& tx, std::string_view kind, const std::string& id);
long long id_number(const std::string& id);  // digits after the last '-', 0 if none

}  // namespace sciorex::storage::detail
