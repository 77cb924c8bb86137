// Row mapping and existence checks shared by the repositories: tickets, epics and their children
// read from their rows, "not found" for a missing id, updated_at touched.
#include "ticket_rows.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "events.hpp"
#include "json_rows.hpp"
#include "sciorex/storage/errors.hpp"

namespace sciorex::storage::detail {

const char* const kTicketColumns =
    "t.id, t.title, t.description, t.type, t.priority, t.status, t.labels, t.epic_id, t.parent_id, "
    "t.assigned_flow_id, t.last_session_id, t.created_at, t.updated_at, t.completed_at";
constexpr int kTicketColumnCount = 14;  // the columns of kTicketColumns

Ticket read_ticket_row(Stmt& st) {
  Ticket t;
  t.id = st.column(0).str();
  t.title = st.column(1).str();
  t.description = st.column(2).str();
  t.type = parse_ticket_type(st.column(3).str()).value_or(TicketType::Task);
  t.priority = parse_priority(st.column(4).str()).value_or(Priority::Medium);
  t.status = parse_ticket_status(st.column(5).str()).value_or(TicketStatus::Backlog);
  t.labels = labels_from_json(st.column(6).str());
  t.epic_id = column_opt(st, 7);
  t.parent_id = column_opt(st, 8);
  t.assigned_flow_id = column_opt(st, 9);
  t.last_session_id = column_opt(st, 10);
  t.created_at = st.column(11).str();
  t.updated_at = st.column(12).str();
  t.completed_at = column_opt(st, 13);
  return t;
}

std::vector<Ticket> read_ticket_rows(Stmt& st) {
  std::vector<Ticket> out;
  while (st.step()) out.push_back(read_ticket_row(st));
  return out;
}

std::optional<Ticket> load_ticket_row(Tx& tx, const std::string& id) {
  auto& st = tx.stmt(std::string("SELECT ") + kTicketColumns + " FROM tickets t WHERE t.id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_ticket_row(st);
}

Ticket require_ticket(Tx& tx, const std::string& id) {
  auto t = load_ticket_row(tx, id);
  if (!t) throw ticket_not_found(id);
  return std::move(*t);
}

bool ticket_exists(Tx& tx, const std::string& id) {
  auto& st = tx.stmt("SELECT 1 FROM tickets WHERE id = ?");
  st.bind(1, id);
  return st.step();
}

namespace {
// The child lists come in the order of the index that finds them and are put in their own order
// here: an ORDER BY that no index serves costs SQLite a sorter per statement, several times the
// cost of sorting the handful of rows a ticket has.
template <class T>
std::vector<T> in_key_order(std::vector<std::pair<std::int64_t, T>> rows) {
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<T> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(std::move(r.second));
  return out;
}

// The column that keeps a blocker's or a relation's insertion order: SQLite's rowid, the `pos`
// identity column PostgreSQL's tables have for it.
const char* insertion_order(const Tx& tx) { return tx.dialect() == Dialect::Postgres ? "pos" : "rowid"; }

}  // namespace

// Each child list from rows in the columns its statement below selects.
std::vector<Subtask> read_subtasks(Stmt& st) {
  std::vector<std::pair<std::int64_t, Subtask>> rows;
  while (st.step()) {
    Subtask s;
    s.id = st.column(0).str();
    s.title = st.column(1).str();
    s.status = parse_subtask_status(st.column(2).str()).value_or(SubtaskStatus::Pending);
    s.completed = s.status == SubtaskStatus::Done;
    s.completed_at = column_opt(st, 3);
    s.note = column_opt(st, 4);
    rows.emplace_back(st.column(5).int64(), std::move(s));
  }
  return in_key_order(std::move(rows));
}

namespace {
std::vector<Blocker> read_blockers(Stmt& st) {
  std::vector<std::pair<std::int64_t, Blocker>> rows;
  while (st.step()) {
    Blocker b;
    b.ticket_id = st.column(0).str();
    b.reason = column_opt(st, 1);
    if (auto s = column_opt(st, 2)) b.status = parse_ticket_status(*s);
    rows.emplace_back(st.column(3).int64(), std::move(b));
  }
  return in_key_order(std::move(rows));
}

std::vector<std::string> read_blocks(Stmt& st) {
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.column(0).str());
  std::sort(out.begin(), out.end());  // byte order, as SQLite's BINARY collation
  return out;
}

std::vector<std::string> read_relations(Stmt& st) {
  std::vector<std::pair<std::int64_t, std::string>> rows;
  while (st.step()) rows.emplace_back(st.column(1).int64(), st.column(0).str());
  return in_key_order(std::move(rows));
}

std::vector<Comment> read_comments(Stmt& st) {
  std::vector<Comment> out;
  while (st.step()) {
    Comment c;
    c.text = st.column(0).str();
    c.author.type = parse_actor_type(st.column(1).str()).value_or(ActorType::System);
    c.author.id = st.column(2).str();
    c.created_at = st.column(3).str();
    c.author.client = column_opt(st, 4);
    c.author.on_behalf_of = column_opt(st, 5);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Resource> read_resources(Stmt& st) {
  std::vector<Resource> out;
  while (st.step()) {
    Resource r;
    r.url = column_opt(st, 0);
    r.path = column_opt(st, 1);
    r.title = st.column(2).str();
    r.kind = st.column(3).str();
    r.created_at = st.column(4).str();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<SessionLink> read_sessions(Stmt& st, std::string_view entity_type, const std::string& id) {
  std::vector<std::pair<std::int64_t, SessionLink>> rows;
  while (st.step()) {
    SessionLink s;
    s.session_id = st.column(0).str();
    s.entity_type = std::string(entity_type);
    s.entity_id = id;
    s.title = column_opt(st, 1);
    s.notes = column_opt(st, 2);
    s.archived = st.column(3).int32() != 0;
    s.created_at = st.column(4).str();
    s.host = column_opt(st, 6);
    rows.emplace_back(st.column(5).int64(), std::move(s));
  }
  return in_key_order(std::move(rows));
}

// The columns each reader above reads; SQLite's statements and PostgreSQL's json_build_array
// select the same (kSubtaskColumns is in ticket_rows.hpp, kHistoryColumns in events.hpp).
const char* const kCommentColumns =
    "text, actor_type, actor_id, created_at, actor_client, actor_on_behalf_of";
const char* const kResourceColumns = "url, path, title, kind, created_at";
const char* const kSessionColumns = "session_id, title, notes, archived, created_at, id, host";

// PostgreSQL: every child list of the ticket `t` of the statement it is in, in one JSON array of
// rows [list, columns...] (list: 0 subtasks, 1 blockers, 2 blocks, 3 relations, 4 comments,
// 5 resources, 6 sessions, 7 history; the columns of SQLite's statements below), in list order,
// then in id order where a list is read so. A ticket's detail costs one round trip, not nine; and
// one aggregate over a UNION ALL, not one per list, because PostgreSQL sets up every node of a
// plan each time it runs it: eight aggregates cost more to set up than the few rows they read.
const std::string kPgChildLists =
    std::string("(SELECT json_agg(c.r ORDER BY c.list, c.ord) FROM (") +
    "SELECT 0 AS list, 0::bigint AS ord, json_build_array(0, " + kSubtaskColumns +
    ") AS r FROM subtasks WHERE ticket_id = t.id UNION ALL "
    "SELECT 1, 0, json_build_array(1, b.blocker_id, b.reason, o.status, b.pos) "
    "FROM blockers b LEFT JOIN tickets o ON o.id = b.blocker_id WHERE b.ticket_id = t.id UNION ALL "
    "SELECT 2, 0, json_build_array(2, ticket_id) FROM blockers WHERE blocker_id = t.id UNION ALL "
    "SELECT 3, 0, json_build_array(3, related_id, pos) FROM relations WHERE ticket_id = t.id UNION ALL "
    "SELECT 4, id, json_build_array(4, " +
    kCommentColumns +
    ") FROM comments WHERE ticket_id = t.id UNION ALL "
    "SELECT 5, id, json_build_array(5, " +
    kResourceColumns +
    ") FROM resources WHERE ticket_id = t.id UNION ALL "
    "SELECT 6, 0, json_build_array(6, " +
    kSessionColumns +
    ") FROM session_links WHERE entity_type = 'ticket' AND entity_id = t.id UNION ALL "
    "SELECT 7, id, json_build_array(7, " +
    kHistoryColumns +
    ") FROM events WHERE entity_type = 'ticket' AND entity_id = t.id AND in_history = 1) c)";

// The lists of kPgChildLists, from the column `column` of the current row.
void read_pg_child_lists(Stmt& st, int column, Ticket& t) {
  auto lists = JsonRows::by_list(column_opt(st, column).value_or(""), 8);  // NULL: no rows at all
  t.detail = true;
  t.subtasks = read_subtasks(lists[0]);
  t.blocked_by = read_blockers(lists[1]);
  t.blocks = read_blocks(lists[2]);
  t.relates_to = read_relations(lists[3]);
  t.comments = read_comments(lists[4]);
  t.resources = read_resources(lists[5]);
  t.sessions = read_sessions(lists[6], "ticket", t.id);
  t.history = read_history(lists[7]);
}
}  // namespace

void load_ticket_children(Tx& tx, Ticket& t) {
  t.detail = true;
  if (tx.dialect() == Dialect::Postgres) {
    auto& st = tx.stmt("SELECT " + kPgChildLists + " FROM tickets t WHERE t.id = ?");
    st.bind(1, t.id);
    if (!st.step()) throw ticket_not_found(t.id);
    read_pg_child_lists(st, 0, t);
    return;
  }
  {
    auto& st = tx.stmt(std::string("SELECT ") + kSubtaskColumns + " FROM subtasks WHERE ticket_id = ?");
    st.bind(1, t.id);
    t.subtasks = read_subtasks(st);
  }
  {
    auto& st = tx.stmt(std::string("SELECT b.blocker_id, b.reason, o.status, b.") + insertion_order(tx) +
                       " FROM blockers b LEFT JOIN tickets o ON o.id = b.blocker_id WHERE b.ticket_id = ?");
    st.bind(1, t.id);
    t.blocked_by = read_blockers(st);
  }
  {
    auto& st = tx.stmt("SELECT ticket_id FROM blockers WHERE blocker_id = ?");
    st.bind(1, t.id);
    t.blocks = read_blocks(st);
  }
  {
    auto& st = tx.stmt(std::string("SELECT related_id, ") + insertion_order(tx) +
                       " FROM relations WHERE ticket_id = ?");
    st.bind(1, t.id);
    t.relates_to = read_relations(st);
  }
  {
    auto& st =
        tx.stmt(std::string("SELECT ") + kCommentColumns + " FROM comments WHERE ticket_id = ? ORDER BY id");
    st.bind(1, t.id);
    t.comments = read_comments(st);
  }
  {
    auto& st = tx.stmt(std::string("SELECT ") + kResourceColumns +
                       " FROM resources WHERE ticket_id = ? ORDER BY id");
    st.bind(1, t.id);
    t.resources = read_resources(st);
  }
  t.sessions = load_sessions(tx, "ticket", t.id);
  t.history = load_history(tx, "ticket", t.id);
}

std::optional<Ticket> load_ticket_detail(Tx& tx, const std::string& id) {
  if (tx.dialect() != Dialect::Postgres) {
    auto t = load_ticket_row(tx, id);
    if (t) load_ticket_children(tx, *t);
    return t;
  }
  auto& st = tx.stmt(std::string("SELECT ") + kTicketColumns + ", " + kPgChildLists +
                     " FROM tickets t WHERE t.id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  Ticket t = read_ticket_row(st);
  read_pg_child_lists(st, kTicketColumnCount, t);
  return t;
}

std::vector<SessionLink> load_sessions(Tx& tx, std::string_view entity_type, const std::string& id) {
  auto& st = tx.stmt(std::string("SELECT ") + kSessionColumns +
                     " FROM session_links WHERE entity_type = ? AND entity_id = ?");
  st.bind(1, std::string(entity_type));
  st.bind(2, id);
  return read_sessions(st, entity_type, id);
}

void save_session(Tx& tx, std::string_view entity_type, const std::string& id, const SessionLink& l) {
  auto& st = tx.stmt(
      "INSERT INTO session_links(session_id, entity_type, entity_id, title, notes, archived, created_at, "
      "host) "
      "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(entity_type, entity_id, session_id) DO UPDATE SET "
      "title = COALESCE(excluded.title, session_links.title), notes = COALESCE(excluded.notes, "
      "session_links.notes), archived = excluded.archived, host = COALESCE(excluded.host, "
      "session_links.host)");
  st.bind(1, l.session_id);
  st.bind(2, std::string(entity_type));
  st.bind(3, id);
  bind_opt(st, 4, l.title);
  bind_opt(st, 5, l.notes);
  st.bind(6, l.archived ? 1 : 0);
  st.bind(7, l.created_at);
  bind_opt(st, 8, l.host);
  st.exec();
}

std::optional<Epic> load_epic_row(Tx& tx, const std::string& id) {
  auto& st = tx.stmt(
      "SELECT id, title, description, status, created_at, updated_at, completed_at FROM epics WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  Epic e;
  e.id = st.column(0).str();
  e.title = st.column(1).str();
  e.description = st.column(2).str();
  e.status = parse_epic_status(st.column(3).str()).value_or(EpicStatus::Open);
  e.created_at = st.column(4).str();
  e.updated_at = st.column(5).str();
  e.completed_at = column_opt(st, 6);
  return e;
}

Epic require_epic(Tx& tx, const std::string& id) {
  auto e = load_epic_row(tx, id);
  if (!e) throw epic_not_found(id);
  return std::move(*e);
}

void link_host_session(Tx& tx, const std::string& id, const Actor& actor) {
  const HostSession& s = *actor.session;
  auto& linked = tx.stmt(
      "SELECT 1 FROM session_links WHERE entity_type = 'ticket' AND entity_id = ? AND session_id = ?");
  linked.bind(1, id);
  linked.bind(2, s.id);
  const bool is_new = !linked.step();
  auto& last =
      tx.stmt("UPDATE tickets SET last_session_id = ? WHERE id = ? AND last_session_id IS DISTINCT FROM ?");
  last.bind(1, s.id);
  last.bind(2, id);
  last.bind(3, s.id);
  last.exec();
  if (!is_new) return;
  SessionLink link;
  link.session_id = s.id;
  link.host = s.host;
  link.created_at = tx.now();
  save_session(tx, "ticket", id, link);
  Actor plain = actor;
  plain.session.reset();
  append_event(tx, "ticket", id, "session_linked",
               {{"sessionId", s.id}, {"host", s.host}, {"archived", false}, {"automatic", true}}, plain);
}

void touch_ticket(Tx& tx, const std::string& id) {
  auto& st = tx.stmt("UPDATE tickets SET updated_at = ? WHERE id = ?");
  st.bind(1, tx.now());
  st.bind(2, id);
  st.exec();
}

void touch_epic(Tx& tx, const std::string& id) {
  auto& st = tx.stmt("UPDATE epics SET updated_at = ? WHERE id = ?");
  st.bind(1, tx.now());
  st.bind(2, id);
  st.exec();
}

std::string labels_to_json(const std::vector<std::string>& labels) { return nlohmann::json(labels).dump(); }

std::vector<std::string> labels_from_json(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

StoreError ticket_not_found(const std::string& id) {
  return StoreError::not_found("Ticket " + id.substr(0, 80) + " not found.", NextStep::FindTicketIds);
}

StoreError epic_not_found(const std::string& id) {
  return StoreError::not_found("Epic " + id.substr(0, 80) + " not found.", NextStep::FindEpicIds);
}

}  // namespace sciorex::storage::detail
