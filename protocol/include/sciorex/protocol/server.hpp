#pragma once
// Server: the registries and the one dispatcher. Transports hand it whole messages with a Peer and
// a Sink (channel.hpp); it classifies each message, enforces each era's lifecycle and rules, runs
// the handler (inline or on a worker thread) and answers through the Sink. Thread-safe.

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "sciorex/protocol/channel.hpp"
#include "sciorex/protocol/features.hpp"
#include "sciorex/protocol/log_level.hpp"

namespace sciorex::protocol {

struct ServerInfo {
  std::string name;
  std::string version;
  std::string title;
  std::string description;
  std::string instructions;  // sent in initialize / server/discover when not empty
};

struct ServerOptions {
  // How long a 2025 client may take to answer a server-to-client request.
  std::chrono::milliseconds client_request_timeout{std::chrono::minutes(10)};
  // Page size of tools/list, prompts/list, resources/list and resources/templates/list.
  std::size_t page_size = 100;
  // 2026 caching hints: lists of tools/prompts/templates and discover; resources (list and read).
  long long catalog_ttl_ms = 60'000;
  long long resource_ttl_ms = 0;
  // Secret for requestState HMAC; random per process when empty.
  std::string state_secret;
  // How long a 2026 requestState stays valid.
  std::chrono::seconds state_lifetime{std::chrono::hours(1)};
  // Tasks extension (2026): how long a task stays retrievable after its creation (its ttlMs; one
  // still running then is cancelled), how many tasks are kept at once (beyond that become_task()
  // continues synchronously: a client cannot fill memory or the worker pool with tasks), and the
  // polling interval suggested to clients. max_tasks = 0 turns the extension off (not advertised).
  std::chrono::milliseconds task_ttl{std::chrono::hours(1)};
  std::size_t max_tasks = 128;
  std::chrono::milliseconds task_poll_interval{500};
  // Most worker threads for handlers that do not run inline. Handlers that wait for a person
  // suspend instead (RequestContext::defer) and hold none; the others are short and mostly take
  // turns at the store's write lock, so more threads would only wait there. (A handler that
  // blocks in a 2025 RequestContext::inputs() does hold one until the client answers.)
  std::size_t max_worker_threads = 16;
  // Diagnostics (internal errors, dropped messages) go here; the library never prints.
  std::function<void(LogLevel, std::string_view)> diagnostics;
  // Server capabilities to declare in addition to those derived from the registries.
  bool declare_logging = true;
  bool declare_completions = true;
};

class Dispatcher;

class Server {
 public:
  Server(ServerInfo info, ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Registries. Adding or removing after clients connected sends list-changed notifications.
  void add_tool(ToolDefinition tool, ToolHandler handler);
  bool remove_tool(const std::string& name);
  void add_prompt(nlohmann::json prompt, PromptHandler handler);
  bool remove_prompt(const std::string& name);
  // `requires_extension` (when not empty): listed and readable only for clients that declare that
  // client extension (see ToolDefinition::requires_extension); others get "not found".
  void add_resource(nlohmann::json resource, ResourceReader reader, std::string requires_extension = {});
  void add_resource_template(nlohmann::json resource_template, TemplateReader reader);
  void add_resource_source(std::shared_ptr<ResourceSource> source);
  // Completion for a prompt argument ("ref/prompt") or a template variable ("ref/resource").
  void add_prompt_completer(const std::string& prompt, Completer completer);
  void add_template_completer(const std::string& uri_template, Completer completer);

  // Change notifications, delivered to every 2025 peer and 2026 listener that asked for them.
  void notify_resource_updated(const std::string& uri);
  void notify_resources_list_changed();
  void notify_tools_list_changed();
  void notify_prompts_list_changed();

  // One inbound message (a line of stdio, a POST body). Never throws; answers through `sink`.
  void handle(std::string_view text, const std::shared_ptr<Peer>& peer, const std::shared_ptr<Sink>& sink,
              const HttpHeaders* http = nullptr);
  // A message the transport refused to read whole because it exceeded `limit` bytes.
  void reject_oversized(std::size_t limit, const std::shared_ptr<Sink>& sink);

  // The server capabilities as declared to clients.
  nlohmann::json capabilities() const;
  const ServerInfo& info() const;
  // Waits for handlers in flight to finish (after the transport stopped feeding messages).
  void drain(std::chrono::milliseconds timeout);

 private:
  std::unique_ptr<Dispatcher> impl_;
};

}  // namespace sciorex::protocol
