// Ticket and epic documents -> domain structs (see yaml_reader.hpp).
#include "yaml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <unordered_set>

#include "sciorex/storage/errors.hpp"
#include "ticket_rows.hpp"
#include "tx.hpp"
#include "yaml_writer.hpp"

namespace sciorex::storage::yaml {
namespace {

int line_of(const YAML::Node& n) {
  if (!n.IsDefined() || n.Mark().is_null()) return 0;
  return n.Mark().line + 1;
}

[[noreturn]] void fail(const YAML::Node& n, const std::string& field, const std::string& message) {
  throw FieldError(line_of(n), field, message);
}

// A required child: reported at its parent's line when missing.
YAML::Node req(const YAML::Node& parent, const char* key, const std::string& field) {
  YAML::Node n = parent[key];
  if (!n || n.IsNull()) fail(parent, field, "missing");
  return n;
}

// yaml-cpp passes bytes through unchecked, and a "\uD800" escape becomes an encoded surrogate:
// text that is not UTF-8 would reach the store, and the JSON written from it (labels, details)
// would throw (found by fuzz_yaml_import, issue 5).
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;  // overlong, surrogate
    i += len;
  }
  return true;
}

// Text a document may hand over in all: yaml-cpp shares an aliased node, but every use of it is
// read again, so a file of a few MB listing `*big` a million times would stand for terabytes.
constexpr std::size_t kMaxDocumentText = 64 << 20;
thread_local std::size_t text_left = kMaxDocumentText;

// Sets the budget for one document (parse_ticket, parse_epic).
struct DocumentBudget {
  DocumentBudget() { text_left = kMaxDocumentText; }
};

std::string text(const YAML::Node& n, const std::string& field) {
  if (!n) fail(n, field, "missing");
  if (!n.IsScalar()) fail(n, field, "expected text");
  if (n.Scalar().size() > text_left)
    fail(n, field, "the document holds more than 64 MiB of text (an alias counts every time it is used)");
  text_left -= n.Scalar().size();
  if (!valid_utf8(n.Scalar())) fail(n, field, "not valid UTF-8 text");
  return n.Scalar();
}

std::optional<std::string> opt_text(const YAML::Node& n, const std::string& field) {
  if (!n || n.IsNull()) return std::nullopt;
  return text(n, field);
}

std::string timestamp(const YAML::Node& n, const std::string& field) {
  std::string s = text(n, field);
  if (!is_iso_timestamp(s))
    fail(n, field, "expected an ISO-8601 UTC timestamp like \"2024-12-06T15:45:00Z\"");
  return s;
}

std::optional<std::string> opt_timestamp(const YAML::Node& n, const std::string& field) {
  if (!n || n.IsNull()) return std::nullopt;
  return timestamp(n, field);
}

bool boolean(const YAML::Node& n, const std::string& field) {
  const auto v = resolve_plain(text(n, field));
  if (!v.is_boolean() || n.Tag() == "!") fail(n, field, "expected true or false");
  return v.get<bool>();
}

template <class Parse>
auto enum_value(const YAML::Node& n, const std::string& field, Parse parse, const std::string& valid) {
  const std::string s = text(n, field);
  auto v = parse(s);
  if (!v) fail(n, field, "invalid value '" + s + "'; valid values: " + valid);
  return *v;
}

std::string checked(const YAML::Node& n, const std::string& field, std::size_t max, bool required) {
  std::string s = text(n, field);
  if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) fail(n, field, "must not be empty");
  if (s.size() > max && detail::character_count(s) > max)  // a character takes at least one byte
    fail(n, field, "too long (" + std::to_string(detail::character_count(s)) + " characters; at most " +
                       std::to_string(max) + ")");
  return s;
}

const YAML::Node seq_of(const YAML::Node& doc, const char* key) {
  const YAML::Node n = doc[key];
  if (n && !n.IsNull() && !n.IsSequence()) fail(n, key, "expected a list");
  return n;
}

