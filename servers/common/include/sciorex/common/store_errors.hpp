#pragma once
// The two error channels for tools on the store: StoreErrors an agent can act on (unknown id, bad
// value, refused transition, conflict) become tool results with isError and the store's message,
// its next step named as the tool to call (agent_message); anything else (Internal) propagates, so the
// dispatcher answers -32603 with a generic message, and the detail goes to the log here.

#include <string>

#include "sciorex/protocol/features.hpp"
#include "sciorex/storage/errors.hpp"

namespace sciorex::common {

// The next step as an agent takes it, a sentence naming the tool to call ("" for NextStep::None).
std::string agent_next_step(storage::NextStep next);
// The store's message followed by its next step: what a tool answers.
std::string agent_message(const storage::StoreError& e);

protocol::ToolHandler with_store_errors(std::string tool_name, protocol::ToolHandler handler);

// A write tool's handler that first refuses a read-only person (issue 13: the request's
// RequestContext::principal() has read_only) with a tool error naming them and the tool; the store
// is not touched. Other requests run `handler`.
protocol::ToolHandler refusing_read_only(std::string tool_name, protocol::ToolHandler handler);

}  // namespace sciorex::common
