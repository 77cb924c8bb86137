// What every tool family shares: registration of a tool with its embedded schema and typed
// params, the mapping of StoreError to the two error channels, the actor of MCP calls, and the
// size budget of answers.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>

#include "sciorex/protocol/arguments.hpp"
#include "sciorex/protocol/server.hpp"
#include "sciorex/storage/types.hpp"
#include "store.hpp"

namespace sciorex::tickets {

using nlohmann::json;
using protocol::RequestContext;
using protocol::ToolResult;

// Claude Code refuses tool results over 25k tokens; answers stay under this many characters
// (text and structuredContent together), cutting long content with a note on how to get the rest.
inline constexpr std::size_t kMaxAnswerChars = 75'000;
// The largest `limit` a list tool accepts (200 compact lines stay far below the cap).
inline constexpr std::int64_t kMaxListLimit = 200;

// Read tools touch only the reader connection and run inline; write tools run on a worker.
enum class Access { read, write };

// History entries of MCP calls name the client: {type: agent, id: clientInfo.name}.
storage::Actor actor_of(const RequestContext& ctx);

// Serialised size as it goes on the wire (invalid UTF-8 replaced, never thrown).
std::size_t wire_size(const json& j);
std::size_t answer_size(const ToolResult& r);
// answer_size(r) <= budget, without serialising when a cheap upper bound already fits.
bool answer_fits(const ToolResult& r, std::size_t budget);

// Parses a tool's arguments as its handler would (throws ToolError naming the argument); used
// by the schema test to check each schema's examples against the real parser.
using ArgumentParser = std::function<void(const json& arguments)>;
const std::map<std::string, ArgumentParser>& argument_parsers();

// Registers `name` with its embedded definition. The handler's StoreErrors become tool errors
// (NotFound, InvalidArgument, InvalidTransition, Conflict: isError with the store's message,
// written for agents) or propagate as internal errors (-32603, detail logged).
void register_tool(protocol::Server& server, const std::string& name, Access access, ArgumentParser parser,
                   protocol::ToolHandler handler);

// The typed form: Params::from_json(arguments) parses (args helpers), fn(params, ctx) runs.
template <class Params, class Fn>
void add_tool(protocol::Server& server, const std::string& name, Access access, Fn fn) {
  register_tool(
      server, name, access, [](const json& a) { (void)Params::from_json(a); },
      [fn](const json& a, RequestContext& ctx) { return fn(Params::from_json(a), ctx); });
}

// A `limit` argument: default `fallback`, 1..kMaxListLimit.
int limit_arg(const json& a, int fallback);

// `text` cut to at most `max` bytes on a UTF-8 boundary, with "…" when cut.
std::string clip(const std::string& text, std::size_t max);

}  // namespace sciorex::tickets
