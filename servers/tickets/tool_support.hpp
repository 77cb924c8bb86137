// What every ticket tool family shares: the tools' catalogue (schemas/tickets, the common tool
// adapter), the actor of MCP calls, and the size budget of answers.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sciorex/common/tool_adapter.hpp"
#include "sciorex/protocol/arguments.hpp"
#include "sciorex/protocol/server.hpp"
#include "sciorex/storage/types.hpp"
#include "store.hpp"

namespace sciorex::tickets {

using common::Access;
using nlohmann::json;
using protocol::RequestContext;
using protocol::ToolResult;

// Claude Code refuses tool results over 25k tokens; answers stay under this many characters
// (text and structuredContent together), cutting long content with a note on how to get the rest.
inline constexpr std::size_t kMaxAnswerChars = 75'000;
// The largest `limit` a list tool accepts (200 compact lines stay far below the cap).
inline constexpr std::int64_t kMaxListLimit = 200;

// The agent making a call: history entries name the client ({type: agent, id: clientInfo.name});
// the host session the process runs in (Claude Code's CLAUDE_CODE_SESSION_ID) links itself to
// every ticket the call changes.
storage::Actor actor_of(const RequestContext& ctx);

// Serialised size as it goes on the wire (invalid UTF-8 replaced, never thrown).
std::size_t wire_size(const json& j);
std::size_t answer_size(const ToolResult& r);
// answer_size(r) <= budget, without serialising when a cheap upper bound already fits.
bool answer_fits(const ToolResult& r, std::size_t budget);

// The schema files of schemas/tickets (embedded at build time), and the catalogue of the ticket
// tools made from them: their definitions and, once registered, their parsers.
const std::vector<common::EmbeddedSchema>& embedded_schemas();
common::ToolCatalogue& tool_catalogue();

// Registers a ticket tool: Params::from_json(arguments) parses, fn(params, ctx) runs
// (ToolCatalogue::add: the embedded schema, StoreErrors on the two error channels).
template <class Params, class Fn>
void add_tool(protocol::Server& server, const std::string& name, Access access, Fn fn) {
  tool_catalogue().add<Params>(server, name, access, std::move(fn));
}

// A `limit` argument: default `fallback`, 1..kMaxListLimit.
int limit_arg(const json& a, int fallback);

// `text` cut to at most `max` bytes on a UTF-8 boundary, with "…" when cut.
std::string clip(const std::string& text, std::size_t max);

}  // namespace sciorex::tickets