// An id as the store spells it. Ids are matched exactly, so `t-716` in a store whose prefix is T
// would name a ticket that no tool finds (issue 16): a prefix must be the store's own, or in capitals.
std::string id_field(const YAML::Node& n, const std::string& field, const StoreConfig& config) {
  const std::string s = text(n, field);
  try {
    detail::check_id_syntax(s, field);
  } catch (const StoreError& e) {
    fail(n, field, e.what());
  }
  const std::string prefix = s.substr(0, s.find('-'));
  if (prefix == config.ticket_prefix || prefix == config.epic_prefix) return s;
  auto upper = [](std::string t) {
    for (auto& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return t;
  };
  for (const std::string* own : {&config.ticket_prefix, &config.epic_prefix})
    if (upper(prefix) == upper(*own))
      fail(n, field,
           "invalid id '" + s + "': this store writes it " + *own + s.substr(prefix.size()) +
               " (ids are matched exactly)");
  if (upper(prefix) != prefix)
    fail(n, field,
         "invalid id '" + s + "': write its prefix in capitals, " + upper(prefix) + s.substr(prefix.size()) +
             " (ids are matched exactly)");
  return s;
}

Actor actor(const YAML::Node& n, const std::string& field) {
  if (!n.IsMap()) fail(n, field, "expected a mapping with type and id");
  Actor a;
  a.type =
      enum_value(req(n, "type", field + ".type"), field + ".type", parse_actor_type, "user, agent, system");
  a.id = checked(req(n, "id", field + ".id"), field + ".id", detail::kMaxShort, true);
  return a;
}

std::vector<HistoryEntry> history(const YAML::Node& doc) {
  std::vector<HistoryEntry> out;
  const YAML::Node h = seq_of(doc, "history");
  if (!h || h.IsNull()) return out;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const std::string f = "history[" + std::to_string(i) + "]";
    const YAML::Node e = h[i];
    if (!e.IsMap()) fail(e, f, "expected a mapping");
    HistoryEntry entry;
    entry.timestamp = timestamp(req(e, "timestamp", f + ".timestamp"), f + ".timestamp");
    entry.action = checked(req(e, "action", f + ".action"), f + ".action", detail::kMaxShort, true);
    const YAML::Node d = e["details"];
    if (d && !d.IsNull() && !d.IsMap()) fail(d, f + ".details", "expected a mapping");
    try {
      JsonBudget budget;
      budget.bytes = std::min(budget.bytes, text_left);  // within the document's budget too
      const std::size_t before = budget.bytes;
      entry.details_json = d && d.IsMap() ? to_json(d, budget).dump() : "{}";
      text_left -= before - budget.bytes;
    } catch (const nlohmann::json::type_error&) {  // 316: a key or value is not UTF-8
      fail(d, f + ".details", "not valid UTF-8 text");
    } catch (const std::length_error&) {
      const JsonBudget limits;
      fail(d, f + ".details",
           "too large: at most " + std::to_string(limits.values) + " values, " + std::to_string(limits.bytes / 1024) +
               " KiB of text and " + std::to_string(limits.depth) + " levels (an alias counts every time it is used)");
    }
    entry.actor = actor(req(e, "actor", f + ".actor"), f + ".actor");
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<SessionLink> sessions(const YAML::Node& doc, const std::string& type, const std::string& id,
                                  const std::string& now) {
  std::vector<SessionLink> out;
  const YAML::Node s = seq_of(doc, "sessions");
  if (!s || s.IsNull()) return out;
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::string f = "sessions[" + std::to_string(i) + "]";
    const YAML::Node e = s[i];
    if (!e.IsMap()) fail(e, f, "expected a mapping");
    SessionLink l;
    l.session_id = checked(req(e, "sessionId", f + ".sessionId"), f + ".sessionId", detail::kMaxShort, true);
    l.entity_type = type;
    l.entity_id = id;
    l.title = opt_text(e["title"], f + ".title");
    l.notes = opt_text(e["notes"], f + ".notes");
    l.archived = e["archived"] && !e["archived"].IsNull() && boolean(e["archived"], f + ".archived");
    l.created_at = e["createdAt"] ? timestamp(e["createdAt"], f + ".createdAt") : now;
    if (!seen.insert(l.session_id).second) fail(e, f + ".sessionId", "duplicate session " + l.session_id);
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

nlohmann::json to_json(const YAML::Node& n, JsonBudget& budget) {
  auto spend = [&budget](std::size_t bytes) {
    if (budget.values == 0 || bytes > budget.bytes) throw std::length_error("YAML value over budget");
    --budget.values;
    budget.bytes -= bytes;
  };
  spend(0);
  if (n.IsMap() || n.IsSequence()) {
    if (budget.depth == 0) throw std::length_error("YAML value nested too deeply");
    --budget.depth;
    nlohmann::json j = n.IsMap() ? nlohmann::json::object() : nlohmann::json::array();
    if (n.IsMap()) {
      for (const auto& kv : n) {
        spend(kv.first.Scalar().size());
        j[kv.first.Scalar()] = to_json(kv.second, budget);
      }
    } else {
      for (const auto& v : n) j.push_back(to_json(v, budget));
    }
    ++budget.depth;
    return j;
  }
  if (!n || n.IsNull()) return nullptr;
  spend(n.Scalar().size());
  if (n.Tag() == "!") return n.Scalar();  // quoted: always a string
  return resolve_plain(n.Scalar());
}

ParsedTicket parse_ticket(const YAML::Node& doc, const std::string& now, const StoreConfig& config) {
  const DocumentBudget budget;
  if (!doc.IsMap()) fail(doc, "", "expected a ticket mapping (id, title, ...)");
  ParsedTicket p;
  Ticket& t = p.ticket;
  p.line = line_of(doc["id"] ? doc["id"] : doc);
  if (doc["id"] && !doc["id"].IsNull()) {
    t.id = id_field(doc["id"], "id", config);
    p.has_id = true;
  }
  t.title = checked(req(doc, "title", "title"), "title", detail::kMaxTitle, true);
  if (auto d = opt_text(doc["description"], "description")) t.description = *d;
  if (t.description.size() > detail::kMaxDescription) fail(doc["description"], "description", "too long");
  if (doc["type"]) t.type = enum_value(doc["type"], "type", parse_ticket_type, valid_values_ticket_type());
  if (doc["priority"])
    t.priority = enum_value(doc["priority"], "priority", parse_priority, valid_values_priority());
  if (doc["status"])
    t.status = enum_value(doc["status"], "status", parse_ticket_status, valid_values_ticket_status());
  if (const YAML::Node l = seq_of(doc, "labels"); l && !l.IsNull())
    for (std::size_t i = 0; i < l.size(); ++i)
      t.labels.push_back(checked(l[i], "labels[" + std::to_string(i) + "]", detail::kMaxLabel, true));
  if (doc["epicId"] && !doc["epicId"].IsNull()) t.epic_id = id_field(doc["epicId"], "epicId", config);
  if (doc["parentId"] && !doc["parentId"].IsNull()) {
    t.parent_id = id_field(doc["parentId"], "parentId", config);
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
        blocker.ticket_id = id_field(req(b[i], "id", f + ".id"), f + ".id", config);
        blocker.reason = opt_text(b[i]["reason"], f + ".reason");
      } else {
        blocker.ticket_id = id_field(b[i], f, config);
      }
      if (blocker.ticket_id == t.id) fail(b[i], f, "a ticket cannot block itself");
      if (!seen.insert(blocker.ticket_id).second) fail(b[i], f, "duplicate blocker " + blocker.ticket_id);
      if (reasons && reasons.IsMap() && reasons[blocker.ticket_id])
        blocker.reason = opt_text(reasons[blocker.ticket_id], "blockerReasons." + blocker.ticket_id);
      t.blocked_by.push_back(std::move(blocker));
      p.blocker_lines.push_back(line_of(b[i]));
    }
  seen.clear();
  if (const YAML::Node r = seq_of(doc, "relatesTo"); r && !r.IsNull())
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string f = "relatesTo[" + std::to_string(i) + "]";
      std::string rel = id_field(r[i], f, config);
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
      sub.id = e["id"] ? checked(e["id"], f + ".id", detail::kMaxShort, true)
                       : format_id("sub", static_cast<long long>(i + 1), 3);
      sub.title = checked(req(e, "title", f + ".title"), f + ".title", detail::kMaxTitle, true);
      const bool has_completed = e["completed"] && !e["completed"].IsNull();
      const bool completed = has_completed && boolean(e["completed"], f + ".completed");
      if (e["status"]) {
        sub.status =
            enum_value(e["status"], f + ".status", parse_subtask_status, valid_values_subtask_status());
        if (has_completed && completed != (sub.status == SubtaskStatus::Done))
          fail(e["completed"], f + ".completed",
               "contradicts status '" + std::string(to_string(sub.status)) + "'");
      } else {
        sub.status = completed ? SubtaskStatus::Done : SubtaskStatus::Pending;
      }
      sub.completed = sub.status == SubtaskStatus::Done;
      sub.completed_at = opt_timestamp(e["completedAt"], f + ".completedAt");
      sub.note = opt_text(e["note"], f + ".note");
      if (!seen.insert(sub.id).second) fail(e["id"], f + ".id", "duplicate subtask id " + sub.id);
      t.subtasks.push_back(std::move(sub));
    }
  t.assigned_flow_id = opt_text(doc["assignedFlowId"], "assignedFlowId");
  t.last_session_id = opt_text(doc["lastSessionId"], "lastSessionId");
  p.has_created_at = doc["createdAt"] && !doc["createdAt"].IsNull();
  p.has_updated_at = doc["updatedAt"] && !doc["updatedAt"].IsNull();
  t.created_at = p.has_created_at ? timestamp(doc["createdAt"], "createdAt") : now;
  t.updated_at = p.has_updated_at ? timestamp(doc["updatedAt"], "updatedAt") : t.created_at;
  t.completed_at = opt_timestamp(doc["completedAt"], "completedAt");
  if (!doc["completedAt"] && t.status == TicketStatus::Done) t.completed_at = t.updated_at;
  p.has_history = static_cast<bool>(doc["history"]);
  t.history = history(doc);
  if (const YAML::Node c = seq_of(doc, "comments"); c && !c.IsNull())
    for (std::size_t i = 0; i < c.size(); ++i) {
      const std::string f = "comments[" + std::to_string(i) + "]";
      if (!c[i].IsMap()) fail(c[i], f, "expected a mapping with text, author and createdAt");
      Comment cm;
      cm.text = checked(req(c[i], "text", f + ".text"), f + ".text", detail::kMaxComment, true);
      cm.author = actor(req(c[i], "author", f + ".author"), f + ".author");
      cm.created_at = c[i]["createdAt"] ? timestamp(c[i]["createdAt"], f + ".createdAt") : now;
      t.comments.push_back(std::move(cm));
    }
  if (const YAML::Node r = seq_of(doc, "resources"); r && !r.IsNull())
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string f = "resources[" + std::to_string(i) + "]";
      if (!r[i].IsMap()) fail(r[i], f, "expected a mapping with url or path, title and kind");
      Resource res;
      res.url = opt_text(r[i]["url"], f + ".url");
      res.path = opt_text(r[i]["path"], f + ".path");
      if (res.url.has_value() == res.path.has_value()) fail(r[i], f, "give exactly one of url or path");
      res.title = r[i]["title"] ? checked(r[i]["title"], f + ".title", detail::kMaxTitle, false)
                                : *(res.url ? res.url : res.path);
      res.kind = r[i]["kind"] ? checked(r[i]["kind"], f + ".kind", 32, true) : (res.url ? "url" : "file");
      res.created_at = r[i]["createdAt"] ? timestamp(r[i]["createdAt"], f + ".createdAt") : now;
      t.resources.push_back(std::move(res));
    }
  t.sessions = sessions(doc, "ticket", t.id, now);
  return p;
}

