// export_yaml and the YAML text of one ticket / epic (see yaml_io.hpp for the layout).
#include <fstream>

#include "events.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/yaml_io.hpp"
#include "ticket_rows.hpp"
#include "yaml_writer.hpp"

namespace sciorex::storage {
namespace fs = std::filesystem;
using yaml::Node;

namespace {

Node actor_node(const Actor& a) {
  Node n = Node::map_node();
  n.add("type", yaml::raw(std::string(to_string(a.type))));
  n.add("id", yaml::str(a.id));
  if (a.client) n.add("client", yaml::str(*a.client));
  if (a.on_behalf_of) n.add("onBehalfOf", yaml::str(*a.on_behalf_of));
  return n;
}

Node history_node(const std::vector<HistoryEntry>& history) {
  Node seq = Node::seq_node();
  for (const auto& h : history) {
    Node e = Node::map_node();
    e.add("timestamp", yaml::quoted(h.timestamp));
    e.add("action", yaml::str(h.action));
    auto details = nlohmann::json::parse(h.details_json, nullptr, false);
    e.add("details", yaml::from_json(details.is_object() ? details : nlohmann::json::object()));
    e.add("actor", actor_node(h.actor));
    seq.seq.push_back(std::move(e));
  }
  return seq;
}

Node sessions_node(const std::vector<SessionLink>& sessions) {
  Node seq = Node::seq_node();
  for (const auto& s : sessions) {
    Node e = Node::map_node();
    e.add("sessionId", yaml::str(s.session_id));
    if (s.title) e.add("title", yaml::str(*s.title));
    if (s.notes) e.add("notes", yaml::str(*s.notes));
    e.add("archived", yaml::boolean(s.archived));
    e.add("createdAt", yaml::quoted(s.created_at));
    if (s.host) e.add("host", yaml::str(*s.host));
    seq.seq.push_back(std::move(e));
  }
  return seq;
}

void write_file(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw StoreError::internal("Cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw StoreError::internal("Cannot write " + path.string() + ": " + ec.message());
}

}  // namespace

std::string ticket_to_yaml(const Ticket& t) {
  Node doc = Node::map_node();
  doc.add("id", yaml::str(t.id));
  doc.add("title", yaml::str(t.title));
  doc.add("description", yaml::str(t.description));
  doc.add("type", yaml::raw(std::string(to_string(t.type))));
  doc.add("priority", yaml::raw(std::string(to_string(t.priority))));
  doc.add("status", yaml::raw(std::string(to_string(t.status))));
  doc.add("labels", yaml::strings(t.labels));
  doc.add("epicId", yaml::opt_str(t.epic_id));
  doc.add("parentId", yaml::opt_str(t.parent_id));
  std::vector<std::string> blockers;
  bool any_reason = false;
  for (const auto& b : t.blocked_by) {
    blockers.push_back(b.ticket_id);
    any_reason = any_reason || b.reason.has_value();
  }
  doc.add("blockedBy", yaml::strings(blockers));
  doc.add("relatesTo", yaml::strings(t.relates_to));
  Node subtasks = Node::seq_node();
  for (const auto& s : t.subtasks) {
    Node e = Node::map_node();
    e.add("id", yaml::str(s.id));
    e.add("title", yaml::str(s.title));
    e.add("completed", yaml::boolean(s.completed));
    e.add("completedAt", yaml::opt_quoted(s.completed_at));
    if (s.status != SubtaskStatus::Pending && s.status != SubtaskStatus::Done)
      e.add("status", yaml::raw(std::string(to_string(s.status))));
    if (s.note) e.add("note", yaml::str(*s.note));
    subtasks.seq.push_back(std::move(e));
  }
  doc.add("subtasks", std::move(subtasks));
  doc.add("assignedFlowId", yaml::opt_str(t.assigned_flow_id));
  doc.add("lastSessionId", yaml::opt_str(t.last_session_id));
  doc.add("createdAt", yaml::quoted(t.created_at));
  doc.add("updatedAt", yaml::quoted(t.updated_at));
  doc.add("completedAt", yaml::opt_quoted(t.completed_at));
  doc.add("history", history_node(t.history));
  // Beyond Sciorex's documented fields (kept so that export then import is lossless).
  if (any_reason) {
    Node reasons = Node::map_node();
    for (const auto& b : t.blocked_by)
      if (b.reason) reasons.add(b.ticket_id, yaml::str(*b.reason));
    doc.add("blockerReasons", std::move(reasons));
  }
  if (!t.comments.empty()) {
    Node seq = Node::seq_node();
    for (const auto& c : t.comments) {
      Node e = Node::map_node();
      e.add("text", yaml::str(c.text));
      e.add("author", actor_node(c.author));
      e.add("createdAt", yaml::quoted(c.created_at));
      seq.seq.push_back(std::move(e));
    }
    doc.add("comments", std::move(seq));
  }
  if (!t.resources.empty()) {
    Node seq = Node::seq_node();
    for (const auto& r : t.resources) {
      Node e = Node::map_node();
      if (r.url) e.add("url", yaml::str(*r.url));
      if (r.path) e.add("path", yaml::str(*r.path));
      e.add("title", yaml::str(r.title));
      e.add("kind", yaml::str(r.kind));
      e.add("createdAt", yaml::quoted(r.created_at));
      seq.seq.push_back(std::move(e));
    }
    doc.add("resources", std::move(seq));
  }
  if (!t.sessions.empty()) doc.add("sessions", sessions_node(t.sessions));
  return yaml::render(doc);
}

std::string epic_to_yaml(const EpicDetail& d) {
  const Epic& e = d.epic;
  Node doc = Node::map_node();
  doc.add("id", yaml::str(e.id));
  doc.add("title", yaml::str(e.title));
  doc.add("description", yaml::str(e.description));
  doc.add("status", yaml::raw(std::string(to_string(e.status))));
  doc.add("createdAt", yaml::quoted(e.created_at));
  doc.add("updatedAt", yaml::quoted(e.updated_at));
  doc.add("completedAt", yaml::opt_quoted(e.completed_at));
  if (!d.sessions.empty()) doc.add("sessions", sessions_node(d.sessions));
  if (!d.history.empty()) doc.add("history", history_node(d.history));
  return yaml::render(doc);
}

ExportReport export_yaml(Database& db, const fs::path& dir) {
  ExportReport report;
  report.dir = dir.filename() == ".sciorex" ? dir : dir / ".sciorex";
  std::error_code ec;
  fs::create_directories(report.dir / "tickets", ec);
  fs::create_directories(report.dir / "epics", ec);
  if (ec) throw StoreError::internal("Cannot create " + report.dir.string() + ": " + ec.message());
  // One read transaction: the export is one consistent snapshot.
  db.read([&](Tx& tx) {
    report.tickets = report.epics = 0;
    std::vector<std::string> epic_ids, ticket_ids;
    {
      auto& st = tx.stmt("SELECT id FROM epics ORDER BY seq, id");
      while (st.step()) epic_ids.push_back(st.column(0).str());
    }
    {
      auto& st = tx.stmt("SELECT id FROM tickets ORDER BY seq, id");
      while (st.step()) ticket_ids.push_back(st.column(0).str());
    }
    for (const auto& id : epic_ids) {
      EpicDetail d;
      d.epic = detail::require_epic(tx, id);
      d.sessions = detail::load_sessions(tx, "epic", id);
      d.history = load_history(tx, "epic", id);
      write_file(report.dir / "epics" / (id + ".yaml"), epic_to_yaml(d));
      ++report.epics;
    }
    for (const auto& id : ticket_ids) {
      Ticket t = detail::require_ticket(tx, id);
      detail::load_ticket_children(tx, t);
      write_file(report.dir / "tickets" / (id + ".yaml"), ticket_to_yaml(t));
      ++report.tickets;
    }
  });
  return report;
}

}  // namespace sciorex::storage
