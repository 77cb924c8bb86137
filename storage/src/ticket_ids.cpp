// Ticket and epic ids: the next unused one from the store's counters, and the counters kept past
// imported ids.
#include "ticket_ids.hpp"

#include <algorithm>

#include "sciorex/storage/config.hpp"

namespace sciorex::storage::detail {

namespace {
std::string counter_name(Tx& tx, std::string_view kind) {
  const auto& c = tx.config();
  return std::string(kind) + ":" + (kind == "epic" ? c.epic_prefix : c.ticket_prefix);
}
}  // namespace

std::string allocate_id(Tx& tx, std::string_view kind) {
  const auto& c = tx.config();
  const bool epic = kind == "epic";
  const std::string name = counter_name(tx, kind);
  long long n = epic ? c.epic_start_number : c.start_number;
  {
    auto& st = tx.stmt("SELECT next FROM counters WHERE name = ?");
    st.bind(1, name);
    if (st.step()) n = std::max<long long>(n, st.column(0).int64());
  }
  std::string id;
  for (;; ++n) {  // skip ids taken by imports with other padding
    id = format_id(epic ? c.epic_prefix : c.ticket_prefix, n, epic ? c.epic_padding : c.padding);
    auto& st = tx.stmt(epic ? "SELECT 1 FROM epics WHERE id = ?" : "SELECT 1 FROM tickets WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) break;
  }
  auto& up = tx.stmt(
      "INSERT INTO counters(name, next) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET next = excluded.next");
  up.bind(1, name);
  up.bind(2, static_cast<int64_t>(n + 1));
  up.exec();
  return id;
}

void bump_counter(Tx& tx, std::string_view kind, const std::string& id) {
  const auto& c = tx.config();
  const std::string& prefix = kind == "epic" ? c.epic_prefix : c.ticket_prefix;
  if (id.rfind(prefix + "-", 0) != 0) return;  // another prefix: not our sequence
  auto& st = tx.stmt(
      "INSERT INTO counters(name, next) VALUES (?, ?) "
      "ON CONFLICT(name) DO UPDATE SET next = CASE WHEN excluded.next > counters.next THEN excluded.next "
      "ELSE counters.next END");
  st.bind(1, counter_name(tx, kind));
  st.bind(2, static_cast<int64_t>(id_number(id) + 1));
  st.exec();
}

long long id_number(const std::string& id) {
  const auto dash = id.rfind('-');
  if (dash == std::string::npos) return 0;
  long long n = 0;
  for (std::size_t i = dash + 1; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return 0;
    if (n > 100'000'000'000LL) return n;
    n = n * 10 + (id[i] - '0');
  }
  return n;
}

}  // namespace sciorex::storage::detail
