// TicketRepository: create, get, update, change_status, remove.
#include "sciorex/storage/ticket_repository.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "events.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_ids.hpp"
#include "ticket_rows.hpp"
#include "ticket_validation.hpp"

namespace sciorex::storage {
using nlohmann::json;
using namespace detail;

namespace {

void check_optional_ref(Tx& tx, const std::optional<std::string>& epic_id,
                        const std::optional<std::string>& parent_id, const std::string& self_id) {
  if (epic_id) require_epic(tx, *epic_id);
  if (parent_id) {
    check_parent_cycle(tx, self_id, *parent_id);
    require_ticket(tx, *parent_id);
  }
}

// Why ticket_id may not have parent_id as its parent (check_parent_cycle, parent_cycles).
StoreError parent_refused(const std::string& ticket_id, const std::string& parent_id) {
  if (parent_id == ticket_id) return StoreError::invalid_argument("A ticket cannot be its own parent.");
  return StoreError::invalid_argument("Parent " + parent_id + " is a descendant of " + ticket_id +
                                      "; that would make a cycle.");
}

// Long texts are cut in history details; the ticket keeps the whole text.
json clip(const std::string& s) {
  constexpr std::size_t kMax = 500;
  if (s.size() <= kMax) return s;
  return s.substr(0, kMax) + "…";
}

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

// The ticket as the transaction leaves it (read inside the write: no second transaction).
Ticket full(Tx& tx, const std::string& id) {
  auto t = load_ticket_detail(tx, id);
  if (!t) throw ticket_not_found(id);
  return std::move(*t);
}

}  // namespace

void detail::check_parent_cycle(Tx& tx, const std::string& ticket_id, const std::string& parent_id) {
  if (parent_id == ticket_id) throw parent_refused(ticket_id, parent_id);
  // No parent cycles: ticket_id must not be an ancestor of the new parent.
  auto& st = tx.stmt(
      "WITH RECURSIVE up(id, depth) AS (SELECT ?, 0 UNION SELECT t.parent_id, up.depth + 1 FROM tickets t "
      "JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL AND up.depth < 10000) "
      "SELECT 1 FROM up WHERE id = ? LIMIT 1");
  st.bind(1, parent_id);
  st.bind(2, ticket_id);
  if (st.step()) throw parent_refused(ticket_id, parent_id);
}

std::vector<std::pair<std::size_t, std::string>> detail::parent_cycles(
    Tx& tx, const std::vector<std::pair<std::string, std::string>>& edges) {
  // A ticket has one parent at most: walking up from each edge's ticket, meeting a ticket again on
  // the same walk closes a cycle; meeting one an earlier walk met ends the walk. Each ticket is
  // read once.
  std::unordered_map<std::string, std::size_t> walk_of;  // ticket -> the walk that met it
  std::unordered_set<std::string> on_cycle;
  for (std::size_t w = 0; w < edges.size(); ++w) {
    std::vector<std::string> path;
    std::optional<std::string> id = edges[w].first;
    while (id) {
      const auto [it, added] = walk_of.emplace(*id, w);
      if (!added) {
        if (it->second == w) on_cycle.insert(std::find(path.begin(), path.end(), *id), path.end());
        break;
      }
      path.push_back(*id);
      auto& st = tx.stmt("SELECT parent_id FROM tickets WHERE id = ?");
      st.bind(1, *id);
      id = st.step() && !st.column(0).is_null() ? std::optional(st.column(0).str()) : std::nullopt;
    }
  }
  std::vector<std::pair<std::size_t, std::string>> out;
  for (std::size_t i = 0; i < edges.size(); ++i)
    if (on_cycle.count(edges[i].first))
      out.emplace_back(i, parent_refused(edges[i].first, edges[i].second).what());
  return out;
}

Ticket TicketRepository::create(const NewTicket& in, const Actor& actor) {
  validate_actor(actor);
  const std::string title = checked_title(in.title);
  check_length(in.description, kMaxDescription, "description");
  check_labels(in.labels);
  std::vector<std::string> subtasks;
  for (const auto& s : in.subtasks) subtasks.push_back(checked_title(s, "subtask title"));
  if (subtasks.size() > 500) throw StoreError::invalid_argument("Too many subtasks (at most 500).");
  const TicketStatus status = in.status.value_or(TicketStatus::Backlog);

  Ticket out;
  db_.write([&](Tx& tx) {
    check_optional_ref(tx, in.epic_id, in.parent_id, "");
    const std::string id = allocate_id(tx, "ticket");
    auto& st = tx.stmt(
        "INSERT INTO tickets(id, seq, title, description, type, priority, status, labels, epic_id, "
        "parent_id, "
        "created_at, updated_at, completed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, id);
    st.bind(2, static_cast<int64_t>(id_number(id)));
    st.bind(3, title);
    st.bind(4, in.description);
    st.bind(5, std::string(to_string(in.type)));
    st.bind(6, std::string(to_string(in.priority)));
    st.bind(7, std::string(to_string(status)));
    st.bind(8, labels_to_json(in.labels));
    bind_opt(st, 9, in.epic_id);
    bind_opt(st, 10, in.parent_id);
    st.bind(11, tx.now());
    st.bind(12, tx.now());
    bind_opt(st, 13, status == TicketStatus::Done ? std::optional(tx.now()) : std::nullopt);
    st.exec();
    int pos = 0;
    for (const auto& s : subtasks) {
      ++pos;
      auto& sub = tx.stmt(
          "INSERT INTO subtasks(ticket_id, sub_id, position, title, status) VALUES (?,?,?,?,'pending')");
      sub.bind(1, id);
      sub.bind(2, format_id("sub", pos, 3));
      sub.bind(3, pos);
      sub.bind(4, s);
      sub.exec();
    }
    append_event(tx, "ticket", id, "created", json::object(), actor);
    out = full(tx, id);
  });
  return out;
}

std::optional<Ticket> TicketRepository::find(const std::string& id) {
  std::optional<Ticket> out;
  db_.read([&](Tx& tx) {
    if (tx.dialect() == Dialect::Postgres) tx.single_statement();  // the detail is one statement there
    out = load_ticket_detail(tx, id);
  });
  return out;
}

std::optional<Ticket> TicketRepository::find_row(const std::string& id) {
  std::optional<Ticket> out;
  db_.read([&](Tx& tx) {
    tx.single_statement();
    out = load_ticket_row(tx, id);
  });
  return out;
}

Ticket TicketRepository::get(const std::string& id) {
  auto t = find(id);
  if (!t) throw ticket_not_found(id);
  return std::move(*t);
}

Ticket TicketRepository::update(const std::string& id, const TicketPatch& p, const Actor& actor) {
  validate_actor(actor);
  std::optional<std::string> title;
  if (p.title) title = checked_title(*p.title);
  if (p.description) check_length(*p.description, kMaxDescription, "description");
  if (p.labels) check_labels(*p.labels);
  if (p.assigned_flow_id && *p.assigned_flow_id)
    check_length(**p.assigned_flow_id, kMaxShort, "assignedFlowId");

  Ticket out;
  db_.write([&](Tx& tx) {
    const Ticket cur = require_ticket(tx, id);
    if (p.expected_updated_at && *p.expected_updated_at != cur.updated_at)
      throw StoreError::conflict("Ticket " + id + " was changed since you read it (updatedAt is now " +
                                     cur.updated_at + ", you sent " + p.expected_updated_at->substr(0, 40) +
                                     ").",
                                 NextStep::RereadTicket);
    if (p.epic_id && *p.epic_id && *p.epic_id != cur.epic_id) require_epic(tx, **p.epic_id);
    if (p.parent_id && *p.parent_id && *p.parent_id != cur.parent_id)
      check_optional_ref(tx, std::nullopt, *p.parent_id, id);

    json changes = json::object();
    auto set_text = [&](const char* column, const char* field, const std::string& from,
                        const std::string& to) {
      if (from == to) return;
      changes[field] = {{"from", clip(from)}, {"to", clip(to)}};
      auto& st = tx.stmt(std::string("UPDATE tickets SET ") + column + " = ? WHERE id = ?");
      st.bind(1, to);
      st.bind(2, id);
      st.exec();
    };
    auto set_opt = [&](const char* column, const char* field, const std::optional<std::string>& from,
                       const std::optional<std::string>& to) {
      if (from == to) return;
      changes[field] = {{"from", opt(from)}, {"to", opt(to)}};
      auto& st = tx.stmt(std::string("UPDATE tickets SET ") + column + " = ? WHERE id = ?");
      bind_opt(st, 1, to);
      st.bind(2, id);
      st.exec();
    };
    if (title) set_text("title", "title", cur.title, *title);
    if (p.description) set_text("description", "description", cur.description, *p.description);
    if (p.type) set_text("type", "type", std::string(to_string(cur.type)), std::string(to_string(*p.type)));
    if (p.priority)
      set_text("priority", "priority", std::string(to_string(cur.priority)),
               std::string(to_string(*p.priority)));
    if (p.labels && *p.labels != cur.labels) {
      changes["labels"] = {{"from", cur.labels}, {"to", *p.labels}};
      auto& st = tx.stmt("UPDATE tickets SET labels = ? WHERE id = ?");
      st.bind(1, labels_to_json(*p.labels));
      st.bind(2, id);
      st.exec();
    }
    if (p.epic_id) set_opt("epic_id", "epicId", cur.epic_id, *p.epic_id);
    if (p.parent_id) set_opt("parent_id", "parentId", cur.parent_id, *p.parent_id);
    if (p.assigned_flow_id)
      set_opt("assigned_flow_id", "assignedFlowId", cur.assigned_flow_id, *p.assigned_flow_id);
    if (!changes.empty()) {
      touch_ticket(tx, id);
      append_event(tx, "ticket", id, "updated", changes, actor);
    }
    out = full(tx, id);
  });
  return out;
}

Ticket TicketRepository::change_status(const std::string& id, TicketStatus to, const Actor& actor,
                                       const std::optional<std::string>& comment) {
  validate_actor(actor);
  if (comment) check_length(*comment, kMaxComment, "comment");
  Ticket out;
  db_.write([&](Tx& tx) {
    const Ticket cur = require_ticket(tx, id);
    if (cur.status == TicketStatus::InProgress && to == TicketStatus::InProgress) {
      auto& st = tx.stmt(
          "SELECT actor_type, actor_id, ts FROM events WHERE entity_type = 'ticket' AND entity_id = ? "
          "AND action IN ('status_changed', 'created') ORDER BY id DESC LIMIT 1");
      st.bind(1, id);
      std::string who = "someone else";
      if (st.step()) who = st.column(0).str() + " '" + st.column(1).str() + "' at " + st.column(2).str();
      throw StoreError::conflict("Ticket " + id + " is already in_progress: moved there by " + who + ".",
                                 NextStep::PickAnotherTicket);
    }
    if (!is_allowed_transition(cur.status, to)) {
      std::string allowed;
      for (auto s : allowed_transitions(cur.status)) {
        if (!allowed.empty()) allowed += ", ";
        allowed += to_string(s);
      }
      throw StoreError::invalid_transition("Invalid status transition from " +
                                           std::string(to_string(cur.status)) + " to " +
                                           std::string(to_string(to)) + ". Allowed: " + allowed);
    }
    auto& st = tx.stmt("UPDATE tickets SET status = ?, completed_at = ?, updated_at = ? WHERE id = ?");
    st.bind(1, std::string(to_string(to)));
    bind_opt(st, 2, to == TicketStatus::Done ? std::optional(tx.now()) : std::nullopt);
    st.bind(3, tx.now());
    st.bind(4, id);
    st.exec();
    json details = {{"from", to_string(cur.status)}, {"to", to_string(to)}};
    if (comment) details["comment"] = *comment;
    append_event(tx, "ticket", id, "status_changed", details, actor);
    out = full(tx, id);
  });
  return out;
}

void TicketRepository::remove(const std::string& id, const Actor& actor) {
  validate_actor(actor);
  db_.write([&](Tx& tx) {
    const Ticket cur = require_ticket(tx, id);
    for (const char* sql :
         {"DELETE FROM blockers WHERE blocker_id = ?", "DELETE FROM relations WHERE related_id = ?",
          "DELETE FROM session_links WHERE entity_type = 'ticket' AND entity_id = ?",
          "DELETE FROM tickets WHERE id = ?"}) {
      auto& st = tx.stmt(sql);
      st.bind(1, id);
      st.exec();
    }
    append_event(tx, "ticket", id, "deleted", {{"title", cur.title}}, actor, false);
  });
}

}  // namespace sciorex::storage
