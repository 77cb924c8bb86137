// The storage domain as the contract's JSON (see ticket_json.hpp).
#include "ticket_json.hpp"

#include "tool_support.hpp"

namespace sciorex::tickets {

namespace {

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

// Objects are filled member by member: an initializer list of pairs builds a two-element array
// per member (and copies it) before the object, which made answers cost twice as much to build.
json::object_t& members(json& j) { return j.get_ref<json::object_t&>(); }

std::string str(std::string_view v) { return std::string(v); }

}  // namespace

json actor_json(const storage::Actor& a) {
  json j = json::object();
  auto& o = members(j);
  o.emplace("type", str(to_string(a.type)));
  o.emplace("id", a.id);
  if (a.client) o.emplace("client", *a.client);
  if (a.on_behalf_of) o.emplace("onBehalfOf", *a.on_behalf_of);
  return j;
}

json subtask_json(const storage::Subtask& s) {
  json j = json::object();
  auto& o = members(j);
  o.emplace("id", s.id);
  o.emplace("title", s.title);
  o.emplace("status", str(to_string(s.status)));
  o.emplace("completed", s.completed);
  o.emplace("completedAt", opt(s.completed_at));
  if (s.note) o.emplace("note", *s.note);
  return j;
}

json comment_json(const storage::Comment& c, std::size_t max_chars) {
  json j = {{"text", clip(c.text, max_chars)}, {"author", actor_json(c.author)}, {"createdAt", c.created_at}};
  if (c.text.size() > max_chars) j["truncated"] = true;
  return j;
}

json resource_json(const storage::Resource& r) {
  json j = {{"title", r.title}, {"kind", r.kind}, {"createdAt", r.created_at}};
  if (r.url) j["url"] = *r.url;
  if (r.path) j["path"] = *r.path;
  return j;
}

json session_json(const storage::SessionLink& s) {
  json j = {{"sessionId", s.session_id},
            {"entityType", s.entity_type},
            {"entityId", s.entity_id},
            {"archived", s.archived},
            {"createdAt", s.created_at}};
  if (s.title) j["title"] = *s.title;
  if (s.notes) j["notes"] = *s.notes;
  if (s.host) j["host"] = *s.host;
  return j;
}

json history_json(const storage::HistoryEntry& h) {
  json details = json::parse(h.details_json, nullptr, false);
  if (details.is_discarded()) details = h.details_json;
  json j = json::object();
  auto& o = members(j);
  o.emplace("timestamp", h.timestamp);
  o.emplace("action", h.action);
  o.emplace("details", std::move(details));
  o.emplace("actor", actor_json(h.actor));
  return j;
}

json progress_json(const storage::EpicProgress& p) {
  json by_status = json::object();
  for (const auto& [status, n] : p.by_status) by_status[str(to_string(status))] = n;
  return {{"total", p.total}, {"done", p.done}, {"percentage", p.percentage}, {"byStatus", by_status}};
}

json epic_json(const storage::Epic& e) {
  return {{"id", e.id},
          {"title", e.title},
          {"description", e.description},
          {"status", str(to_string(e.status))},
          {"createdAt", e.created_at},
          {"updatedAt", e.updated_at},
          {"completedAt", opt(e.completed_at)}};
}

json ticket_item_json(const storage::Ticket& t, std::size_t title_max) {
  json j = json::object();
  auto& o = members(j);
  o.emplace("id", t.id);
  o.emplace("title", clip(t.title, title_max));
  o.emplace("status", str(to_string(t.status)));
  o.emplace("priority", str(to_string(t.priority)));
  o.emplace("type", str(to_string(t.type)));
  if (t.epic_id) o.emplace("epicId", *t.epic_id);
  return j;
}

std::string ticket_line(const storage::Ticket& t, std::size_t title_max) {
  return t.id + " [" + str(to_string(t.status)) + "] " + str(to_string(t.priority)) + " " +
         str(to_string(t.type)) + ": " + clip(t.title, title_max);
}

json ticket_core_json(const storage::Ticket& t, std::size_t description_max) {
  json blocked_by = json::array();
  for (const auto& b : t.blocked_by) {
    json e = json::object();
    auto& o = members(e);
    o.emplace("ticketId", b.ticket_id);
    o.emplace("status", b.status ? json(str(to_string(*b.status))) : json(nullptr));
    if (b.reason) o.emplace("reason", *b.reason);
    blocked_by.push_back(std::move(e));
  }
  json subtasks = json::array();
  subtasks.get_ref<json::array_t&>().reserve(t.subtasks.size());
  for (const auto& s : t.subtasks) subtasks.push_back(subtask_json(s));
  json j = json::object();
  auto& o = members(j);
  o.emplace("id", t.id);
  o.emplace("title", t.title);
  o.emplace("description", clip(t.description, description_max));
  o.emplace("type", str(to_string(t.type)));
  o.emplace("priority", str(to_string(t.priority)));
  o.emplace("status", str(to_string(t.status)));
  o.emplace("labels", t.labels);
  o.emplace("epicId", opt(t.epic_id));
  o.emplace("parentId", opt(t.parent_id));
  o.emplace("blockedBy", std::move(blocked_by));
  o.emplace("blocks", t.blocks);
  o.emplace("relatesTo", t.relates_to);
  o.emplace("subtasks", std::move(subtasks));
  o.emplace("assignedFlowId", opt(t.assigned_flow_id));
  o.emplace("lastSessionId", opt(t.last_session_id));
  o.emplace("createdAt", t.created_at);
  o.emplace("updatedAt", t.updated_at);
  o.emplace("completedAt", opt(t.completed_at));
  if (t.description.size() > description_max) o.emplace("descriptionTruncated", true);
  return j;
}

json board_card_json(const storage::BoardCard& c) {
  const storage::Ticket& t = c.ticket;
  return {{"id", t.id},
          {"title", t.title},
          {"type", str(storage::to_string(t.type))},
          {"priority", str(storage::to_string(t.priority))},
          {"status", str(storage::to_string(t.status))},
          {"labels", t.labels},
          {"epicId", t.epic_id ? json(*t.epic_id) : json(nullptr)},
          {"subtasks", {{"done", c.subtasks_done}, {"total", c.subtasks_total}}},
          {"blocked", c.blocked},
          {"updatedAt", t.updated_at}};
}

}  // namespace sciorex::tickets
