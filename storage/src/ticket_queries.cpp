// TicketRepository queries: list (keyset cursor), search (FTS5 trigram), ready, blocked.
#include <string>

#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "ticket_rows.hpp"

namespace sciorex::storage {
using namespace detail;

namespace {

const char* const kUnfinishedBlockers =
    "SELECT b.ticket_id FROM blockers b JOIN tickets o ON o.id = b.blocker_id "
    "WHERE o.status NOT IN ('done', 'cancelled')";

// The cursor is opaque to callers: hex of "<seq>:<id>" of the last ticket of the page.
std::string encode_cursor(long long seq, const std::string& id) {
  static const char* hex = "0123456789abcdef";
  const std::string raw = std::to_string(seq) + ":" + id;
  std::string out = "c1";
  for (unsigned char c : raw) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::pair<long long, std::string> decode_cursor(const std::string& cursor) {
  auto bad = [] {
    return StoreError::invalid_argument(
        "Invalid cursor: pass the nextCursor of the previous page unchanged, or omit it to start over.");
  };
  if (cursor.size() < 4 || cursor.size() > 200 || cursor.compare(0, 2, "c1") != 0 || cursor.size() % 2) throw bad();
  std::string raw;
  for (std::size_t i = 2; i < cursor.size(); i += 2) {
    auto nib = [&](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      throw bad();
    };
    raw += static_cast<char>(nib(cursor[i]) * 16 + nib(cursor[i + 1]));
  }
  const auto colon = raw.find(':');
  if (colon == std::string::npos || colon == 0) throw bad();
  try {
    return {std::stoll(raw.substr(0, colon)), raw.substr(colon + 1)};
  } catch (const std::exception&) {
    throw bad();
  }
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

TicketPage TicketRepository::list(const TicketFilter& f) {
  check_limit(f.limit);
  std::optional<std::pair<long long, std::string>> after;
  if (f.cursor) after = decode_cursor(*f.cursor);
  std::string sql = std::string("SELECT ") + kTicketColumns + ", t.seq FROM tickets t WHERE 1";
  if (f.status) sql += " AND t.status = :status";
  if (f.type) sql += " AND t.type = :type";
  if (f.priority) sql += " AND t.priority = :priority";
  if (f.epic_id) sql += " AND t.epic_id = :epic";
  if (after) sql += " AND (t.seq, t.id) > (:seq, :id)";
  sql += " ORDER BY t.seq, t.id LIMIT :limit";

  TicketPage page;
  db_.read([&](Tx& tx) {
    page = {};
    auto& st = tx.stmt(sql);
    if (f.status) st.bind(":status", std::string(to_string(*f.status)));
    if (f.type) st.bind(":type", std::string(to_string(*f.type)));
    if (f.priority) st.bind(":priority", std::string(to_string(*f.priority)));
    if (f.epic_id) st.bind(":epic", *f.epic_id);
    if (after) {
      st.bind(":seq", static_cast<int64_t>(after->first));
      st.bind(":id", after->second);
    }
    st.bind(":limit", f.limit + 1);
    long long last_seq = 0;
    while (st.executeStep()) {
      if (static_cast<int>(page.tickets.size()) == f.limit) {
        page.next_cursor = encode_cursor(last_seq, page.tickets.back().id);
        break;
      }
      page.tickets.push_back(read_ticket_row(st));
      last_seq = st.getColumn(14).getInt64();
    }
  });
  return page;
}

std::vector<Ticket> TicketRepository::search(const std::string& query, int limit) {
  check_limit(limit);
  const auto b = query.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) throw StoreError::invalid_argument("The search query must not be empty.");
  const std::string q = query.substr(b, query.find_last_not_of(" \t\r\n") - b + 1);
  check_length(q, kMaxShort, "query");

  std::vector<Ticket> out;
  db_.read([&](Tx& tx) {
    if (utf8_length(q) >= 3) {
      // Trigram index: a quoted phrase matches the substring anywhere, case-insensitively.
      std::string phrase = "\"";
      for (char c : q) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
      phrase += "\"";
      auto& st = tx.stmt(std::string("SELECT ") + kTicketColumns +
                         " FROM tickets_fts f JOIN tickets t ON t.pk = f.rowid WHERE tickets_fts MATCH ? "
                         "ORDER BY f.rowid LIMIT ?");
      st.bind(1, phrase);
      st.bind(2, limit);
      out = read_ticket_rows(st);
    } else {
      // One or two characters: too short for trigrams; scan in creation order until `limit`.
      std::string pattern = "%";
      for (char c : q) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
      }
      pattern += "%";
      auto& st = tx.stmt(std::string("SELECT ") + kTicketColumns +
                         " FROM tickets t WHERE t.id LIKE ?1 ESCAPE '\\' OR t.title LIKE ?1 ESCAPE '\\' "
                         "OR t.description LIKE ?1 ESCAPE '\\' ORDER BY t.pk LIMIT ?2");
      st.bind(1, pattern);
      st.bind(2, limit);
      out = read_ticket_rows(st);
    }
  });
  return out;
}

std::vector<Ticket> TicketRepository::ready(int limit, std::optional<Priority> priority,
                                            std::optional<TicketType> type) {
  check_limit(limit);
  std::string sql = std::string("SELECT ") + kTicketColumns + " FROM tickets t WHERE t.status = 'planned'";
  if (priority) sql += " AND t.priority = :priority";
  if (type) sql += " AND t.type = :type";
  sql += std::string(" AND t.id NOT IN (") + kUnfinishedBlockers + ") ORDER BY t.prio, t.seq, t.id LIMIT :limit";
  std::vector<Ticket> out;
  db_.read([&](Tx& tx) {
    auto& st = tx.stmt(sql);
    if (priority) st.bind(":priority", std::string(to_string(*priority)));
    if (type) st.bind(":type", std::string(to_string(*type)));
    st.bind(":limit", limit);
    out = read_ticket_rows(st);
  });
  return out;
}

std::vector<Ticket> TicketRepository::blocked(int limit) {
  check_limit(limit);
  std::vector<Ticket> out;
  db_.read([&](Tx& tx) {
    auto& st = tx.stmt(std::string("SELECT ") + kTicketColumns +
                       " FROM tickets t WHERE t.status NOT IN ('done', 'cancelled') AND t.id IN (" +
                       kUnfinishedBlockers + ") ORDER BY t.prio, t.seq, t.id LIMIT ?");
    st.bind(1, limit);
    out = read_ticket_rows(st);
  });
  return out;
}

}  // namespace sciorex::storage
