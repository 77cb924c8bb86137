#pragma once
// The one tool adapter of both servers: a tool is its schema file (schemas/<server>/NAME.json,
// embedded at build time and served as written) plus a handler on typed params:
//
//   struct NoteParams {                    // the arguments, parsed by the protocol::args helpers
//     std::string text;
//     static NoteParams from_json(const json& a);  // throws ToolError naming the argument
//   };
//   catalogue.add<NoteParams>(server, "sciorex_note", Access::write,
//                             [](const NoteParams& p, protocol::RequestContext& ctx) { ... });
//
// The adapter parses, calls and maps the store's errors onto the two error channels
// (store_errors.hpp); it keeps each tool's parser so that the schema test can hold every schema's
// examples and enums against the real parser. docs/architecture.md has the recipe.

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sciorex/protocol/arguments.hpp"
#include "sciorex/protocol/server.hpp"
#include "sciorex/storage/types.hpp"

namespace sciorex::common {

using nlohmann::json;

// One schema file as cmake/embed_schemas.cmake embeds it.
struct EmbeddedSchema {
  const char* name;  // the file stem, which is the tool name
  const char* text;  // the file's JSON text
};

// Read tools touch only the reader connection and run inline; write tools run on a worker.
enum class Access { read, write };

// Parses a tool's arguments as its handler would (throws ToolError naming the argument).
using ArgumentParser = std::function<void(const json& arguments)>;

// A tool as registered: how it runs and its parser.
struct RegisteredTool {
  Access access;
  ArgumentParser parser;
};

// The tools of one server: its embedded schema files and the parser of every tool registered from
// them. One per server, living as long as the program; thread-safe.
// Registering a tool again (a second Server in the same process) replaces its entry.
class ToolCatalogue {
 public:
  // `folder` names the schema files in errors ("schemas/tickets").
  ToolCatalogue(std::string folder, const std::vector<EmbeddedSchema>& schemas);

  // The tool names of the schema files, in file-name order.
  std::vector<std::string> names() const;
  // The parsed definition of tool `name` ({name, title, description, inputSchema, outputSchema,
  // annotations}) as every client sees it: the file as written, less what only clients with a
  // client extension get (below). Throws std::logic_error when no file is named after the tool or
  // the file's "name" differs from its stem (a build error, caught by the schema test).
  json definition(const std::string& name) const;
  // The tool as registered, with what its file says for client extensions (MCP Apps, issue 15):
  //  - `_meta.ui` ({resourceUri?, visibility?}) goes to extension_meta["io.modelcontextprotocol/ui"]
  //    = {"ui": ...}, served only to clients that declare that extension;
  //  - the tool is offered only to those clients (requires_extension) when its visibility leaves out
  //    "model" (an app-only tool) or when the file says "x-requiresExtension": "<extension id>"
  //    (a tool that exists only for the views); that key is never served.
  // Throws std::logic_error as definition() does, and for a malformed `_meta.ui` (a build error).
  protocol::ToolDefinition tool_definition(const std::string& name) const;
  // The definition a client that declares extension `id` sees (definition() plus its _meta).
  json definition_for_extension(const std::string& name, const std::string& id) const;
  // The tools registered so far, by name (the schema test, the fuzzer).
  std::map<std::string, RegisteredTool> registered() const;

  // Registers `name` with its definition. The handler's StoreErrors become tool errors or
  // internal errors (with_store_errors).
  void register_tool(protocol::Server& server, const std::string& name, Access access, ArgumentParser parser,
                     protocol::ToolHandler handler);

  // The typed form: Params::from_json(arguments) parses, fn(params, ctx) runs and returns a ToolResult.
  template <class Params, class Fn>
  void add(protocol::Server& server, const std::string& name, Access access, Fn fn) {
    register_tool(
        server, name, access, [](const json& a) { (void)Params::from_json(a); },
        [fn = std::move(fn)](const json& a, protocol::RequestContext& ctx) {
          return fn(Params::from_json(a), ctx);
        });
  }

 private:
  std::string folder_;
  const std::vector<EmbeddedSchema>& schemas_;
  mutable std::mutex mu_;
  std::map<std::string, RegisteredTool> registered_;
};

// A storage enum argument, offered by the names storage parses (storage::names_of<E>), so that the
// list is written once; the schema test holds it equal to the schema's `enum`.
template <class E>
std::optional<E> optional_enum(const json& a, const char* key) {
  auto s = protocol::args::optional_enum(a, key, storage::names_of<E>());
  if (!s) return std::nullopt;
  return storage::parse_enum<E>(*s);
}

template <class E>
E required_enum(const json& a, const char* key) {
  return *storage::parse_enum<E>(protocol::args::required_enum(a, key, storage::names_of<E>()));
}

}  // namespace sciorex::common
