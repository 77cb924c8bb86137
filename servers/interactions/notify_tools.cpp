// sciorex_notify_user (stores the notification and, when the client asked for log messages, sends
// it as one) and sciorex_get_interaction.
#include <array>
#include <optional>
#include <string_view>

#include "sciorex/common/agent_identity.hpp"
#include "sciorex/protocol/arguments.hpp"
#include "tools.hpp"

namespace sciorex::interactions {

namespace args = protocol::args;

namespace {

constexpr std::array<std::string_view, 4> kNotificationTypes{"info", "warning", "error", "success"};

protocol::LogLevel level_of(const std::string& type) {
  if (type == "warning") return protocol::LogLevel::warning;
  if (type == "error") return protocol::LogLevel::error;
  if (type == "success") return protocol::LogLevel::notice;
  return protocol::LogLevel::info;
}

struct NotifyParams {
  std::string message, type;
  std::optional<std::string> details, ticket_id;
  static NotifyParams from_json(const json& a) {
    args::only(a, {"message", "type", "details", "ticketId"});
    NotifyParams p;
    p.message = args::required_string(a, "message", 5000);
    p.type = args::optional_enum(a, "type", kNotificationTypes).value_or("info");
    p.details = args::optional_string(a, "details", 20000);
    p.ticket_id = args::optional_string(a, "ticketId", 200);
    return p;
  }
};

struct GetInteractionParams {
  std::string interaction_id;
  static GetInteractionParams from_json(const json& a) {
    args::only(a, {"interactionId"});
    return {args::required_string(a, "interactionId", 200)};
  }
};

}  // namespace

void register_notify_tools(protocol::Server& server, Inbox& inbox) {
  add_tool<NotifyParams>(
      server, "sciorex_notify_user", Access::write, [&inbox](const NotifyParams& p, RequestContext& ctx) {
        json request = {{"message", p.message}, {"type", p.type}};
        if (p.details) request["details"] = *p.details;
        storage::NewInteraction in{storage::InteractionKind::Notification, p.message, p.type, request.dump(),
                                   p.ticket_id};
        auto stored = inbox.repo().create(in, common::request_actor(ctx));
        bool sent = ctx.log_enabled(level_of(p.type));
        if (sent) {
          json data = request;
          data["interactionId"] = stored.id;
          ctx.log(level_of(p.type), data, "sciorex-interactions");
        }
        json result = {{"interactionId", stored.id}, {"delivered", true}, {"sentToClient", sent}};
        return protocol::ToolResult::structured_with_text(result, "Notified (" + stored.id + ")");
      });
  add_tool<GetInteractionParams>(server, "sciorex_get_interaction", Access::read,
                                 [&inbox](const GetInteractionParams& p, RequestContext&) {
                                   json result = to_json(inbox.repo().get(p.interaction_id));
                                   std::string text = result["interactionId"].get<std::string>() + " " +
                                                      result["kind"].get<std::string>() + " " +
                                                      result["status"].get<std::string>();
                                   if (!result["answer"].is_null()) text += ": " + result["answer"].dump();
                                   return protocol::ToolResult::structured_with_text(result, text);
                                 });
}

}  // namespace sciorex::interactions
