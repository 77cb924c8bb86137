#include "interactions.hpp"

#include "sciorex/common/version.hpp"
#include "tools.hpp"
#include "watcher.hpp"

namespace sciorex::interactions {

Inbox::Inbox(const std::string& db_path, const storage::StoreConfig& config, Options options)
    : db_(db_path, config), repo_(db_), options_(options), watcher_(std::make_unique<Watcher>(*this)) {}

Inbox::~Inbox() = default;

protocol::ServerInfo server_info() {
  return {"sciorex-interactions", common::version(), "Sciorex interactions",
          "Agents ask people questions and approvals; people answer in the client or from the inbox.",
          "Use sciorex_ask_user when you are stuck or a choice is not yours to make, "
          "sciorex_request_approval before "
          "anything risky or irreversible, sciorex_notify_user to tell a person something. A call that "
          "returns status "
          "pending has an interactionId: fetch the answer later with sciorex_get_interaction."};
}

common::ToolCatalogue& tool_catalogue() {
  static common::ToolCatalogue catalogue("schemas/interactions", embedded_schemas());
  return catalogue;
}

void register_all(protocol::Server& server, Inbox& inbox) {
  register_ask_tools(server, inbox);
  register_notify_tools(server, inbox);
  register_app_tools(server, inbox);
}

nlohmann::json to_json(const storage::Interaction& i) {
  auto actor = [](const storage::Actor& a) {
    json j{{"type", std::string(storage::to_string(a.type))}, {"id", a.id}};
    if (a.client) j["client"] = *a.client;
    return j;
  };
  json j = {{"interactionId", i.id},
            {"kind", std::string(storage::to_string(i.kind))},
            {"status", std::string(storage::to_string(i.status))},
            {"ticketId", i.ticket_id ? json(*i.ticket_id) : json(nullptr)},
            {"summary", i.summary},
            {"urgency", i.urgency},
            {"request", json::parse(i.request_json, nullptr, false)},
            {"answer", i.answer_json ? json::parse(*i.answer_json, nullptr, false) : json(nullptr)},
            {"answeredVia", i.channel ? json(*i.channel) : json(nullptr)},
            {"askedBy", actor(i.asked_by)},
            {"answeredBy", i.answered_by ? actor(*i.answered_by) : json(nullptr)},
            {"createdAt", i.created_at},
            {"answeredAt", i.answered_at ? json(*i.answered_at) : json(nullptr)}};
  return j;
}

}  // namespace sciorex::interactions
