// Registration shared by the interaction tool families.
#pragma once

#include <nlohmann/json.hpp>

#include "interactions.hpp"
#include "sciorex/protocol/server.hpp"

namespace sciorex::interactions {

using nlohmann::json;

// Registers `name` with its embedded schema. StoreErrors an agent can act on (unknown ticket or
// interaction, bad values) become tool errors; others become internal errors.
void add_tool(protocol::Server& server, const std::string& name, bool run_inline, protocol::ToolHandler handler);

void register_ask_tools(protocol::Server& server, Inbox& inbox);
void register_notify_tools(protocol::Server& server, Inbox& inbox);

}  // namespace sciorex::interactions
