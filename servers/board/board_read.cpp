// GET routes of the board's API: meta, the board's columns, a column's next page, a ticket's
// detail and its flow runs, the epics (see docs/board-api.md).
#include <array>

#include "board_impl.hpp"
#include "flow_run_json.hpp"
#include "markdown_html.hpp"
#include "ticket_detail.hpp"
#include "ticket_json.hpp"

namespace sciorex::board {

namespace {

// A run's node inputs, outputs and errors in the panel: the start of each (the tools show more).
constexpr std::size_t kRunFieldChars = 2'000;

constexpr std::array<const char*, 6> kStatusLabels{"Backlog",   "Planned", "In Progress",
                                                   "In Review", "Done",    "Cancelled"};

json names(std::span<const std::string_view> list) {
  json out = json::array();
  for (auto n : list) out.push_back(std::string(n));
  return out;
}

template <class E>
std::optional<E> enum_param(const Query& q, const char* name, const std::string& valid) {
  auto v = q.text(name, 50);
  if (!v) return std::nullopt;
  auto e = storage::parse_enum<E>(*v);
  if (!e)
    throw ApiError::invalid("Unknown " + std::string(name) + " \"" + *v + "\"; use one of: " + valid + ".");
  return e;
}

storage::BoardFilter filter_of(const Query& q) {
  storage::BoardFilter f;
  f.type = enum_param<storage::TicketType>(q, "type", storage::valid_values_ticket_type());
  f.priority = enum_param<storage::Priority>(q, "priority", storage::valid_values_priority());
  f.label = q.text("label", 100);
  f.epic_id = q.text("epic", 200);
  f.query = q.text("q", 500);
  return f;
}

json column_json(const storage::BoardColumn& c, bool with_label) {
  json cards = json::array();
  for (const auto& card : c.cards) cards.push_back(tickets::board_card_json(card));
  json j{{"total", c.total}, {"tickets", std::move(cards)}};
  if (with_label) {
    j["status"] = std::string(storage::to_string(c.status));
    j["label"] = kStatusLabels.at(static_cast<std::size_t>(c.status));
  }
  return j;
}

json transitions_of(storage::TicketStatus s) {
  json out = json::array();
  for (auto to : storage::allowed_transitions(s)) out.push_back(std::string(storage::to_string(to)));
  return out;
}

}  // namespace

json ticket_detail(Board::Impl& b, const std::string& id, bool from_writer) {
  const storage::Ticket t = from_writer ? b.store.tickets.get(id) : b.store.ticket_reads.get(id);
  tickets::TicketView view;  // the page shows everything: no windows
  view.description_limit = t.description.size() + 1;
  view.comments_offset = 0;
  view.comments_limit = t.comments.size() + 1;
  view.comment_chars = std::string::npos;
  view.history_offset = 0;
  view.history_limit = t.history.size() + 1;
  view.list_limit = std::string::npos;
  json j = tickets::ticket_detail_json(tickets::slice_ticket(t, view));
  j.erase("page");
  j["descriptionHtml"] = markdown_html(t.description);
  j["allowedTransitions"] = transitions_of(t.status);
  json history = json::array();
  for (const auto& h : t.history) {
    json details = json::parse(h.details_json, nullptr, false);
    history.push_back({{"timestamp", h.timestamp},
                       {"action", h.action},
                       {"actor", actor_kind_json(h.actor)},
                       {"details", details.is_discarded() ? json::object() : details}});
  }
  j["history"] = std::move(history);
  return j;
}

RouteResponse api_meta(Board::Impl& b, const storage::Actor& who, bool read_only) {
  json transitions = json::object();
  for (std::size_t i = 0; i < storage::kTicketStatusNames.size(); ++i)
    transitions[std::string(storage::kTicketStatusNames[i])] =
        transitions_of(static_cast<storage::TicketStatus>(i));
  json labels = json::object();
  for (std::size_t i = 0; i < kStatusLabels.size(); ++i)
    labels[std::string(storage::kTicketStatusNames[i])] = kStatusLabels[i];
  return json_response(200, {{"user", who.id},
                             {"readOnly", read_only},
                             {"version", b.options.version},
                             {"lastEventId", b.store.feed.last_event_id()},
                             {"statuses", names(storage::kTicketStatusNames)},
                             {"statusLabels", labels},
                             {"transitions", transitions},
                             {"types", names(storage::kTicketTypeNames)},
                             {"priorities", names(storage::kPriorityNames)},
                             {"subtaskStatuses", names(storage::kSubtaskStatusNames)}});
}

RouteResponse api_board(Board::Impl& b, const Query& q) {
  q.only({"type", "priority", "label", "epic", "q", "cancelled", "limit"});
  const auto filter = filter_of(q);
  const int limit = q.integer("limit", 100, 1, 500);
  std::vector<storage::TicketStatus> statuses{storage::TicketStatus::Backlog, storage::TicketStatus::Planned,
                                              storage::TicketStatus::InProgress,
                                              storage::TicketStatus::InReview, storage::TicketStatus::Done};
  if (q.flag("cancelled")) statuses.push_back(storage::TicketStatus::Cancelled);
  // The event id first: a change after it reaches the page by the feed, never lost between the two.
  const std::int64_t last = b.store.feed.last_event_id();
  json columns = json::array();
  for (const auto& c : b.board.columns(statuses, filter, limit)) columns.push_back(column_json(c, true));
  return json_response(200, {{"lastEventId", last}, {"columns", std::move(columns)}});
}

RouteResponse api_column(Board::Impl& b, const std::string& status, const Query& q) {
  q.only({"type", "priority", "label", "epic", "q", "offset", "limit"});
  auto s = storage::parse_ticket_status(status);
  if (!s)
    throw ApiError::not_found("Unknown status \"" + status +
                              "\"; use one of: " + storage::valid_values_ticket_status() + ".");
  const auto filter = filter_of(q);
  const int offset = q.integer("offset", 0, 0, 1'000'000);
  const int limit = q.integer("limit", 100, 1, 500);
  return json_response(200, column_json(b.board.column(*s, filter, offset, limit), false));
}

RouteResponse api_ticket(Board::Impl& b, const std::string& id) {
  return json_response(200, ticket_detail(b, id));
}

RouteResponse api_ticket_runs(Board::Impl& b, const std::string& id, const Query& q) {
  q.only({"limit"});
  if (!b.store.ticket_reads.find(id)) throw ApiError::not_found("Ticket " + id.substr(0, 80) + " not found.");
  storage::FlowRunFilter f;
  f.ticket_id = id;
  f.limit = q.integer("limit", 20, 1, 200);
  const storage::FlowRunPage page = b.store.flow_run_reads.list(f);
  json runs = json::array();
  for (const auto& r : page.runs) {
    const auto run = b.store.flow_run_reads.find(r.id);  // with its nodes
    if (run) runs.push_back(tickets::flow_run_json(*run, kRunFieldChars));
  }
  return json_response(200, {{"runs", std::move(runs)}, {"more", page.next_cursor.has_value()}});
}

RouteResponse api_epics(Board::Impl& b) {
  json epics = json::array();
  for (const auto& e : b.store.epic_reads.list())
    epics.push_back({{"id", e.epic.id},
                     {"title", e.epic.title},
                     {"status", std::string(storage::to_string(e.epic.status))},
                     {"total", e.progress.total},
                     {"done", e.progress.done}});
  return json_response(200, {{"epics", std::move(epics)}});
}

RouteResponse api_epic(Board::Impl& b, const std::string& id) {
  const auto detail = b.store.epic_reads.get(id);
  json j = tickets::epic_json(detail.epic);
  j["progress"] = tickets::progress_json(detail.progress);
  storage::BoardFilter f;
  f.epic_id = id;
  json cards = json::array();
  const std::vector<storage::TicketStatus> all{
      storage::TicketStatus::Backlog,  storage::TicketStatus::Planned, storage::TicketStatus::InProgress,
      storage::TicketStatus::InReview, storage::TicketStatus::Done,    storage::TicketStatus::Cancelled};
  for (const auto& c : b.board.columns(all, f, 500))
    for (const auto& card : c.cards) cards.push_back(tickets::board_card_json(card));
  j["tickets"] = std::move(cards);
  return json_response(200, j);
}

}  // namespace sciorex::board
