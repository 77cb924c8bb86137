#include "cli_format.hpp"

#include <nlohmann/json.hpp>

#include "markdown.hpp"
#include "sciorex/common/terminal_text.hpp"
#include "ticket_json.hpp"
#include "ticket_slice.hpp"

namespace sciorex::tickets {

namespace {

using common::Lines;
using common::visible;
using nlohmann::json;

void one_line(std::string& s) { s = visible(s); }
void one_line(std::optional<std::string>& s) {
  if (s) *s = visible(*s);
}
void one_line(storage::Actor& a) {
  a.id = visible(a.id);
  one_line(a.client);
  one_line(a.on_behalf_of);
}

void clean_sessions(std::vector<storage::SessionLink>& sessions) {
  for (auto& l : sessions) {
    one_line(l.session_id);
    one_line(l.title);
    one_line(l.host);
    if (l.notes) l.notes = visible(*l.notes, Lines::many);
  }
}

void clean_history(std::vector<storage::HistoryEntry>& history) {
  for (auto& h : history) {
    one_line(h.action);
    one_line(h.actor);
  }
}

// Markdown headings of a description shifted two levels down, so that they sit under the ticket's
// "# T-042" and its "## Description" (fenced code blocks are left as they are).
std::string nested_headings(const std::string& text) {
  std::string out;
  bool fenced = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (line.rfind("```", 0) == 0 || line.rfind("~~~", 0) == 0) fenced = !fenced;
    if (!fenced && !line.empty() && line[0] == '#') line = "##" + line;
    out += line;
    if (end < text.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

std::string value_text(const json& v) {
  if (v.is_null()) return "none";
  if (v.is_string()) return "\"" + v.get<std::string>() + "\"";
  if (v.is_array()) {
    std::string s;
    for (const auto& e : v) s += (s.empty() ? "" : ", ") + (e.is_string() ? e.get<std::string>() : e.dump());
    return s.empty() ? "none" : s;
  }
  return v.dump();
}

std::string change_words(const std::string& field, const json& change) {
  const json from = change.value("from", json(nullptr)), to = change.value("to", json(nullptr));
  if (field == "description") return "description changed";
  if (field == "epicId" || field == "parentId" || field == "assignedFlowId") {
    const std::string what = field == "epicId" ? "epic" : field == "parentId" ? "parent" : "flow";
    if (to.is_null())
      return what + " removed" + (from.is_string() ? " (was " + from.get<std::string>() + ")" : "");
    if (from.is_null()) return what + " set to " + to.get<std::string>();
    return what + " " + from.get<std::string>() + " → " + to.get<std::string>();
  }
  if ((field == "status" || field == "type" || field == "priority") && from.is_string() && to.is_string())
    return field + " " + from.get<std::string>() + " → " + to.get<std::string>();
  return field + " " + value_text(from) + " → " + value_text(to);
}

std::string details_words(const std::string& action, const json& d) {
  auto text = [&](const char* key) { return d.value(key, std::string()); };
  if (action == "created") return "created";
  if (action == "status_changed")
    return "status " + text("from") + " → " + text("to") +
           (d.contains("comment") ? ": " + text("comment") : "");
  if (action == "updated") {
    std::string s;
    for (const auto& [field, change] : d.items())
      if (change.is_object()) s += (s.empty() ? "" : "; ") + change_words(field, change);
    return s.empty() ? "updated" : s;
  }
  if (action == "comment_added") return "comment: " + text("comment");
  if (action == "progress_reported")
    return "progress" + (d.contains("percentage") ? " " + d["percentage"].dump() + "%" : std::string()) +
           ": " + text("message");
  if (action == "blocker_added")
    return "blocked by " + text("blockerTicketId") + (d.contains("reason") ? ": " + text("reason") : "");
  if (action == "blocker_removed") return "no longer blocked by " + text("blockerTicketId");
  if (action == "relation_added") return "related to " + text("relatedTicketId");
  if (action == "subtask_added") return "subtask " + text("subtaskId") + " added: " + text("title");
  if (action == "subtask_completed") return "subtask " + text("subtaskId") + " done";
  if (action == "subtask_reopened") return "subtask " + text("subtaskId") + " reopened";
  if (action == "subtask_status_changed")
    return "subtask " + text("subtaskId") + " " + text("from") + " → " + text("to") +
           (d.contains("note") ? ": " + text("note") : "");
  if (action == "session_linked") return "session " + text("sessionId") + " linked";
  // A flow's records (issue 12); attempt is a number.
  const auto also = [&](const char* key, const std::string& before) {
    return d.contains(key) ? before + text(key) : std::string();
  };
  if (action == "flow_run_started")
    return "flow run " + text("runId") + " started (attempt " + d.value("attempt", json(1)).dump() + ")";
  if (action == "flow_node_finished")
    return "flow run " + text("runId") + ": " + text("node") + also("agent", " ") + " " + text("status") +
           also("error", ": ");
  if (action == "flow_run_finished")
    return "flow run " + text("runId") + " " + text("status") + also("error", ": ");
  if (action == "resource_linked")
    return "linked " + text("kind") + " \"" + text("title") + "\" <" +
           (d.contains("url") ? text("url") : text("path")) + ">";
  std::string s = action;
  for (auto& ch : s)
    if (ch == '_') ch = ' ';
  return d.empty() ? s : s + ": " + d.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

storage::Ticket for_terminal(storage::Ticket t) {
  one_line(t.id);
  one_line(t.title);
  t.description = nested_headings(visible(t.description, Lines::many));
  for (auto& l : t.labels) one_line(l);
  one_line(t.epic_id);
  one_line(t.parent_id);
  one_line(t.assigned_flow_id);
  one_line(t.last_session_id);
  for (auto& s : t.subtasks) {
    one_line(s.id);
    one_line(s.title);
    one_line(s.note);
  }
  for (auto& b : t.blocked_by) {
    one_line(b.ticket_id);
    one_line(b.reason);
  }
  for (auto& id : t.blocks) one_line(id);
  for (auto& id : t.relates_to) one_line(id);
  for (auto& c : t.comments) {
    c.text = visible(c.text, Lines::many);
    one_line(c.author);
  }
  for (auto& r : t.resources) {
    one_line(r.url);
    one_line(r.path);
    one_line(r.title);
    one_line(r.kind);
  }
  clean_sessions(t.sessions);
  clean_history(t.history);
  return t;
}

storage::EpicDetail for_terminal(storage::EpicDetail d) {
  one_line(d.epic.id);
  one_line(d.epic.title);
  d.epic.description = nested_headings(visible(d.epic.description, Lines::many));
  for (auto& t : d.tickets) t = for_terminal(std::move(t));
  clean_sessions(d.sessions);
  clean_history(d.history);
  return d;
}

std::string terminal_line(const storage::Ticket& t) {
  std::string line = visible(ticket_line(t, 100));
  std::string extra;
  auto add = [&](const std::string& s) { extra += (extra.empty() ? "" : "; ") + s; };
  if (t.epic_id) add("epic " + visible(*t.epic_id));
  for (const auto& b : t.blocked_by)
    if (!b.status ||
        (*b.status != storage::TicketStatus::Done && *b.status != storage::TicketStatus::Cancelled)) {
      add("blocked");
      break;
    }
  if (!t.subtasks.empty()) {
    std::size_t done = 0;
    for (const auto& s : t.subtasks) done += s.completed ? 1 : 0;
    add("subtasks " + std::to_string(done) + "/" + std::to_string(t.subtasks.size()));
  }
  return extra.empty() ? line : line + " (" + extra + ")";
}

std::string history_words(const storage::HistoryEntry& h) {
  const json d = json::parse(h.details_json, nullptr, false);
  return visible(details_words(h.action, d.is_object() ? d : json::object()));
}

namespace {
// "2026-12-05T07:30:00Z by user alice: status planned → in_progress"
std::string history_line(const storage::HistoryEntry& h) {
  return visible(h.timestamp + " by " + std::string(to_string(h.actor.type)) + " " + h.actor.id +
                 (h.actor.client ? " (via " + *h.actor.client + ")" : "") +
                 (h.actor.on_behalf_of ? " on behalf of " + *h.actor.on_behalf_of : "") + ": ") +
         history_words(h);
}
}  // namespace

std::string ticket_terminal_markdown(const storage::Ticket& ticket) {
  const storage::Ticket t = for_terminal(ticket);
  TicketView all;  // at a terminal everything is shown: no windows
  all.description_limit = std::string::npos / 2;
  all.comments_offset = 0;
  all.comments_limit = t.comments.size();
  all.comment_chars = std::string::npos / 2;
  all.history_limit = 0;  // written in words below
  all.list_limit = std::string::npos / 2;
  TicketSlice slice = slice_ticket(t, all);
  slice.notes.clear();  // only the history window is short, and it follows in full
  std::string md = ticket_markdown(slice);
  if (!ticket.history.empty()) {
    md += "\n## History\n\n";
    for (const auto& h : ticket.history) md += "- " + history_line(h) + "\n";
  }
  return md;
}

std::string epic_terminal_markdown(const storage::EpicDetail& detail) {
  const storage::EpicDetail d = for_terminal(detail);
  std::string md = epic_markdown(d, d.tickets.size());
  if (!detail.history.empty()) {
    md += "\n## History\n\n";
    for (const auto& h : detail.history) md += "- " + history_line(h) + "\n";
  }
  return md;
}

}  // namespace sciorex::tickets
