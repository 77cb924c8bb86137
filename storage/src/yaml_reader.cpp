// Ticket and epic documents -> domain structs (see yaml_reader.hpp); the fields themselves are
// read by yaml_fields.hpp's FieldReader, one per document.
#include "yaml_reader.hpp"

#include <unordered_set>

#include "ticket_validation.hpp"
#include "yaml_fields.hpp"
#include "yaml_writer.hpp"

namespace sciorex::storage::yaml {
namespace {

std::vector<HistoryEntry> history(FieldReader& fields, const YAML::Node& doc) {
  std::vector<HistoryEntry> out;
  const YAML::Node h = seq_of(doc, "history");
  if (!h || h.IsNull()) return out;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const std::string f = "history[" + std::to_string(i) + "]";
    const YAML::Node e = h[i];
    if (!e.IsMap()) fail(e, f, "expected a mapping");
    HistoryEntry entry;
    entry.timestamp = fields.timestamp(req(e, "timestamp", f + ".timestamp"), f + ".timestamp");
    entry.action = fields.checked(req(e, "action", f + ".action"), f + ".action", detail::kMaxShort, true);
    const YAML::Node d = e["details"];
    if (d && !d.IsNull() && !d.IsMap()) fail(d, f + ".details", "expected a mapping");
    entry.details_json = d && d.IsMap() ? fields.details_json(d, f + ".details") : "{}";
    entry.actor = fields.actor(req(e, "actor", f + ".actor"), f + ".actor");
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<SessionLink> sessions(FieldReader& fields, const YAML::Node& doc, const std::string& type,
                                  const std::string& id, const std::string& now) {
  std::vector<SessionLink> out;
  const YAML::Node s = seq_of(doc, "sessions");
  if (!s || s.IsNull()) return out;
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::string f = "sessions[" + std::to_string(i) + "]";
    const YAML::Node e = s[i];
    if (!e.IsMap()) fail(e, f, "expected a mapping");
    SessionLink l;
    l.session_id =
        fields.checked(req(e, "sessionId", f + ".sessionId"), f + ".sessionId", detail::kMaxShort, true);
    l.entity_type = type;
    l.entity_id = id;
    l.title = fields.opt_text(e["title"], f + ".title");
    l.notes = fields.opt_text(e["notes"], f + ".notes");
    l.archived = e["archived"] && !e["archived"].IsNull() && fields.boolean(e["archived"], f + ".archived");
    l.created_at = e["createdAt"] ? fields.timestamp(e["createdAt"], f + ".createdAt") : now;
    l.host = fields.opt_text(e["host"], f + ".host");
    if (!seen.insert(l.session_id).second) fail(e, f + ".sessionId", "duplicate session " + l.session_id);
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

ParsedTicket parse_ticket(const YAML::Node& doc, const std::string& now, const StoreConfig& config) {
  FieldReader fields(config);
  if (!doc.IsMap()) fail(doc, "", "expected a ticket mapping (id, title, ...)");
  ParsedTicket p;
  Ticket& t = p.ticket;
  p.line = line_of(doc["id"] ? doc["id"] : doc);
  if (doc["id"] && !doc["id"].IsNull()) {
    t.id = fields.id_field(doc["id"], "id");
    p.has_id = true;
  }
  t.title = fields.checked(req(doc, "title", "title"), "title", detail::kMaxTitle, true);
  if (auto d = fields.opt_text(doc["description"], "description")) t.description = *d;
  if (t.description.size() > detail::kMaxDescription) fail(doc["description"], "description", "too long");
  if (doc["type"])
    t.type = fields.enum_value(doc["type"], "type", parse_ticket_type, valid_values_ticket_type());
  if (doc["priority"])
    t.priority = fields.enum_value(doc["priority"], "priority", parse_priority, valid_values_priority());
  if (doc["status"])
    t.status = fields.enum_value(doc["status"], "status", parse_ticket_status, valid_values_ticket_status());
  if (const YAML::Node l = seq_of(doc, "labels"); l && !l.IsNull())
    for (std::size_t i = 0; i < l.size(); ++i)
      t.labels.push_back(fields.checked(l[i], "labels[" + std::to_string(i) + "]", detail::kMaxLabel, true));
  if (doc["epicId"] && !doc["epicId"].IsNull()) t.epic_id = fields.id_field(doc["epicId"], "epicId");
  if (doc["parentId"] && !doc["parentId"].IsNull()) {
    t.parent_id = fields.id_field(doc["parentId"], "parentId");
    p.parent_line = line_of(doc["parentId"]);
  }
  const YAML::Node reasons = doc["blockerReasons"];
  if (reasons && !reasons.IsNull() && !reasons.IsMap()) fail(reasons, "blockerReasons", "expected a mapping");
  std::unordered_set<std::string> seen;  // ids met so far in the list being read
  if (const YAML::Node b = seq_of(doc, "blockedBy"); b && !b.IsNull())
    for (std::size_t i = 0; i < b.size(); ++i) {
      const std::string f = "blockedBy[" + std::to_string(i) + "]";
      Blocker blocker;
      if (b[i].IsMap()) {  // also accept {id, reason}
        blocker.ticket_id = fields.id_field(req(b[i], "id", f + ".id"), f + ".id");
        blocker.reason = fields.opt_text(b[i]["reason"], f + ".reason");
      } else {
        blocker.ticket_id = fields.id_field(b[i], f);
      }
      if (blocker.ticket_id == t.id) fail(b[i], f, "a ticket cannot block itself");
      if (!seen.insert(blocker.ticket_id).second) fail(b[i], f, "duplicate blocker " + blocker.ticket_id);
      if (reasons && reasons.IsMap() && reasons[blocker.ticket_id])
        blocker.reason = fields.opt_text(reasons[blocker.ticket_id], "blockerReasons." + blocker.ticket_id);
      t.blocked_by.push_back(std::move(blocker));
      p.blocker_lines.push_back(line_of(b[i]));
    }
  seen.clear();
  if (const YAML::Node r = seq_of(doc, "relatesTo"); r && !r.IsNull())
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string f = "relatesTo[" + std::to_string(i) + "]";
      std::string rel = fields.id_field(r[i], f);
      if (!seen.insert(rel).second) fail(r[i], f, "duplicate " + rel);
      t.relates_to.push_back(std::move(rel));
    }
  seen.clear();
  if (const YAML::Node s = seq_of(doc, "subtasks"); s && !s.IsNull())
    for (std::size_t i = 0; i < s.size(); ++i) {
      const std::string f = "subtasks[" + std::to_string(i) + "]";
      const YAML::Node e = s[i];
      if (!e.IsMap()) fail(e, f, "expected a mapping with a title");
      Subtask sub;
      sub.id = e["id"] ? fields.checked(e["id"], f + ".id", detail::kMaxShort, true)
                       : format_id("sub", static_cast<long long>(i) + 1, 3);
      sub.title = fields.checked(req(e, "title", f + ".title"), f + ".title", detail::kMaxTitle, true);
      const bool has_completed = e["completed"] && !e["completed"].IsNull();
      const bool completed = has_completed && fields.boolean(e["completed"], f + ".completed");
      if (e["status"]) {
        sub.status = fields.enum_value(e["status"], f + ".status", parse_subtask_status,
                                       valid_values_subtask_status());
        if (has_completed && completed != (sub.status == SubtaskStatus::Done))
          fail(e["completed"], f + ".completed",
               "contradicts status '" + std::string(to_string(sub.status)) + "'");
      } else {
        sub.status = completed ? SubtaskStatus::Done : SubtaskStatus::Pending;
      }
      sub.completed = sub.status == SubtaskStatus::Done;
      sub.completed_at = fields.opt_timestamp(e["completedAt"], f + ".completedAt");
      sub.note = fields.opt_text(e["note"], f + ".note");
      if (!seen.insert(sub.id).second) fail(e["id"], f + ".id", "duplicate subtask id " + sub.id);
      t.subtasks.push_back(std::move(sub));
    }
  t.assigned_flow_id = fields.opt_text(doc["assignedFlowId"], "assignedFlowId");
  t.last_session_id = fields.opt_text(doc["lastSessionId"], "lastSessionId");
  p.has_created_at = doc["createdAt"] && !doc["createdAt"].IsNull();
  p.has_updated_at = doc["updatedAt"] && !doc["updatedAt"].IsNull();
  t.created_at = p.has_created_at ? fields.timestamp(doc["createdAt"], "createdAt") : now;
  t.updated_at = p.has_updated_at ? fields.timestamp(doc["updatedAt"], "updatedAt") : t.created_at;
  t.completed_at = fields.opt_timestamp(doc["completedAt"], "completedAt");
  if (!doc["completedAt"] && t.status == TicketStatus::Done) t.completed_at = t.updated_at;
  p.has_history = static_cast<bool>(doc["history"]);
  t.history = history(fields, doc);
  if (const YAML::Node c = seq_of(doc, "comments"); c && !c.IsNull())
    for (std::size_t i = 0; i < c.size(); ++i) {
      const std::string f = "comments[" + std::to_string(i) + "]";
      if (!c[i].IsMap()) fail(c[i], f, "expected a mapping with text, author and createdAt");
      Comment cm;
      cm.text = fields.checked(req(c[i], "text", f + ".text"), f + ".text", detail::kMaxComment, true);
      cm.author = fields.actor(req(c[i], "author", f + ".author"), f + ".author");
      cm.created_at = c[i]["createdAt"] ? fields.timestamp(c[i]["createdAt"], f + ".createdAt") : now;
      t.comments.push_back(std::move(cm));
    }
  if (const YAML::Node r = seq_of(doc, "resources"); r && !r.IsNull())
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string f = "resources[" + std::to_string(i) + "]";
      if (!r[i].IsMap()) fail(r[i], f, "expected a mapping with url or path, title and kind");
      Resource res;
      res.url = fields.opt_text(r[i]["url"], f + ".url");
      res.path = fields.opt_text(r[i]["path"], f + ".path");
      if (res.url.has_value() == res.path.has_value()) fail(r[i], f, "give exactly one of url or path");
      res.title = r[i]["title"] ? fields.checked(r[i]["title"], f + ".title", detail::kMaxTitle, false)
                                : *(res.url ? res.url : res.path);
      res.kind =
          r[i]["kind"] ? fields.checked(r[i]["kind"], f + ".kind", 32, true) : (res.url ? "url" : "file");
      res.created_at = r[i]["createdAt"] ? fields.timestamp(r[i]["createdAt"], f + ".createdAt") : now;
      t.resources.push_back(std::move(res));
    }
  t.sessions = sessions(fields, doc, "ticket", t.id, now);
  return p;
}

ParsedEpic parse_epic(const YAML::Node& doc, const std::string& now, const StoreConfig& config) {
  FieldReader fields(config);
  if (!doc.IsMap()) fail(doc, "", "expected an epic mapping (id, title, ...)");
  ParsedEpic p;
  Epic& e = p.epic;
  p.line = line_of(doc["id"] ? doc["id"] : doc);
  if (doc["id"] && !doc["id"].IsNull()) {
    e.id = fields.id_field(doc["id"], "id");
    p.has_id = true;
  }
  e.title = fields.checked(req(doc, "title", "title"), "title", detail::kMaxTitle, true);
  if (auto d = fields.opt_text(doc["description"], "description")) e.description = *d;
  if (doc["status"])
    e.status = fields.enum_value(doc["status"], "status", parse_epic_status, valid_values_epic_status());
  p.has_created_at = doc["createdAt"] && !doc["createdAt"].IsNull();
  p.has_updated_at = doc["updatedAt"] && !doc["updatedAt"].IsNull();
  e.created_at = p.has_created_at ? fields.timestamp(doc["createdAt"], "createdAt") : now;
  e.updated_at = p.has_updated_at ? fields.timestamp(doc["updatedAt"], "updatedAt") : e.created_at;
  e.completed_at = fields.opt_timestamp(doc["completedAt"], "completedAt");
  p.has_history = static_cast<bool>(doc["history"]);
  p.history = history(fields, doc);
  p.sessions = sessions(fields, doc, "epic", e.id, now);
  return p;
}

}  // namespace sciorex::storage::yaml
