// TicketRepository queries: list (keyset cursor), search (FTS5 trigram), ready, blocked.
#include <string>

#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "sciorex/text/utf8.hpp"
#include "ticket_rows.hpp"
#include "ticket_validation.hpp"

namespace sciorex::storage {
using namespace detail;

namespace {

const char* const kUnfinishedBlockers =
    "SELECT b.ticket_id FROM blockers b JOIN tickets o ON o.id = b.blocker_id "
    "WHERE o.status NOT IN ('done', 'cancelled')";

// Keyset cursors, opaque to callers: "c" + the query kind + hex of "<a>:<b>:<id>", the sort key of
// the last ticket of the page. Kinds: l(ist: seq), s(earch: pk), r(eady) and b(locked: prio, seq).
struct Cursor {
  char kind = 'l';
  long long a = 0;
  long long b = 0;
  std::string id;
};

StoreError bad_cursor() {
  return StoreError::invalid_argument(
      "Invalid cursor: pass the nextCursor of the previous page of the same query unchanged, or omit it to "
      "start "
      "over.");
}

std::string encode_cursor(const Cursor& c) {
  static const char* hex = "0123456789abcdef";
  const std::string raw = std::to_string(c.a) + ":" + std::to_string(c.b) + ":" + c.id;
  std::string out = std::string("c") + c.kind;
  for (unsigned char ch : raw) {
    out += hex[ch >> 4];
    out += hex[ch & 15];
  }
  return out;
}

Cursor decode_cursor(const std::string& text, char kind) {
  if (text.size() < 4 || text.size() > 300 || text[0] != 'c' || text[1] != kind || text.size() % 2)
    throw bad_cursor();
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    throw bad_cursor();
  };
  std::string raw;
  for (std::size_t i = 2; i < text.size(); i += 2)
    raw += static_cast<char>(nib(text[i]) * 16 + nib(text[i + 1]));
  const auto c1 = raw.find(':');
  const auto c2 = c1 == std::string::npos ? c1 : raw.find(':', c1 + 1);
  if (c2 == std::string::npos) throw bad_cursor();
  Cursor c;
  c.kind = kind;
  try {
    c.a = std::stoll(raw.substr(0, c1));
    c.b = std::stoll(raw.substr(c1 + 1, c2 - c1 - 1));
  } catch (const std::exception&) {
    throw bad_cursor();
  }
  c.id = raw.substr(c2 + 1);
  return c;
}

// Selected after kTicketColumns: the sort keys of every query.
const char* const kKeys = ", t.seq, t.prio, t.pk";
constexpr int kSeqCol = 14, kPrioCol = 15, kPkCol = 16;

// Reads up to `limit` rows; when one more follows, sets next_cursor from the last row kept.
TicketPage read_page(Stmt& st, int limit, char kind) {
  TicketPage page;
  Cursor last{kind};
  while (st.step()) {
    if (static_cast<int>(page.tickets.size()) == limit) {
      page.next_cursor = encode_cursor(last);
      break;
    }
    page.tickets.push_back(read_ticket_row(st));
    if (kind == 'l') last = {kind, st.column(kSeqCol).int64(), 0, page.tickets.back().id};
    if (kind == 's') last = {kind, st.column(kPkCol).int64(), 0, page.tickets.back().id};
    if (kind == 'r' || kind == 'b')
      last = {kind, st.column(kPrioCol).int64(), st.column(kSeqCol).int64(), page.tickets.back().id};
  }
  return page;
}

}  // namespace

TicketPage TicketRepository::list(const TicketFilter& f) {
  check_limit(f.limit);
  std::optional<Cursor> after;
  if (f.cursor) after = decode_cursor(*f.cursor, 'l');
  std::string sql = std::string("SELECT ") + kTicketColumns + kKeys + " FROM tickets t WHERE TRUE";
  if (f.status) sql += " AND t.status = :status";
  if (f.type) sql += " AND t.type = :type";
  if (f.priority) sql += " AND t.priority = :priority";
  if (f.epic_id) sql += " AND t.epic_id = :epic";
  if (after) sql += " AND (t.seq, t.id) > (:a, :id)";
  sql += " ORDER BY t.seq, t.id LIMIT :limit";

  TicketPage page;
  db_.read([&](Tx& tx) {
    auto& st = tx.stmt(sql);
    if (f.status) st.bind(":status", std::string(to_string(*f.status)));
    if (f.type) st.bind(":type", std::string(to_string(*f.type)));
    if (f.priority) st.bind(":priority", std::string(to_string(*f.priority)));
    if (f.epic_id) st.bind(":epic", *f.epic_id);
    if (after) {
      st.bind(":a", static_cast<int64_t>(after->a));
      st.bind(":id", after->id);
    }
    st.bind(":limit", f.limit + 1);
    page = read_page(st, f.limit, 'l');
  });
  return page;
}

