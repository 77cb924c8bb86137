#pragma once
// The two error channels for tools on the store: StoreErrors an agent can act on (unknown id, bad
// value, refused transition, conflict) become tool results with isError and the store's message,
// which already says what to do next; anything else (Internal) propagates, so the dispatcher
// answers -32603 with a generic message, and the detail goes to the log here.

#include <string>

#include "sciorex/protocol/features.hpp"

namespace sciorex::common {

protocol::ToolHandler with_store_errors(std::string tool_name, protocol::ToolHandler handler);

}  // namespace sciorex::common
