// TicketRepository: comments, progress reports, blockers, relations, resources, sessions.
#include <nlohmann/json.hpp>
#include <regex>
#include <unordered_map>
#include <unordered_set>

#include "events.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "ticket_rows.hpp"
#include "ticket_validation.hpp"

namespace sciorex::storage {
using nlohmann::json;
using namespace detail;

Comment TicketRepository::add_comment(const std::string& ticket_id, const std::string& text,
                                      const Actor& actor) {
  validate_actor(actor);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw StoreError::invalid_argument("The comment must not be empty.");
  check_length(text, kMaxComment, "comment");
  Comment out{text, actor, ""};
  db_.write([&](Tx& tx) {
    require_ticket(tx, ticket_id);
    out.created_at = tx.now();
    auto& st = tx.stmt(
        "INSERT INTO comments(ticket_id, text, actor_type, actor_id, created_at, actor_client, "
        "actor_on_behalf_of) VALUES (?,?,?,?,?,?,?)");
    st.bind(1, ticket_id);
    st.bind(2, text);
    st.bind(3, std::string(to_string(actor.type)));
    st.bind(4, actor.id);
    st.bind(5, tx.now());
    bind_opt(st, 6, actor.client);
    bind_opt(st, 7, actor.on_behalf_of);
    st.exec();
    touch_ticket(tx, ticket_id);
    append_event(tx, "ticket", ticket_id, "comment_added", {{"comment", text.substr(0, 500)}}, actor);
  });
  return out;
}

HistoryEntry TicketRepository::report_progress(const std::string& ticket_id, const std::string& message,
                                               std::optional<int> percentage, const Actor& actor) {
  validate_actor(actor);
  if (message.find_first_not_of(" \t\r\n") == std::string::npos)
    throw StoreError::invalid_argument("The progress message must not be empty.");
  check_length(message, kMaxMessage, "message");
  if (percentage && (*percentage < 0 || *percentage > 100))
    throw StoreError::invalid_argument("Invalid percentage " + std::to_string(*percentage) +
                                       ": use 0 to 100.");
  json details = {{"message", message}};
  if (percentage) details["percentage"] = *percentage;
  HistoryEntry out{"", "progress_reported", details.dump(), actor};
  db_.write([&](Tx& tx) {
    require_ticket(tx, ticket_id);
    out.timestamp = tx.now();
    touch_ticket(tx, ticket_id);
    append_event(tx, "ticket", ticket_id, "progress_reported", details, actor);
  });
  return out;
}

void detail::check_blocker_cycle(Tx& tx, const std::string& ticket_id, const std::string& blocker_id) {
  // A cycle: blocker_id is (transitively) blocked by ticket_id already.
  auto& st = tx.stmt(
      "WITH RECURSIVE chain(id) AS (SELECT ?1 UNION SELECT b.blocker_id FROM blockers b JOIN chain "
      "ON b.ticket_id = chain.id) SELECT 1 FROM chain WHERE id = ?2 LIMIT 1");
  st.bind(1, blocker_id);
  st.bind(2, ticket_id);
  if (st.step())
    throw StoreError::invalid_argument("Refused: " + blocker_id + " already depends on " + ticket_id +
                                       " (directly or through other blockers); adding this blocker would "
                                       "make a cycle.");
}

std::vector<std::pair<std::size_t, std::string>> detail::blocker_cycles(
    Tx& tx, const std::vector<std::pair<std::string, std::string>>& edges) {
  // The blockers reachable from the edges' tickets: a cycle through an edge lies within them.
  std::unordered_map<std::string, std::vector<std::string>> blockers, blocks;
  std::vector<std::string> todo;
  todo.reserve(edges.size());
  for (const auto& e : edges) todo.push_back(e.first);
  while (!todo.empty()) {
    const std::string id = std::move(todo.back());
    todo.pop_back();
    if (blockers.count(id)) continue;
    auto& mine = blockers[id];
    auto& st = tx.stmt("SELECT blocker_id FROM blockers WHERE ticket_id = ?");
    st.bind(1, id);
    while (st.step()) mine.push_back(st.column(0).str());
    for (const auto& b : mine) {
      blocks[b].push_back(id);
      if (!blockers.count(b)) todo.push_back(b);
    }
  }
  // Peel off what has no blocker left or blocks nothing left: what remains lies on or between
  // cycles, and only its edges need the exact check.
  std::unordered_map<std::string, std::size_t> out_left, in_left;
  std::vector<std::string> peel;
  for (const auto& [id, mine] : blockers) {
    out_left[id] = mine.size();
    in_left[id] = blocks[id].size();
    if (mine.empty() || blocks[id].empty()) peel.push_back(id);
  }
  std::unordered_set<std::string> gone;
  while (!peel.empty()) {
    const std::string id = std::move(peel.back());
    peel.pop_back();
    if (!gone.insert(id).second) continue;
    for (const auto& t : blocks[id])
      if (!gone.count(t) && --out_left[t] == 0) peel.push_back(t);
    for (const auto& b : blockers[id])
      if (!gone.count(b) && --in_left[b] == 0) peel.push_back(b);
  }
  std::vector<std::pair<std::size_t, std::string>> out;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (gone.count(edges[i].first) || gone.count(edges[i].second)) continue;
    try {
      check_blocker_cycle(tx, edges[i].first, edges[i].second);
    } catch (const StoreError& e) {
      out.emplace_back(i, e.what());
    }
  }
  return out;
}

