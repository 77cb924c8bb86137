// Writing parsed documents into the store (see yaml_store.hpp).
#include "yaml_store.hpp"

#include <unordered_set>

#include "events.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_ids.hpp"
#include "ticket_rows.hpp"

namespace sciorex::storage::yaml {
namespace fs = std::filesystem;
using namespace detail;

namespace {

void delete_sessions(Tx& tx, const std::string& type, const std::string& id) {
  auto& st = tx.stmt("DELETE FROM session_links WHERE entity_type = ? AND entity_id = ?");
  st.bind(1, type);
  st.bind(2, id);
  st.exec();
}

std::string history_key(const HistoryEntry& h) {
  return h.timestamp + '\x1f' + h.action + '\x1f' + h.details_json + '\x1f' +
         std::string(to_string(h.actor.type)) + '\x1f' + h.actor.id + '\x1f' + h.actor.client.value_or("") +
         '\x1f' + h.actor.on_behalf_of.value_or("");
}

void write_history(Tx& tx, const std::string& type, const std::string& id, bool has_history,
                   const std::vector<HistoryEntry>& history, const fs::path& file, const Actor& actor,
                   const std::optional<Previous>& previous) {
  if (!previous) {
    retire_history(tx, type, id);  // entries of an earlier entity of this id stay in the feed only
    if (has_history) {
      for (const auto& h : history) append_history(tx, type, id, h);
    } else if (type == "ticket") {  // an epic file without history (Sciorex's layout) stays without
      append_event(tx, type, id, "created", {{"importedFrom", file.filename().string()}}, actor);
    }
    return;
  }
  std::unordered_set<std::string> kept;
  for (const auto& h : load_history(tx, type, id)) kept.insert(history_key(h));
  for (const auto& h : history)
    if (kept.insert(history_key(h)).second) append_history(tx, type, id, h);
  append_event(tx, type, id, "replaced_by_import",
               {{"file", file.filename().string()},
                {"previous", {{"title", previous->title}, {"status", previous->status}}}},
               actor);
}

// What every imported entity ends with: its sessions, its history, its id counter, the feed's event.
std::string finish(Tx& tx, const std::string& type, const std::string& id,
                   const std::vector<SessionLink>& sessions, bool has_history,
                   const std::vector<HistoryEntry>& history, const fs::path& file, const Actor& actor,
                   const std::optional<Previous>& previous) {
  delete_sessions(tx, type, id);
  for (const auto& l : sessions) save_session(tx, type, id, l);
  write_history(tx, type, id, has_history, history, file, actor, previous);
  if (previous) type == "ticket" ? touch_ticket(tx, id) : touch_epic(tx, id);
  bump_counter(tx, type, id);
  append_event(tx, type, id, "imported", {{"file", file.string()}}, actor, false);
  return id;
}

}  // namespace

std::optional<Previous> find_ticket(Tx& tx, const std::string& id) {
  const auto t = load_ticket_row(tx, id);
  if (!t) return std::nullopt;
  return Previous{t->title, std::string(to_string(t->status)), load_history(tx, "ticket", id).size()};
}

std::optional<Previous> find_epic(Tx& tx, const std::string& id) {
  const auto e = load_epic_row(tx, id);
  if (!e) return std::nullopt;
  return Previous{e->title, std::string(to_string(e->status)), load_history(tx, "epic", id).size()};
}

std::string write_ticket(Tx& tx, ParsedTicket& p, const fs::path& file, const Actor& actor,
                         const std::optional<Previous>& previous) {
  Ticket& t = p.ticket;
  if (!p.has_id) t.id = allocate_id(tx, "ticket");
  if (ticket_exists(tx, t.id)) {
    for (const char* sql :
         {"DELETE FROM subtasks WHERE ticket_id = ?", "DELETE FROM blockers WHERE ticket_id = ?",
          "DELETE FROM relations WHERE ticket_id = ?", "DELETE FROM comments WHERE ticket_id = ?",
          "DELETE FROM resources WHERE ticket_id = ?"}) {
      auto& st = tx.stmt(sql);
      st.bind(1, t.id);
      st.exec();
    }
  } else {
    auto& st = tx.stmt(
        "INSERT INTO tickets(id, seq, title, type, priority, status, created_at, updated_at) "
        "VALUES (?, 0, '', 'task', 'medium', 'backlog', '', '')");
    st.bind(1, t.id);
    st.exec();
  }
  auto& st = tx.stmt(
      "UPDATE tickets SET seq = ?, title = ?, description = ?, type = ?, priority = ?, status = ?, labels = "
      "?, "
      "epic_id = ?, parent_id = ?, assigned_flow_id = ?, last_session_id = ?, created_at = ?, updated_at = "
      "?, "
      "completed_at = ? WHERE id = ?");
  st.bind(1, static_cast<int64_t>(id_number(t.id)));
  st.bind(2, t.title);
  st.bind(3, t.description);
  st.bind(4, std::string(to_string(t.type)));
  st.bind(5, std::string(to_string(t.priority)));
  st.bind(6, std::string(to_string(t.status)));
  st.bind(7, labels_to_json(t.labels));
  bind_opt(st, 8, t.epic_id);
  bind_opt(st, 9, t.parent_id);
  bind_opt(st, 10, t.assigned_flow_id);
  bind_opt(st, 11, t.last_session_id);
  st.bind(12, t.created_at);
  st.bind(13, t.updated_at);
  bind_opt(st, 14, t.completed_at);
  st.bind(15, t.id);
  st.exec();
  int pos = 0;
  for (const auto& s : t.subtasks) {
    auto& ins = tx.stmt(
        "INSERT INTO subtasks(ticket_id, sub_id, position, title, status, completed_at, note) VALUES "
        "(?,?,?,?,?,?,?)");
    ins.bind(1, t.id);
    ins.bind(2, s.id);
    ins.bind(3, ++pos);
    ins.bind(4, s.title);
    ins.bind(5, std::string(to_string(s.status)));
    bind_opt(ins, 6, s.completed_at);
    bind_opt(ins, 7, s.note);
    ins.exec();
  }
  for (const auto& b : t.blocked_by) {
    auto& ins = tx.stmt("INSERT INTO blockers(ticket_id, blocker_id, reason) VALUES (?,?,?)");
    ins.bind(1, t.id);
    ins.bind(2, b.ticket_id);
    bind_opt(ins, 3, b.reason);
    ins.exec();
  }
  for (const auto& r : t.relates_to) {
    auto& ins = tx.stmt("INSERT INTO relations(ticket_id, related_id) VALUES (?,?)");
    ins.bind(1, t.id);
    ins.bind(2, r);
    ins.exec();
  }
  for (const auto& c : t.comments) {
    auto& ins = tx.stmt(
        "INSERT INTO comments(ticket_id, text, actor_type, actor_id, created_at, actor_client, "
        "actor_on_behalf_of) VALUES (?,?,?,?,?,?,?)");
    ins.bind(1, t.id);
    ins.bind(2, c.text);
    ins.bind(3, std::string(to_string(c.author.type)));
    ins.bind(4, c.author.id);
    ins.bind(5, c.created_at);
    bind_opt(ins, 6, c.author.client);
    bind_opt(ins, 7, c.author.on_behalf_of);
    ins.exec();
  }
  for (const auto& r : t.resources) {
    auto& ins =
        tx.stmt("INSERT INTO resources(ticket_id, url, path, title, kind, created_at) VALUES (?,?,?,?,?,?)");
    ins.bind(1, t.id);
    bind_opt(ins, 2, r.url);
    bind_opt(ins, 3, r.path);
    ins.bind(4, r.title);
    ins.bind(5, r.kind);
    ins.bind(6, r.created_at);
    ins.exec();
  }
  return finish(tx, "ticket", t.id, t.sessions, p.has_history, t.history, file, actor, previous);
}

std::string write_epic(Tx& tx, ParsedEpic& p, const fs::path& file, const Actor& actor,
                       const std::optional<Previous>& previous) {
  Epic& e = p.epic;
  if (!p.has_id) e.id = allocate_id(tx, "epic");
  auto& st = tx.stmt(
      "INSERT INTO epics(id, seq, title, description, status, created_at, updated_at, completed_at) "
      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(id) DO UPDATE SET seq = ?2, title = ?3, description = "
      "?4, "
      "status = ?5, created_at = ?6, updated_at = ?7, completed_at = ?8");
  st.bind(1, e.id);
  st.bind(2, static_cast<int64_t>(id_number(e.id)));
  st.bind(3, e.title);
  st.bind(4, e.description);
  st.bind(5, std::string(to_string(e.status)));
  st.bind(6, e.created_at);
  st.bind(7, e.updated_at);
  bind_opt(st, 8, e.completed_at);
  st.exec();
  return finish(tx, "epic", e.id, p.sessions, p.has_history, p.history, file, actor, previous);
}

}  // namespace sciorex::storage::yaml
