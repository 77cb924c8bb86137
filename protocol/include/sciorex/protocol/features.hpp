#pragma once
// Definitions and handler types of the registries: tools, resources, resource templates, prompts
// and completions. Definitions are JSON as the spec shapes them, served as written.

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sciorex/protocol/context.hpp"

namespace sciorex::protocol {

// --- tools -------------------------------------------------------------------------------------
struct ToolResult {
  nlohmann::json content = nlohmann::json::array();
  std::optional<nlohmann::json> structured;
  bool is_error = false;

  static ToolResult text(std::string text);
  static ToolResult error(std::string text);
  // structuredContent plus a short text for hosts that read only text.
  static ToolResult structured_with_text(nlohmann::json structured, std::string text);
};

// Thrown by a tool handler for a failure the agent can act on (bad arguments, unknown id, a
// refused transition): becomes a result with isError and this message, never a protocol error.
class ToolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether a tool may finish as a task (the 2026 tasks extension, see RequestContext::become_task):
// forbidden: never; optional: when the request declares the extension; required: the tool cannot
// be served without it, so a 2026 request without the extension is refused with -32021 before the
// handler runs. Served as `execution.taskSupport` in 2026 tools/list; 2025 clients, for which this
// library implements no tasks, see neither the field nor tasks (their calls run synchronously).
enum class TaskSupport { forbidden, optional, required };

// NOLINTNEXTLINE(bugprone-exception-escape): its implicit moves are noexcept (so are its members')
struct ToolDefinition {
  // {name, title?, description?, inputSchema, outputSchema?, annotations?, ...} as served.
  nlohmann::json definition;
  // Runs on the caller's thread when true (fast, never blocks); on a worker thread otherwise.
  bool run_inline = false;
  // Left forbidden, it is read from definition.execution.taskSupport when that is present;
  // otherwise it is written there (Server::add_tool keeps the two in step, and throws
  // std::invalid_argument for a taskSupport value other than forbidden, optional, required).
  TaskSupport task_support = TaskSupport::forbidden;
  // Client extensions (e.g. MCP Apps, "io.modelcontextprotocol/ui"): when not empty, the tool is
  // listed and callable only for clients that declare this extension (capabilities.extensions in
  // the 2025 initialize; the request's client capabilities in 2026). Other clients neither see
  // it in tools/list nor may call it (unknown tool, as if it did not exist).
  std::string requires_extension;
  // Merged into the served definition's `_meta` only for clients that declare the extension named
  // by the key, e.g. {"io.modelcontextprotocol/ui": {"ui": {"resourceUri": "ui://sciorex/board"}}}.
  // Other clients get the definition exactly as without it.
  std::map<std::string, nlohmann::json> extension_meta;
};
using ToolHandler = std::function<ToolResult(const nlohmann::json& arguments, RequestContext&)>;

// --- resources ---------------------------------------------------------------------------------
// A `resources/read` answer: the `contents` array. nullopt = not found.
using ResourceContents = std::optional<nlohmann::json>;
using ResourceReader = std::function<ResourceContents(const std::string& uri, RequestContext&)>;
using TemplateReader = std::function<ResourceContents(
    const std::string& uri, const std::map<std::string, std::string>& vars, RequestContext&)>;

// A dynamic family of resources (e.g. one per ticket), listed page by page.
class ResourceSource {
 public:
  virtual ~ResourceSource() = default;
  struct Page {
    std::vector<nlohmann::json> resources;  // Resource objects
    std::optional<std::string> next;        // source-specific continuation, opaque
  };
  virtual Page list(const std::string& after, std::size_t limit) = 0;
  virtual ResourceContents read(const std::string& uri, RequestContext& ctx) = 0;
};

// --- prompts -----------------------------------------------------------------------------------
struct PromptResult {
  std::optional<std::string> description;
  nlohmann::json messages = nlohmann::json::array();
};
using PromptHandler = std::function<PromptResult(const nlohmann::json& arguments, RequestContext&)>;

// --- completion ----------------------------------------------------------------------------------
struct Completion {
  std::vector<std::string> values;  // at most 100 are sent
  std::optional<std::size_t> total;
  bool has_more = false;
};
// (argument name, partial value, context arguments) -> candidates
using Completer = std::function<Completion(const std::string& argument, const std::string& value,
                                           const nlohmann::json& context_arguments)>;

// Content block helpers.
namespace content {
nlohmann::json text(std::string text);
nlohmann::json image(std::string base64, std::string mime_type);
nlohmann::json audio(std::string base64, std::string mime_type);
nlohmann::json embedded_text(std::string uri, std::string mime_type, std::string text);
nlohmann::json resource_link(std::string uri, std::string name, std::optional<std::string> mime_type = {});
}  // namespace content

// Matches `uri` against an RFC 6570 level-1 template ("test://template/{id}/data").
std::optional<std::map<std::string, std::string>> match_uri_template(const std::string& uri_template,
                                                                     const std::string& uri);

}  // namespace sciorex::protocol
