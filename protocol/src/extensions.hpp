#pragma once
// Client extensions on the dispatcher (SEP-2133; MCP Apps, "io.modelcontextprotocol/ui", is the
// first user): which tools and resources a client is offered, the definitions it sees, and the
// extensions the server declares back. A client declares extension X by an object at
// capabilities.extensions[X]: in the 2025 initialize, or in each 2026 request's client
// capabilities (_meta "io.modelcontextprotocol/clientCapabilities"). Private to the protocol library.

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "sciorex/protocol/features.hpp"

namespace sciorex::protocol::detail {

using nlohmann::json;

// The settings the client declared for extension `id` (an object), or nullptr.
const json* extension_settings(const json& client_capabilities, std::string_view id);
bool declares_extension(const json& client_capabilities, std::string_view id);

// Whether a tool or resource that requires `requires_extension` ("" = none) is offered.
bool offered(std::string_view requires_extension, const json& client_capabilities);

// The tool's definition as this client sees it: its extension_meta merged into `_meta` for each
// extension the client declared; the definition exactly as registered otherwise.
json tool_view(const ToolDefinition& tool, const json& client_capabilities);

// The extensions among `used` (those the server's tools and resources need or describe) that the
// client declared, as the server's capabilities.extensions ({} settings each); empty when none.
json declared_back(const std::vector<std::string>& used, const json& client_capabilities);

}  // namespace sciorex::protocol::detail
