#pragma once
// The views as MCP Apps UI resources (issue 15): ui://sciorex/<name>, mimeType
// text/html;profile=mcp-app, offered (listed and readable) only to clients that declare the
// extension io.modelcontextprotocol/ui; other clients see today's resources exactly.
//
// Each resource carries the `_meta.ui` the spec allows for a UI resource, in its listing and in its
// contents: `prefersBorder` only. No `csp` (the views need no network: the extension's restrictive
// default CSP is what they are written for), no `permissions`, no `domain`.

#include <initializer_list>
#include <string_view>

#include "sciorex/protocol/server.hpp"

namespace sciorex::apps {

// Registers the views named (e.g. {"board", "ticket"}). Throws std::invalid_argument for a name
// that is not a view.
void add_view_resources(protocol::Server& server, std::initializer_list<std::string_view> names);

}  // namespace sciorex::apps
