// EpicRepository: create, get with tickets and progress, list with progress, update.
#include "sciorex/storage/epic_repository.hpp"

#include <map>
#include <nlohmann/json.hpp>

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

void finish(EpicProgress& p) {
  p.total = 0;
  for (const auto& [s, n] : p.by_status) p.total += n;
  auto it = p.by_status.find(TicketStatus::Done);
  p.done = it == p.by_status.end() ? 0 : it->second;
  p.percentage = p.total == 0 ? 0 : (p.done * 100 + p.total / 2) / p.total;
}

}  // namespace

Epic EpicRepository::create(const NewEpic& in, const Actor& actor) {
  validate_actor(actor);
  const std::string title = checked_title(in.title);
  check_length(in.description, kMaxDescription, "description");
  const EpicStatus status = in.status.value_or(EpicStatus::Open);
  Epic out;
  db_.write([&](Tx& tx) {
    const std::string id = allocate_id(tx, "epic");
    auto& st = tx.stmt(
        "INSERT INTO epics(id, seq, title, description, status, created_at, updated_at, completed_at) "
        "VALUES (?,?,?,?,?,?,?,?)");
    st.bind(1, id);
    st.bind(2, static_cast<int64_t>(id_number(id)));
    st.bind(3, title);
    st.bind(4, in.description);
    st.bind(5, std::string(to_string(status)));
    st.bind(6, tx.now());
    st.bind(7, tx.now());
    bind_opt(st, 8, status == EpicStatus::Completed ? std::optional(tx.now()) : std::nullopt);
    st.exec();
    append_event(tx, "epic", id, "created", json::object(), actor);
    out = require_epic(tx, id);
  });
  return out;
}

std::optional<EpicDetail> EpicRepository::find(const std::string& id) {
  std::optional<EpicDetail> out;
  db_.read([&](Tx& tx) {
    out.reset();
    auto e = load_epic_row(tx, id);
    if (!e) return;
    EpicDetail d;
    d.epic = std::move(*e);
    auto& st = tx.stmt(std::string("SELECT ") + kTicketColumns +
                       " FROM tickets t WHERE t.epic_id = ? ORDER BY t.seq, t.id");
    st.bind(1, id);
    d.tickets = read_ticket_rows(st);
    for (const auto& t : d.tickets) ++d.progress.by_status[t.status];
    finish(d.progress);
    d.sessions = load_sessions(tx, "epic", id);
    d.history = load_history(tx, "epic", id);
    out = std::move(d);
  });
  return out;
}

EpicDetail EpicRepository::get(const std::string& id) {
  auto d = find(id);
  if (!d) throw epic_not_found(id);
  return std::move(*d);
}

std::vector<EpicSummary> EpicRepository::list() {
  std::vector<EpicSummary> out;
  db_.read([&](Tx& tx) {
    out.clear();
    std::map<std::string, std::size_t> index;
    auto& st = tx.stmt(
        "SELECT id, title, description, status, created_at, updated_at, completed_at FROM epics ORDER BY "
        "seq, id");
    while (st.step()) {
      EpicSummary s;
      s.epic.id = st.column(0).str();
      s.epic.title = st.column(1).str();
      s.epic.description = st.column(2).str();
      s.epic.status = parse_epic_status(st.column(3).str()).value_or(EpicStatus::Open);
      s.epic.created_at = st.column(4).str();
      s.epic.updated_at = st.column(5).str();
      s.epic.completed_at = column_opt(st, 6);
      index[s.epic.id] = out.size();
      out.push_back(std::move(s));
    }
    auto& counts = tx.stmt(
        "SELECT epic_id, status, COUNT(*) FROM tickets WHERE epic_id IS NOT NULL GROUP BY epic_id, status");
    while (counts.step()) {
      auto it = index.find(counts.column(0).str());
      if (it == index.end()) continue;
      if (auto s = parse_ticket_status(counts.column(1).str()))
        out[it->second].progress.by_status[*s] += counts.column(2).int32();
    }
  });
  for (auto& s : out) finish(s.progress);
  return out;
}

Epic EpicRepository::update(const std::string& id, const EpicPatch& p, const Actor& actor) {
  validate_actor(actor);
  std::optional<std::string> title;
  if (p.title) title = checked_title(*p.title);
  if (p.description) check_length(*p.description, kMaxDescription, "description");
  Epic out;
  db_.write([&](Tx& tx) {
    const Epic cur = require_epic(tx, id);
    json changes = json::object();
    auto set = [&](const char* column, const char* field, const std::string& from, const std::string& to) {
      if (from == to) return;
      changes[field] = {{"from", from.substr(0, 500)}, {"to", to.substr(0, 500)}};
      auto& st = tx.stmt(std::string("UPDATE epics SET ") + column + " = ? WHERE id = ?");
      st.bind(1, to);
      st.bind(2, id);
      st.exec();
    };
    if (title) set("title", "title", cur.title, *title);
    if (p.description) set("description", "description", cur.description, *p.description);
    const bool status_changes = p.status && *p.status != cur.status;
    if (!changes.empty() || status_changes) touch_epic(tx, id);
    if (!changes.empty()) append_event(tx, "epic", id, "updated", changes, actor);
    if (status_changes) {
      auto& st = tx.stmt("UPDATE epics SET status = ?, completed_at = ? WHERE id = ?");
      st.bind(1, std::string(to_string(*p.status)));
      bind_opt(st, 2, *p.status == EpicStatus::Completed ? std::optional(tx.now()) : std::nullopt);
      st.bind(3, id);
      st.exec();
      append_event(tx, "epic", id, "status_changed",
                   {{"from", to_string(cur.status)}, {"to", to_string(*p.status)}}, actor);
    }
    out = require_epic(tx, id);
  });
  return out;
}

}  // namespace sciorex::storage