TicketPage TicketRepository::search(const std::string& query, int limit,
                                    const std::optional<std::string>& cursor) {
  check_limit(limit);
  const auto b = query.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) throw StoreError::invalid_argument("The search query must not be empty.");
  const std::string q = query.substr(b, query.find_last_not_of(" \t\r\n") - b + 1);
  check_length(q, kMaxQuery, "query");
  const long long after = cursor ? decode_cursor(*cursor, 's').a : 0;

  TicketPage page;
  db_.read([&](Tx& tx) {
    const bool postgres = tx.dialect() == Dialect::Postgres;
    if (!postgres && utf8::character_count(q) >= 3) {
      // Trigram index: a quoted phrase matches the substring anywhere, case-insensitively.
      auto& st = tx.stmt(std::string("SELECT ") + kTicketColumns + kKeys +
                         " FROM tickets_fts f JOIN tickets t ON t.pk = f.rowid WHERE tickets_fts MATCH ? "
                         "AND f.rowid > ? ORDER BY f.rowid LIMIT ?");
      st.bind(1, fts_phrase(q));
      st.bind(2, static_cast<int64_t>(after));
      st.bind(3, limit + 1);
      page = read_page(st, limit, 's');
    } else {
      // SQLite, one or two characters: too short for trigrams; scan in creation order until
      // `limit`. PostgreSQL: ILIKE, which pg_trgm's GIN index serves from three characters on.
      const std::string like = postgres ? " ILIKE " : " LIKE ";
      auto& st =
          tx.stmt(std::string("SELECT ") + kTicketColumns + kKeys +
                  " FROM tickets t WHERE t.pk > ?2 AND (t.id" + like + "?1 ESCAPE '\\' OR t.title" + like +
                  "?1 ESCAPE '\\' OR t.description" + like + "?1 ESCAPE '\\') ORDER BY t.pk LIMIT ?3");
      st.bind(1, like_pattern(q));
      st.bind(2, static_cast<int64_t>(after));
      st.bind(3, limit + 1);
      page = read_page(st, limit, 's');
    }
  });
  return page;
}

TicketPage TicketRepository::ready(const ReadyFilter& f) {
  check_limit(f.limit);
  std::optional<Cursor> after;
  if (f.cursor) after = decode_cursor(*f.cursor, 'r');
  std::string sql =
      std::string("SELECT ") + kTicketColumns + kKeys + " FROM tickets t WHERE t.status = 'planned'";
  if (f.priority) sql += " AND t.priority = :priority";
  if (f.type) sql += " AND t.type = :type";
  if (after) sql += " AND (t.prio, t.seq, t.id) > (:a, :b, :id)";
  sql +=
      std::string(" AND t.id NOT IN (") + kUnfinishedBlockers + ") ORDER BY t.prio, t.seq, t.id LIMIT :limit";
  TicketPage page;
  db_.read([&](Tx& tx) {
    auto& st = tx.stmt(sql);
    if (f.priority) st.bind(":priority", std::string(to_string(*f.priority)));
    if (f.type) st.bind(":type", std::string(to_string(*f.type)));
    if (after) {
      st.bind(":a", static_cast<int64_t>(after->a));
      st.bind(":b", static_cast<int64_t>(after->b));
      st.bind(":id", after->id);
    }
    st.bind(":limit", f.limit + 1);
    page = read_page(st, f.limit, 'r');
  });
  return page;
}

TicketPage TicketRepository::blocked(int limit, const std::optional<std::string>& cursor) {
  check_limit(limit);
  std::optional<Cursor> after;
  if (cursor) after = decode_cursor(*cursor, 'b');
  std::string sql = std::string("SELECT ") + kTicketColumns + kKeys +
                    " FROM tickets t WHERE t.status NOT IN ('done', 'cancelled') AND t.id IN (" +
                    kUnfinishedBlockers + ")";
  if (after) sql += " AND (t.prio, t.seq, t.id) > (:a, :b, :id)";
  sql += " ORDER BY t.prio, t.seq, t.id LIMIT :limit";
  TicketPage page;
  db_.read([&](Tx& tx) {
    auto& st = tx.stmt(sql);
    if (after) {
      st.bind(":a", static_cast<int64_t>(after->a));
      st.bind(":b", static_cast<int64_t>(after->b));
      st.bind(":id", after->id);
    }
    st.bind(":limit", limit + 1);
    page = read_page(st, limit, 'b');
  });
  return page;
}

}  // namespace sciorex::storage
