// The public Server: forwards registrations to the registry (announcing list changes) and
// messages to the dispatcher.
#include "sciorex/protocol/server.hpp"

#include "dispatcher.hpp"

namespace sciorex::protocol {

Server::Server(ServerInfo info, ServerOptions options)
    : impl_(std::make_unique<Dispatcher>(std::move(info), std::move(options))) {}
Server::~Server() = default;

void Server::add_tool(ToolDefinition tool, ToolHandler handler) {
  detail::declare_task_support(tool);
  impl_->registry.add_tool(std::move(tool), std::move(handler));
  impl_->notify_list_changed("tools");
}

bool Server::remove_tool(const std::string& name) {
  if (!impl_->registry.remove_tool(name)) return false;
  impl_->notify_list_changed("tools");
  return true;
}

void Server::add_prompt(nlohmann::json prompt, PromptHandler handler) {
  impl_->registry.add_prompt(std::move(prompt), std::move(handler));
  impl_->notify_list_changed("prompts");
}

bool Server::remove_prompt(const std::string& name) {
  if (!impl_->registry.remove_prompt(name)) return false;
  impl_->notify_list_changed("prompts");
  return true;
}

void Server::add_resource(nlohmann::json resource, ResourceReader reader, std::string requires_extension) {
  impl_->registry.add_resource(std::move(resource), std::move(reader), std::move(requires_extension));
  impl_->notify_list_changed("resources");
}

void Server::add_resource_template(nlohmann::json resource_template, TemplateReader reader) {
  impl_->registry.add_template(std::move(resource_template), std::move(reader));
}

void Server::add_resource_source(std::shared_ptr<ResourceSource> source) {
  impl_->registry.add_source(std::move(source));
}

void Server::add_prompt_completer(const std::string& prompt, Completer completer) {
  impl_->registry.add_prompt_completer(prompt, std::move(completer));
}

void Server::add_template_completer(const std::string& uri_template, Completer completer) {
  impl_->registry.add_template_completer(uri_template, std::move(completer));
}

void Server::notify_resource_updated(const std::string& uri) { impl_->notify_resource_updated(uri); }
void Server::notify_resources_list_changed() { impl_->notify_list_changed("resources"); }
void Server::notify_tools_list_changed() { impl_->notify_list_changed("tools"); }
void Server::notify_prompts_list_changed() { impl_->notify_list_changed("prompts"); }

void Server::handle(std::string_view text, const std::shared_ptr<Peer>& peer,
                    const std::shared_ptr<Sink>& sink, const HttpHeaders* http) {
  impl_->handle(text, peer, sink, http);
}

void Server::reject_oversized(std::size_t limit, const std::shared_ptr<Sink>& sink) {
  impl_->reject_oversized(limit, sink);
}

nlohmann::json Server::capabilities() const { return impl_->capabilities(); }
const ServerInfo& Server::info() const { return impl_->info; }
void Server::drain(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  impl_->pool.drain(timeout);
  impl_->deferred_hub->wait_idle(deadline);  // suspended calls too (RequestContext::defer)
}

}  // namespace sciorex::protocol
