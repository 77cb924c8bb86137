// sciorex_notify_user (stores the notification and, when the client asked for log messages, sends
// it as one) and sciorex_get_interaction.
#include "sciorex/protocol/arguments.hpp"
#include "tools.hpp"

namespace sciorex::interactions {

namespace args = protocol::args;

namespace {

protocol::LogLevel level_of(const std::string& type) {
  if (type == "warning") return protocol::LogLevel::warning;
  if (type == "error") return protocol::LogLevel::error;
  if (type == "success") return protocol::LogLevel::notice;
  return protocol::LogLevel::info;
}

}  // namespace

void register_notify_tools(protocol::Server& server, Inbox& inbox) {
  add_tool(server, "sciorex_notify_user", false, [&inbox](const json& a, protocol::RequestContext& ctx) {
    args::only(a, {"message", "type", "details", "ticketId"});
    std::string message = args::required_string(a, "message", 5000);
    std::string type = args::optional_enum(a, "type", {"info", "warning", "error", "success"}).value_or("info");
    auto details = args::optional_string(a, "details", 20000);
    json request = {{"message", message}, {"type", type}};
    if (details) request["details"] = *details;
    storage::NewInteraction in{storage::InteractionKind::Notification, message, type, request.dump(),
                               args::optional_string(a, "ticketId", 200)};
    auto stored = inbox.repo().create(in, storage::Actor::agent(ctx.client_name()));
    bool sent = ctx.log_enabled(level_of(type));
    if (sent) {
      json data = request;
      data["interactionId"] = stored.id;
      ctx.log(level_of(type), data, "sciorex-interactions");
    }
    json result = {{"interactionId", stored.id}, {"delivered", true}, {"sentToClient", sent}};
    return protocol::ToolResult::structured_with_text(result, "Notified (" + stored.id + ")");
  });
  add_tool(server, "sciorex_get_interaction", true, [&inbox](const json& a, protocol::RequestContext&) {
    args::only(a, {"interactionId"});
    json result = to_json(inbox.repo().get(args::required_string(a, "interactionId", 200)));
    std::string text = result["interactionId"].get<std::string>() + " " + result["kind"].get<std::string>() + " " +
                       result["status"].get<std::string>();
    if (!result["answer"].is_null()) text += ": " + result["answer"].dump();
    return protocol::ToolResult::structured_with_text(result, text);
  });
}

}  // namespace sciorex::interactions