ParsedEpic parse_epic(const YAML::Node& doc, const std::string& now, const StoreConfig& config) {
  const DocumentBudget budget;
  if (!doc.IsMap()) fail(doc, "", "expected an epic mapping (id, title, ...)");
  ParsedEpic p;
  Epic& e = p.epic;
  p.line = line_of(doc["id"] ? doc["id"] : doc);
  if (doc["id"] && !doc["id"].IsNull()) {
    e.id = id_field(doc["id"], "id", config);
    p.has_id = true;
  }
  e.title = checked(req(doc, "title", "title"), "title", detail::kMaxTitle, true);
  if (auto d = opt_text(doc["description"], "description")) e.description = *d;
  if (doc["status"])
    e.status = enum_value(doc["status"], "status", parse_epic_status, valid_values_epic_status());
  p.has_created_at = doc["createdAt"] && !doc["createdAt"].IsNull();
  p.has_updated_at = doc["updatedAt"] && !doc["updatedAt"].IsNull();
  e.created_at = p.has_created_at ? timestamp(doc["createdAt"], "createdAt") : now;
  e.updated_at = p.has_updated_at ? timestamp(doc["updatedAt"], "updatedAt") : e.created_at;
  e.completed_at = opt_timestamp(doc["completedAt"], "completedAt");
  p.has_history = static_cast<bool>(doc["history"]);
  p.history = history(doc);
  p.sessions = sessions(doc, "epic", e.id, now);
  return p;
}

}  // namespace sciorex::storage::yaml
