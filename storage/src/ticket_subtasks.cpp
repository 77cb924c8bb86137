// TicketRepository subtasks: add, complete/reopen, update status, list with progress.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "events.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "ticket_ids.hpp"
#include "ticket_rows.hpp"
#include "ticket_validation.hpp"

namespace sciorex::storage {
using nlohmann::json;
using namespace detail;

namespace {

std::vector<Subtask> load_subtasks(Tx& tx, const std::string& ticket_id) {
  auto& st = tx.stmt(std::string("SELECT ") + kSubtaskColumns + " FROM subtasks WHERE ticket_id = ?");
  st.bind(1, ticket_id);
  return read_subtasks(st);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string describe(const std::vector<const Subtask*>& subs) {
  std::string out;
  for (const auto* s : subs) {
    if (!out.empty()) out += ", ";
    out += s->id + " '" + s->title.substr(0, 60) + "'";
  }
  return out.empty() ? "none" : out;
}

// By id (wins), else the exact title (case-insensitive), else the one title containing it.
Subtask resolve(Tx& tx, const std::string& ticket_id, const SubtaskRef& ref) {
  const auto subs = load_subtasks(tx, ticket_id);
  std::vector<const Subtask*> all;
  all.reserve(subs.size());
  for (const auto& s : subs) all.push_back(&s);
  if (ref.id) {
    for (const auto& s : subs)
      if (s.id == *ref.id) return s;
    throw StoreError::not_found("Subtask " + ref.id->substr(0, 40) + " not found in ticket " + ticket_id +
                                ". Its subtasks: " + describe(all) + ".");
  }
  if (!ref.title || ref.title->empty())
    throw StoreError::invalid_argument(
        "Name the subtask: pass subtaskId, or title (a case-insensitive part of it).");
  const std::string needle = lower(*ref.title);
  std::vector<const Subtask*> hits;
  for (const auto& s : subs)
    if (lower(s.title) == needle) return s;
  for (const auto& s : subs)
    if (lower(s.title).find(needle) != std::string::npos) hits.push_back(&s);
  if (hits.size() == 1) return *hits.front();
  if (hits.empty())
    throw StoreError::not_found("No subtask of ticket " + ticket_id + " has a title containing '" +
                                ref.title->substr(0, 60) + "'. Its subtasks: " + describe(all) + ".");
  throw StoreError::invalid_argument("'" + ref.title->substr(0, 60) + "' matches several subtasks of " +
                                     ticket_id + ": " + describe(hits) + ". Pass subtaskId.");
}

void write_subtask_state(Tx& tx, const std::string& ticket_id, const Subtask& s) {
  auto& st = tx.stmt(
      "UPDATE subtasks SET status = ?, completed_at = ?, note = ? WHERE ticket_id = ? AND sub_id = ?");
  st.bind(1, std::string(to_string(s.status)));
  bind_opt(st, 2, s.completed_at);
  bind_opt(st, 3, s.note);
  st.bind(4, ticket_id);
  st.bind(5, s.id);
  st.exec();
}

}  // namespace

Subtask TicketRepository::add_subtask(const std::string& ticket_id, const std::string& title,
                                      const Actor& actor) {
  validate_actor(actor);
  const std::string t = checked_title(title, "subtask title");
  Subtask out;
  db_.write([&](Tx& tx) {
    require_ticket(tx, ticket_id);
    const auto subs = load_subtasks(tx, ticket_id);
    if (subs.size() >= 500)
      throw StoreError::invalid_argument("Ticket " + ticket_id + " has 500 subtasks already.");
    long long next = 0;
    for (const auto& s : subs) next = std::max(next, id_number(s.id));
    out =
        Subtask{format_id("sub", next + 1, 3), t, SubtaskStatus::Pending, false, std::nullopt, std::nullopt};
    auto& st = tx.stmt(
        "INSERT INTO subtasks(ticket_id, sub_id, position, title, status) VALUES (?, ?, "
        "(SELECT COALESCE(MAX(position), 0) + 1 FROM subtasks WHERE ticket_id = ?1), ?, 'pending')");
    st.bind(1, ticket_id);
    st.bind(2, out.id);
    st.bind(3, t);
    st.exec();
    touch_ticket(tx, ticket_id);
    append_event(tx, "ticket", ticket_id, "subtask_added", {{"subtaskId", out.id}, {"title", t}}, actor);
  });
  return out;
}

Subtask TicketRepository::complete_subtask(const std::string& ticket_id, const SubtaskRef& ref,
                                           bool completed, const Actor& actor) {
  validate_actor(actor);
  Subtask out;
  db_.write([&](Tx& tx) {
    require_ticket(tx, ticket_id);
    out = resolve(tx, ticket_id, ref);
    if (out.completed == completed) return;  // already so: nothing changes, no event
    out.completed = completed;
    out.status = completed ? SubtaskStatus::Done : SubtaskStatus::Pending;
    out.completed_at = completed ? std::optional(tx.now()) : std::nullopt;
    write_subtask_state(tx, ticket_id, out);
    touch_ticket(tx, ticket_id);
    append_event(tx, "ticket", ticket_id, completed ? "subtask_completed" : "subtask_reopened",
                 {{"subtaskId", out.id}, {"title", out.title}}, actor);
  });
  return out;
}

Subtask TicketRepository::update_subtask(const std::string& ticket_id, const SubtaskRef& ref,
                                         SubtaskStatus status, const std::optional<std::string>& note,
                                         const Actor& actor) {
  validate_actor(actor);
  if (note) check_length(*note, kMaxMessage, "note");
  Subtask out;
  db_.write([&](Tx& tx) {
    require_ticket(tx, ticket_id);
    out = resolve(tx, ticket_id, ref);
    const SubtaskStatus from = out.status;
    if (from == status && (!note || note == out.note)) return;
    out.status = status;
    out.completed = status == SubtaskStatus::Done;
    if (from != status) out.completed_at = out.completed ? std::optional(tx.now()) : std::nullopt;
    if (note) out.note = *note;
    write_subtask_state(tx, ticket_id, out);
    touch_ticket(tx, ticket_id);
    json details = {
        {"subtaskId", out.id}, {"title", out.title}, {"from", to_string(from)}, {"to", to_string(status)}};
    if (note) details["note"] = *note;
    append_event(tx, "ticket", ticket_id, "subtask_status_changed", details, actor);
  });
  return out;
}

SubtaskList TicketRepository::list_subtasks(const std::string& ticket_id) {
  SubtaskList out;
  db_.read([&](Tx& tx) {
    require_ticket(tx, ticket_id);
    out = {};
    out.subtasks = load_subtasks(tx, ticket_id);
  });
  out.total = static_cast<int>(out.subtasks.size());
  out.completed = static_cast<int>(
      std::count_if(out.subtasks.begin(), out.subtasks.end(), [](const Subtask& s) { return s.completed; }));
  out.pending = out.total - out.completed;
  out.percentage = out.total == 0 ? 0 : (out.completed * 100 + out.total / 2) / out.total;
  return out;
}

}  // namespace sciorex::storage
