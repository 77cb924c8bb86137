// The tools of the MCP Apps views (issue 15): sciorex_show_board (the board view's data; offered
// only to clients with the extension) and the app-only tools the views call through the host when
// the person acts: sciorex_ui_move_ticket, sciorex_ui_set_subtask, sciorex_ui_add_comment. Their
// changes are the person's (common::person_actor: `user <name>`, as the board records them). The
// views themselves are registered here too: ui://sciorex/board and ui://sciorex/ticket.
#include "sciorex/apps/resources.hpp"
#include "sciorex/common/person.hpp"
#include "sciorex/storage/board_queries.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_detail.hpp"
#include "ticket_json.hpp"
#include "tickets.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace args = protocol::args;

namespace {

using storage::TicketStatus;

struct ShowBoardParams {
  storage::BoardFilter filter;
  std::optional<TicketStatus> status;
  bool include_cancelled = false;
  int limit = 50;
  static ShowBoardParams from_json(const json& a) {
    args::only(a, {"status", "type", "priority", "epicId", "label", "query", "includeCancelled", "limit"});
    ShowBoardParams p;
    p.status = common::optional_enum<TicketStatus>(a, "status");
    p.filter.type = common::optional_enum<storage::TicketType>(a, "type");
    p.filter.priority = common::optional_enum<storage::Priority>(a, "priority");
    p.filter.epic_id = args::optional_string(a, "epicId", 200);
    p.filter.label = args::optional_string(a, "label", 100);
    p.filter.query = args::optional_string(a, "query", 500);
    p.include_cancelled = args::optional_bool(a, "includeCancelled").value_or(false);
    p.limit = limit_arg(a, 50);
    return p;
  }
};

struct MoveTicketParams {
  std::string ticket_id;
  TicketStatus status{};
  std::optional<std::string> expected_updated_at;
  static MoveTicketParams from_json(const json& a) {
    args::only(a, {"ticketId", "status", "expectedUpdatedAt"});
    return {args::required_string(a, "ticketId", 200), common::required_enum<TicketStatus>(a, "status"),
            args::optional_string(a, "expectedUpdatedAt", 100)};
  }
};

struct SetSubtaskParams {
  std::string ticket_id, subtask_id;
  bool completed = false;
  static SetSubtaskParams from_json(const json& a) {
    args::only(a, {"ticketId", "subtaskId", "completed"});
    SetSubtaskParams p{args::required_string(a, "ticketId", 200), args::required_string(a, "subtaskId", 100)};
    auto completed = args::optional_bool(a, "completed");
    if (!completed) throw protocol::ToolError("Invalid argument \"completed\": required");
    p.completed = *completed;
    return p;
  }
};

struct ViewCommentParams {
  std::string ticket_id, text;
  static ViewCommentParams from_json(const json& a) {
    args::only(a, {"ticketId", "text"});
    return {args::required_string(a, "ticketId", 200), args::required_string(a, "text", 20'000)};
  }
};

json status_names(const std::vector<TicketStatus>& list) {
  json out = json::array();
  for (auto s : list) out.push_back(std::string(storage::to_string(s)));
  return out;
}

// The card of a ticket read with its detail (as BoardQueries counts: blocked by a ticket that is
// neither done nor cancelled).
storage::BoardCard card_of(const storage::Ticket& t) {
  storage::BoardCard c{t};
  c.subtasks_total = static_cast<int>(t.subtasks.size());
  for (const auto& s : t.subtasks) c.subtasks_done += s.completed ? 1 : 0;
  for (const auto& b : t.blocked_by)
    c.blocked =
        c.blocked || (b.status && *b.status != TicketStatus::Done && *b.status != TicketStatus::Cancelled);
  return c;
}

ToolResult show_board(Store& store, const ShowBoardParams& p) {
  std::vector<TicketStatus> statuses{TicketStatus::Backlog, TicketStatus::Planned, TicketStatus::InProgress,
                                     TicketStatus::InReview, TicketStatus::Done};
  if (p.include_cancelled) statuses.push_back(TicketStatus::Cancelled);
  if (p.status) statuses = {*p.status};
  storage::BoardQueries board(store.reader());
  json columns = json::array();
  json transitions = json::object();
  int total = 0;
  std::string text;
  for (const auto& c : board.columns(statuses, p.filter, p.limit)) {
    json cards = json::array();
    for (const auto& card : c.cards) cards.push_back(board_card_json(card));
    const std::string name(storage::to_string(c.status));
    columns.push_back({{"status", name}, {"total", c.total}, {"cards", std::move(cards)}});
    transitions[name] = status_names(storage::allowed_transitions(c.status));
    total += c.total;
    text += (text.empty() ? "" : ", ") + std::to_string(c.total) + " " + name;
  }
  text = "Board shown to the person: " + text + " (" + std::to_string(total) +
         (total == 1 ? " ticket)." : " tickets).");
  return ToolResult::structured_with_text(
      {{"columns", std::move(columns)}, {"total", total}, {"transitions", std::move(transitions)}}, text);
}

ToolResult move_ticket(Store& store, const MoveTicketParams& p, RequestContext& ctx) {
  if (p.expected_updated_at) {
    const storage::Ticket now = store.tickets.get(p.ticket_id);
    if (now.updated_at != *p.expected_updated_at)
      throw protocol::ToolError("Ticket " + p.ticket_id + " changed since the view read it (updatedAt " +
                                now.updated_at + ", not " + *p.expected_updated_at +
                                "); reload the board before moving it.");
  }
  store.tickets.change_status(p.ticket_id, p.status, common::person_actor(ctx));
  const storage::Ticket t = store.tickets.get(p.ticket_id);
  json out = {{"card", board_card_json(card_of(t))},
              {"allowedTransitions", status_names(storage::allowed_transitions(t.status))}};
  return ToolResult::structured_with_text(
      std::move(out), "Moved " + t.id + " to " + std::string(storage::to_string(t.status)) + ".");
}

}  // namespace

void register_app_tools(protocol::Server& server, Store& store) {
  apps::add_view_resources(server, {"board", "ticket"});
  add_tool<ShowBoardParams>(
      server, "sciorex_show_board", Access::read,
      [&store](const ShowBoardParams& p, RequestContext&) { return show_board(store, p); });
  add_tool<MoveTicketParams>(
      server, "sciorex_ui_move_ticket", Access::write,
      [&store](const MoveTicketParams& p, RequestContext& ctx) { return move_ticket(store, p, ctx); });
  add_tool<SetSubtaskParams>(server, "sciorex_ui_set_subtask", Access::write,
                             [&store](const SetSubtaskParams& p, RequestContext& ctx) {
                               storage::SubtaskRef ref;
                               ref.id = p.subtask_id;
                               store.tickets.update_subtask(p.ticket_id, ref,
                                                            p.completed ? storage::SubtaskStatus::Done
                                                                        : storage::SubtaskStatus::Pending,
                                                            std::nullopt, common::person_actor(ctx));
                               return ticket_detail_answer(store.tickets.get(p.ticket_id), TicketView{});
                             });
  add_tool<ViewCommentParams>(server, "sciorex_ui_add_comment", Access::write,
                              [&store](const ViewCommentParams& p, RequestContext& ctx) {
                                store.tickets.add_comment(p.ticket_id, p.text, common::person_actor(ctx));
                                return ticket_detail_answer(store.tickets.get(p.ticket_id), TicketView{});
                              });
}

}  // namespace sciorex::tickets
