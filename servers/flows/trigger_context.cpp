// Whether a store event starts a flow, and the trigger context its run starts with (issue 12; the
// shape is in engine.hpp, its keys in trigger_keys.hpp). Pure: the caller reads the event and its
// ticket; nothing here touches the store.
//
// ticketStatusChanged: a ticket's status_changed event, its from/to matching the trigger's when set.
// ticketCreated: a ticket's created event (not an import's: restoring tickets starts no work).
// subtaskCompleted: subtask_completed, or subtask_status_changed to done.
// manual: never an event; a manual run (event null) still has to pass the trigger's filter.
#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "sciorex/storage/event_feed.hpp"
#include "sciorex/text/utf8.hpp"
#include "ticket_json.hpp"

namespace sciorex::flows {

using nlohmann::json;

namespace {

bool passes_filter(const TriggerFilter& f, const storage::Ticket& t) {
  if (!f.types.empty() && std::find(f.types.begin(), f.types.end(), t.type) == f.types.end()) return false;
  if (!f.priorities.empty() &&
      std::find(f.priorities.begin(), f.priorities.end(), t.priority) == f.priorities.end())
    return false;
  if (!f.labels.empty()) {
    bool any = false;
    for (const std::string& l : f.labels)
      any = any || std::find(t.labels.begin(), t.labels.end(), l) != t.labels.end();
    if (!any) return false;
  }
  return !f.epic_id || t.epic_id == f.epic_id;
}

// The store keeps a run's trigger context up to 100,000 characters; a ticket's description may be
// that long by itself, so the context carries its first 50,000 (an agent reads the rest through
// sciorex-tickets).
std::string trigger_cut(const std::string& s) {
  constexpr std::size_t kMaxChars = 50'000;
  if (utf8::character_count(s) <= kMaxChars) return s;
  return s.substr(0, utf8::boundary_before(s, kMaxChars));
}

json trigger_ticket_json(const storage::Ticket& t) {
  json subtasks = json::array();
  for (const storage::Subtask& s : t.subtasks) subtasks.push_back(tickets::subtask_json(s));
  return {{"id", t.id},
          {"title", t.title},
          {"description", trigger_cut(t.description)},
          {"type", storage::to_string(t.type)},
          {"priority", storage::to_string(t.priority)},
          {"status", storage::to_string(t.status)},
          {"labels", t.labels},
          {"epicId", t.epic_id ? json(*t.epic_id) : json(nullptr)},
          {"subtasks", std::move(subtasks)}};
}

std::string detail_string(const json& details, const char* key) {
  const auto it = details.find(key);
  return it != details.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::optional<json> trigger_context(const Trigger& trigger, const storage::Event* event,
                                    const storage::Ticket& ticket) {
  json ctx = json::object();
  if (event == nullptr) {
    if (!passes_filter(trigger.filter, ticket)) return std::nullopt;
    ctx["type"] = "manual";
    ctx["ticket"] = trigger_ticket_json(ticket);
    return ctx;
  }
  if (trigger.type == TriggerType::Manual || event->entity_type != "ticket" || event->entity_id != ticket.id)
    return std::nullopt;
  json details = json::parse(event->details_json, nullptr, false);
  if (!details.is_object()) details = json::object();
  ctx["type"] = to_string(trigger.type);
  switch (trigger.type) {
    case TriggerType::TicketStatusChanged: {
      if (event->action != "status_changed") return std::nullopt;
      const std::string from = detail_string(details, "from");
      const std::string to = detail_string(details, "to");
      if (trigger.from_status && from != storage::to_string(*trigger.from_status)) return std::nullopt;
      if (trigger.to_status && to != storage::to_string(*trigger.to_status)) return std::nullopt;
      ctx["fromStatus"] = from;
      ctx["toStatus"] = to;
      break;
    }
    case TriggerType::TicketCreated:
      if (event->action != "created" || details.contains("importedFrom")) return std::nullopt;
      break;
    case TriggerType::SubtaskCompleted: {
      const bool completed =
          event->action == "subtask_completed" ||
          (event->action == "subtask_status_changed" && detail_string(details, "to") == "done" &&
           detail_string(details, "from") != "done");
      if (!completed) return std::nullopt;
      ctx["subtask"] = {{"id", detail_string(details, "subtaskId")},
                        {"title", detail_string(details, "title")}};
      break;
    }
    case TriggerType::Manual:
      return std::nullopt;
  }
  if (!passes_filter(trigger.filter, ticket)) return std::nullopt;
  ctx["ticket"] = trigger_ticket_json(ticket);
  ctx["eventId"] = event->id;
  return ctx;
}

}  // namespace sciorex::flows
