// What the interaction tool families share: the catalogue of their schemas (schemas/interactions,
// the common tool adapter) and registration.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "interactions.hpp"
#include "sciorex/common/tool_adapter.hpp"
#include "sciorex/protocol/server.hpp"

namespace sciorex::interactions {

using common::Access;
using nlohmann::json;
using protocol::RequestContext;

// The schema files of schemas/interactions (embedded at build time), and the catalogue of the
// interaction tools made from them: their definitions and, once registered, their parsers.
const std::vector<common::EmbeddedSchema>& embedded_schemas();
common::ToolCatalogue& tool_catalogue();

// Registers an interaction tool: Params::from_json(arguments) parses, fn(params, ctx) runs
// (ToolCatalogue::add: the embedded schema, StoreErrors on the two error channels).
template <class Params, class Fn>
void add_tool(protocol::Server& server, const std::string& name, Access access, Fn fn) {
  tool_catalogue().add<Params>(server, name, access, std::move(fn));
}

void register_ask_tools(protocol::Server& server, Inbox& inbox);
void register_notify_tools(protocol::Server& server, Inbox& inbox);
// MCP Apps (issue 15): the question view and its app-only tools (app_tools.cpp).
void register_app_tools(protocol::Server& server, Inbox& inbox);

}  // namespace sciorex::interactions