bool TicketRepository::add_blocker(const std::string& ticket_id, const std::string& blocker_id,
                                   const std::optional<std::string>& reason, const Actor& actor) {
  validate_actor(actor);
  if (reason) check_length(*reason, kMaxMessage, "reason");
  if (ticket_id == blocker_id)
    throw StoreError::invalid_argument("A ticket cannot block itself (" + ticket_id + ").");
  bool added = false;
  db_.write([&](Tx& tx) {
    added = false;
    require_ticket(tx, ticket_id);
    require_ticket(tx, blocker_id);
    {
      auto& st = tx.stmt("SELECT 1 FROM blockers WHERE ticket_id = ? AND blocker_id = ?");
      st.bind(1, ticket_id);
      st.bind(2, blocker_id);
      if (st.step()) return;  // already blocked by it: idempotent
    }
    check_blocker_cycle(tx, ticket_id, blocker_id);
    auto& st = tx.stmt("INSERT INTO blockers(ticket_id, blocker_id, reason) VALUES (?,?,?)");
    st.bind(1, ticket_id);
    st.bind(2, blocker_id);
    bind_opt(st, 3, reason);
    st.exec();
    touch_ticket(tx, ticket_id);
    json details = {{"blockerTicketId", blocker_id}};
    if (reason) details["reason"] = *reason;
    append_event(tx, "ticket", ticket_id, "blocker_added", details, actor);
    added = true;
  });
  return added;
}

void TicketRepository::remove_blocker(const std::string& ticket_id, const std::string& blocker_id,
                                      const Actor& actor) {
  validate_actor(actor);
  db_.write([&](Tx& tx) {
    require_ticket(tx, ticket_id);
    auto& st = tx.stmt("DELETE FROM blockers WHERE ticket_id = ? AND blocker_id = ?");
    st.bind(1, ticket_id);
    st.bind(2, blocker_id);
    if (st.exec() == 0)
      throw StoreError::not_found(blocker_id.substr(0, 80) + " does not block " + ticket_id + ".",
                                  NextStep::ShowBlockers);
    touch_ticket(tx, ticket_id);
    append_event(tx, "ticket", ticket_id, "blocker_removed", {{"blockerTicketId", blocker_id}}, actor);
  });
}

