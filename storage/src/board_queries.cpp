// BoardQueries: the board's columns (see board_queries.hpp). Every query is on tickets_ready
// (status, prio, ...) for the status and order, the subtasks primary key and the blockers' unique
// (ticket_id, blocker_id) index for each card's counts, and the trigram index for a search.
#include "sciorex/storage/board_queries.hpp"

#include <string>

#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/text/utf8.hpp"
#include "ticket_rows.hpp"
#include "ticket_validation.hpp"

namespace sciorex::storage {
using namespace detail;

namespace {

// kTicketColumns without the description (a card does not show it), then the card's counts.
const char* const kCardColumns =
    "t.id, t.title, '', t.type, t.priority, t.status, t.labels, t.epic_id, t.parent_id, "
    "t.assigned_flow_id, t.last_session_id, t.created_at, t.updated_at, t.completed_at, "
    "(SELECT count(*) FROM subtasks s WHERE s.ticket_id = t.id AND s.status = 'done'), "
    "(SELECT count(*) FROM subtasks s WHERE s.ticket_id = t.id), "
    "EXISTS(SELECT 1 FROM blockers b JOIN tickets o ON o.id = b.blocker_id "
    "WHERE b.ticket_id = t.id AND o.status NOT IN ('done', 'cancelled'))";
constexpr int kDoneCol = 14, kTotalCol = 15, kBlockedCol = 16;

// The search as TicketRepository::search matches: on SQLite a trigram phrase from three characters,
// LIKE below; on PostgreSQL ILIKE (pg_trgm's index).
struct Search {
  bool trigram = false;  // SQLite's FTS5 phrase applies (three characters or more)
  std::string phrase;    // "quoted", for FTS5
  std::string like;      // %escaped%, for LIKE / ILIKE
  bool use_trigram(const Tx& tx) const { return trigram && tx.dialect() == Dialect::Sqlite; }
};

std::optional<Search> search_of(const BoardFilter& f) {
  if (!f.query) return std::nullopt;
  const auto b = f.query->find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return std::nullopt;  // a blank search filters nothing
  const std::string q = f.query->substr(b, f.query->find_last_not_of(" \t\r\n") - b + 1);
  check_length(q, kMaxQuery, "q");
  Search s;
  s.trigram = utf8::character_count(q) >= 3;
  s.phrase = fts_phrase(q);
  s.like = like_pattern(q);
  return s;
}

std::string where_of(const Tx& tx, const BoardFilter& f, const std::optional<Search>& s) {
  const bool postgres = tx.dialect() == Dialect::Postgres;
  std::string w;
  if (f.type) w += " AND t.type = :type";
  if (f.priority) w += " AND t.priority = :priority";
  if (f.epic_id) w += " AND t.epic_id = :epic";
  if (f.label)
    w += postgres ? " AND jsonb_exists(CAST(t.labels AS jsonb), :label)"
                  : " AND EXISTS(SELECT 1 FROM json_each(t.labels) l WHERE l.value = :label)";
  if (s && s->use_trigram(tx)) w += " AND t.pk IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH :q)";
  if (s && !s->use_trigram(tx)) {
    const std::string like = postgres ? " ILIKE " : " LIKE ";
    w += " AND (t.id" + like + ":q ESCAPE '\\' OR t.title" + like + ":q ESCAPE '\\' OR t.description" + like +
         ":q ESCAPE '\\')";
  }
  return w;
}

void bind_filter(const Tx& tx, Stmt& st, const BoardFilter& f, const std::optional<Search>& s) {
  if (f.type) st.bind(":type", std::string(to_string(*f.type)));
  if (f.priority) st.bind(":priority", std::string(to_string(*f.priority)));
  if (f.epic_id) st.bind(":epic", *f.epic_id);
  if (f.label) st.bind(":label", *f.label);
  if (s) st.bind(":q", s->use_trigram(tx) ? s->phrase : s->like);
}

std::map<TicketStatus, int> read_totals(Tx& tx, const BoardFilter& f, const std::optional<Search>& s) {
  auto& st = tx.stmt("SELECT t.status, count(*) FROM tickets t WHERE TRUE" + where_of(tx, f, s) +
                     " GROUP BY t.status");
  bind_filter(tx, st, f, s);
  std::map<TicketStatus, int> out;
  while (st.step())
    if (auto status = parse_ticket_status(st.column(0).str())) out[*status] = st.column(1).int32();
  return out;
}

std::vector<BoardCard> read_cards(Tx& tx, TicketStatus status, const BoardFilter& f,
                                  const std::optional<Search>& s, int offset, int limit) {
  auto& st =
      tx.stmt(std::string("SELECT ") + kCardColumns + " FROM tickets t WHERE t.status = :status" +
              where_of(tx, f, s) + " ORDER BY t.prio, t.updated_at DESC, t.id LIMIT :limit OFFSET :offset");
  st.bind(":status", std::string(to_string(status)));
  bind_filter(tx, st, f, s);
  st.bind(":limit", limit);
  st.bind(":offset", offset);
  std::vector<BoardCard> cards;
  while (st.step()) {
    BoardCard c;
    c.ticket = read_ticket_row(st);
    c.subtasks_done = st.column(kDoneCol).int32();
    c.subtasks_total = st.column(kTotalCol).int32();
    c.blocked = st.column(kBlockedCol).int32() != 0;
    cards.push_back(std::move(c));
  }
  return cards;
}

void check_offset(int offset) {
  if (offset < 0) throw StoreError::invalid_argument("offset must be 0 or more.");
}

}  // namespace

std::map<TicketStatus, int> BoardQueries::totals(const BoardFilter& filter) {
  const auto s = search_of(filter);
  std::map<TicketStatus, int> out;
  db_.read([&](Tx& tx) { out = read_totals(tx, filter, s); });
  return out;
}

BoardColumn BoardQueries::column(TicketStatus status, const BoardFilter& filter, int offset, int limit) {
  check_limit(limit);
  check_offset(offset);
  const auto s = search_of(filter);
  BoardColumn col;
  col.status = status;
  db_.read([&](Tx& tx) {
    auto totals = read_totals(tx, filter, s);
    col.total = totals.count(status) ? totals[status] : 0;
    col.cards = read_cards(tx, status, filter, s, offset, limit);
  });
  return col;
}

std::vector<BoardColumn> BoardQueries::columns(const std::vector<TicketStatus>& statuses,
                                               const BoardFilter& filter, int limit) {
  check_limit(limit);
  const auto s = search_of(filter);
  std::vector<BoardColumn> out;
  db_.read([&](Tx& tx) {
    out.clear();
    auto totals = read_totals(tx, filter, s);
    for (auto status : statuses) {
      BoardColumn col;
      col.status = status;
      col.total = totals.count(status) ? totals[status] : 0;
      if (col.total > 0) col.cards = read_cards(tx, status, filter, s, 0, limit);
      out.push_back(std::move(col));
    }
  });
  return out;
}

}  // namespace sciorex::storage
