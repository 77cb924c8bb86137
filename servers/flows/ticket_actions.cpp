// A flow's ticket actions (see ticket_actions.hpp): rendered from the node's templates, then made
// through TicketRepository, each one transaction with its history entry by `system flow:<name>`.
#include "ticket_actions.hpp"

#include <algorithm>

#include "sciorex/storage/ticket_repository.hpp"

namespace sciorex::flows {

using nlohmann::json;

namespace {

std::string_view action_name(TicketActionKind k) {
  switch (k) {
    case TicketActionKind::ChangeStatus:
      return "changeStatus";
    case TicketActionKind::AddComment:
      return "addComment";
    case TicketActionKind::AddLabel:
      return "addLabel";
    case TicketActionKind::LinkResource:
      break;
  }
  return "linkResource";
}

void put_rendered(json& out, const char* key, const Template& t, const json& scope) {
  if (!t.empty()) out[key] = t.render(scope);
}

std::optional<std::string> action_field(const json& action, const char* key) {
  const auto it = action.find(key);
  if (it == action.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

storage::Actor flow_actor(const std::string& flow_name) {
  storage::Actor a = storage::Actor::system();
  a.id = "flow:" + flow_name;
  return a;
}

json render_ticket_action(const Node& node, const json& scope) {
  json out = {{"action", action_name(node.action)}};
  const std::string ticket_id = node.ticket_id.render(scope);
  if (ticket_id.empty()) throw TemplateError("ticketId '" + node.ticket_id.text() + "' renders as nothing");
  out["ticketId"] = ticket_id;
  switch (node.action) {
    case TicketActionKind::ChangeStatus:
      if (node.status) out["status"] = storage::to_string(*node.status);
      break;
    case TicketActionKind::AddComment:
      put_rendered(out, "text", node.text, scope);
      break;
    case TicketActionKind::AddLabel:
      put_rendered(out, "label", node.label, scope);
      break;
    case TicketActionKind::LinkResource:
      put_rendered(out, "url", node.url, scope);
      put_rendered(out, "path", node.path, scope);
      put_rendered(out, "title", node.title, scope);
      put_rendered(out, "kind", node.kind, scope);
      break;
  }
  return out;
}

json apply_ticket_action(storage::Database& db, const std::string& flow_name, const json& action) {
  storage::TicketRepository tickets(db);
  const storage::Actor actor = flow_actor(flow_name);
  const std::string id = action.at("ticketId").get<std::string>();
  const std::string kind = action.at("action").get<std::string>();
  json out = {{"ticketId", id}, {"action", kind}};
  if (kind == "changeStatus") {
    const auto status = storage::ticket_status_from_string(action.at("status").get<std::string>());
    const storage::Ticket t = tickets.get(id);
    out["from"] = storage::to_string(t.status);
    out["status"] = storage::to_string(status);
    if (t.status == status)
      out["unchanged"] = true;
    else
      tickets.change_status(id, status, actor);
  } else if (kind == "addComment") {
    tickets.add_comment(id, action_field(action, "text").value_or(""), actor);
  } else if (kind == "addLabel") {
    const std::string label = action_field(action, "label").value_or("");
    storage::Ticket t = tickets.get(id);
    out["label"] = label;
    if (std::find(t.labels.begin(), t.labels.end(), label) != t.labels.end()) {
      out["unchanged"] = true;
    } else {
      t.labels.push_back(label);
      storage::TicketPatch patch;
      patch.labels = t.labels;
      tickets.update(id, patch, actor);
    }
  } else {
    storage::NewResource r;
    r.url = action_field(action, "url");
    r.path = action_field(action, "path");
    r.title = action_field(action, "title").value_or("");
    r.kind = action_field(action, "kind");
    const storage::Resource linked = tickets.link_resource(id, r, actor);
    out["url"] = linked.url ? json(*linked.url) : json(nullptr);
    out["path"] = linked.path ? json(*linked.path) : json(nullptr);
    out["title"] = linked.title;
  }
  return out;
}

}  // namespace sciorex::flows