bool TicketRepository::add_relation(const std::string& ticket_id, const std::string& other_id,
                                    const Actor& actor) {
  validate_actor(actor);
  if (ticket_id == other_id) throw StoreError::invalid_argument("A ticket cannot relate to itself.");
  bool added = false;
  db_.write([&](Tx& tx) {
    added = false;
    require_ticket(tx, ticket_id);
    require_ticket(tx, other_id);
    for (const auto& [a, b] : {std::pair{ticket_id, other_id}, std::pair{other_id, ticket_id}}) {
      auto& st = tx.stmt("INSERT INTO relations(ticket_id, related_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
      st.bind(1, a);
      st.bind(2, b);
      if (st.exec() == 0) continue;
      added = true;
      touch_ticket(tx, a);
      append_event(tx, "ticket", a, "relation_added", {{"relatedTicketId", b}}, actor);
    }
  });
  return added;
}

Resource TicketRepository::link_resource(const std::string& ticket_id, const NewResource& in,
                                         const Actor& actor) {
  validate_actor(actor);
  const bool has_url = in.url && !in.url->empty();
  const bool has_path = in.path && !in.path->empty();
  if (has_url == has_path) throw StoreError::invalid_argument("Give exactly one of url or path.");
  const std::string target = has_url ? *in.url : *in.path;
  check_length(target, kMaxUrl, has_url ? "url" : "path");
  const std::string kind = in.kind.value_or(has_url ? "url" : "file");
  static const std::regex kind_re("^[a-z][a-z0-9_-]{0,31}$");
  if (!std::regex_match(kind, kind_re))
    throw StoreError::invalid_argument(
        "Invalid kind '" + kind.substr(0, 40) +
        "': use a short lowercase word such as pr, file, doc, url, issue, commit.");
  std::string title = in.title.find_first_not_of(" \t\r\n") == std::string::npos ? target : in.title;
  check_length(title, kMaxTitle, "title");
  Resource out{has_url ? in.url : std::nullopt, has_path ? in.path : std::nullopt, title, kind, ""};
  db_.write([&](Tx& tx) {
    require_ticket(tx, ticket_id);
    out.created_at = tx.now();
    auto& find = tx.stmt(has_url ? "SELECT id, created_at FROM resources WHERE ticket_id = ? AND url = ?"
                                 : "SELECT id, created_at FROM resources WHERE ticket_id = ? AND path = ?");
    find.bind(1, ticket_id);
    find.bind(2, target);
    if (find.step()) {
      const auto id = find.column(0).int64();
      out.created_at = find.column(1).str();
      auto& up = tx.stmt("UPDATE resources SET title = ?, kind = ? WHERE id = ?");
      up.bind(1, title);
      up.bind(2, kind);
      up.bind(3, static_cast<int64_t>(id));
      up.exec();
    } else {
      auto& st = tx.stmt(
          "INSERT INTO resources(ticket_id, url, path, title, kind, created_at) VALUES (?,?,?,?,?,?)");
      st.bind(1, ticket_id);
      bind_opt(st, 2, out.url);
      bind_opt(st, 3, out.path);
      st.bind(4, title);
      st.bind(5, kind);
      st.bind(6, tx.now());
      st.exec();
    }
    touch_ticket(tx, ticket_id);
    append_event(tx, "ticket", ticket_id, "resource_linked",
                 {{has_url ? "url" : "path", target}, {"title", title}, {"kind", kind}}, actor);
  });
  return out;
}

std::vector<SessionLink> TicketRepository::link_session(const NewSessionLink& in, const Actor& actor) {
  validate_actor(actor);
  if (in.session_id.empty()) throw StoreError::invalid_argument("The sessionId must not be empty.");
  check_length(in.session_id, kMaxShort, "sessionId");
  if (in.ticket_id.has_value() == in.epic_id.has_value())
    throw StoreError::invalid_argument("Link the session to exactly one of ticketId or epicId.");
  if (in.title) check_length(*in.title, kMaxTitle, "title");
  if (in.notes) check_length(*in.notes, kMaxComment, "notes");
  std::vector<SessionLink> out;
  db_.write([&](Tx& tx) {
    out.clear();
    std::vector<std::pair<std::string, std::string>> targets;  // (entity type, id)
    if (in.ticket_id) {
      const Ticket t = require_ticket(tx, *in.ticket_id);
      targets.emplace_back("ticket", t.id);
      if (t.epic_id && load_epic_row(tx, *t.epic_id)) targets.emplace_back("epic", *t.epic_id);
      auto& st = tx.stmt("UPDATE tickets SET last_session_id = ?, updated_at = ? WHERE id = ?");
      st.bind(1, in.session_id);
      st.bind(2, tx.now());
      st.bind(3, t.id);
      st.exec();
    } else {
      targets.emplace_back("epic", require_epic(tx, *in.epic_id).id);
    }
    for (const auto& [type, id] : targets) {
      SessionLink link;
      link.session_id = in.session_id;
      link.title = in.title;
      link.notes = in.notes;
      link.archived = in.archived;
      link.created_at = tx.now();
      save_session(tx, type, id, link);
      if (type == "epic") touch_epic(tx, id);
      json details = {{"sessionId", in.session_id}, {"archived", in.archived}};
      if (in.title) details["title"] = *in.title;
      append_event(tx, type, id, "session_linked", details, actor);
      auto links = load_sessions(tx, type, id);
      for (auto& l : links)
        if (l.session_id == in.session_id) out.push_back(std::move(l));
    }
  });
  return out;
}

}  // namespace sciorex::storage
