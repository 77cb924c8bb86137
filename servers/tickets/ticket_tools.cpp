// The ticket itself: sciorex_create_ticket, sciorex_get_ticket, sciorex_update_ticket,
// sciorex_change_status, sciorex_list_tickets.
#include "list_answer.hpp"
#include "markdown.hpp"
#include "sciorex/protocol/wire.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_json.hpp"
#include "tickets.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace args = protocol::args;
using storage::Ticket;

namespace {

constexpr std::initializer_list<const char*> kTypes = {"feature", "bug", "task", "research", "documentation", "refactor"};
constexpr std::initializer_list<const char*> kPriorities = {"critical", "high", "medium", "low"};
constexpr std::initializer_list<const char*> kStatuses = {"backlog",  "planned", "in_progress",
                                                          "in_review", "done",   "cancelled"};

struct CreateTicketParams {
  storage::NewTicket ticket;
  static CreateTicketParams from_json(const json& a) {
    args::only(a, {"title", "description", "type", "priority", "epicId", "labels", "subtasks"});
    CreateTicketParams p;
    p.ticket.title = args::required_string(a, "title", 500);
    p.ticket.description = args::optional_string(a, "description").value_or("");
    if (auto t = args::optional_enum(a, "type", kTypes)) p.ticket.type = *storage::parse_ticket_type(*t);
    if (auto v = args::optional_enum(a, "priority", kPriorities)) p.ticket.priority = *storage::parse_priority(*v);
    p.ticket.epic_id = args::optional_string(a, "epicId", 200);
    p.ticket.labels = args::optional_strings(a, "labels", 50, 100).value_or(std::vector<std::string>{});
    p.ticket.subtasks = args::optional_strings(a, "subtasks", 200, 500).value_or(std::vector<std::string>{});
    return p;
  }
};

struct GetTicketParams {
  std::string ticket_id;
  TicketView view;
  static GetTicketParams from_json(const json& a) {
    args::only(a, {"ticketId", "descriptionOffset", "commentsOffset", "commentsLimit", "historyOffset", "historyLimit"});
    GetTicketParams p;
    p.ticket_id = args::required_string(a, "ticketId", 200);
    constexpr std::int64_t kBig = 1'000'000'000;
    p.view.description_offset = args::optional_int(a, "descriptionOffset", 0, kBig).value_or(0);
    if (auto v = args::optional_int(a, "commentsOffset", 0, kBig)) p.view.comments_offset = *v;
    p.view.comments_limit = args::optional_int(a, "commentsLimit", 0, 100).value_or(10);
    if (auto v = args::optional_int(a, "historyOffset", 0, kBig)) p.view.history_offset = *v;
    p.view.history_limit = args::optional_int(a, "historyLimit", 0, 200).value_or(20);
    return p;
  }
};

struct UpdateTicketParams {
  std::string ticket_id;
  storage::TicketPatch patch;
  static UpdateTicketParams from_json(const json& a) {
    args::only(a, {"ticketId", "title", "description", "type", "priority", "labels", "epicId", "expectedUpdatedAt"});
    UpdateTicketParams p;
    p.ticket_id = args::required_string(a, "ticketId", 200);
    if (a.contains("title")) p.patch.title = args::required_string(a, "title", 500);
    p.patch.description = args::optional_string(a, "description");
    if (auto t = args::optional_enum(a, "type", kTypes)) p.patch.type = storage::parse_ticket_type(*t);
    if (auto v = args::optional_enum(a, "priority", kPriorities)) p.patch.priority = storage::parse_priority(*v);
    p.patch.labels = args::optional_strings(a, "labels", 50, 100);
    p.patch.epic_id = args::nullable_string(a, "epicId", 200);
    p.patch.expected_updated_at = args::optional_string(a, "expectedUpdatedAt", 100);
    return p;
  }
};

struct ChangeStatusParams {
  std::string ticket_id;
  storage::TicketStatus status;
  std::optional<std::string> comment;
  static ChangeStatusParams from_json(const json& a) {
    args::only(a, {"ticketId", "status", "comment"});
    ChangeStatusParams p;
    p.ticket_id = args::required_string(a, "ticketId", 200);
    if (!a.contains("status")) throw protocol::ToolError("Invalid argument \"status\": required");
    p.status = *storage::parse_ticket_status(*args::optional_enum(a, "status", kStatuses));
    p.comment = args::optional_string(a, "comment", 20'000);
    return p;
  }
};

struct ListTicketsParams {
  storage::TicketFilter filter;
  static ListTicketsParams from_json(const json& a) {
    args::only(a, {"status", "type", "priority", "epicId", "limit", "cursor"});
    ListTicketsParams p;
    if (auto v = args::optional_enum(a, "status", kStatuses)) p.filter.status = storage::parse_ticket_status(*v);
    if (auto v = args::optional_enum(a, "type", kTypes)) p.filter.type = storage::parse_ticket_type(*v);
    if (auto v = args::optional_enum(a, "priority", kPriorities)) p.filter.priority = storage::parse_priority(*v);
    p.filter.epic_id = args::optional_string(a, "epicId", 200);
    p.filter.limit = limit_arg(a, 50);
    p.filter.cursor = args::optional_string(a, "cursor", 500);
    return p;
  }
};

// The answer of a write that returns the ticket: its core fields, description cut at 2,000 bytes.
ToolResult ticket_answer(const Ticket& t, const std::string& what) {
  json j = ticket_core_json(t);
  std::string text = what + " " + ticket_line(t) + " (updatedAt " + t.updated_at + ")";
  if (!t.subtasks.empty()) text += ", " + std::to_string(t.subtasks.size()) + " subtasks";
  return ToolResult::structured_with_text(std::move(j), text);
}

// The full ticket within the answer budget: windows shrink until text and structure fit.
ToolResult ticket_detail_answer(const Ticket& t, TicketView view) {
  for (;;) {
    TicketSlice slice = slice_ticket(t, view);
    ToolResult r =
        ToolResult::structured_with_text(protocol::raw_json(ticket_detail_text(slice)), ticket_markdown(slice));
    if (answer_fits(r, kMaxAnswerChars) || !view.shrink()) return r;
  }
}

}  // namespace

void register_ticket_tools(protocol::Server& server, Store& store) {
  add_tool<CreateTicketParams>(server, "sciorex_create_ticket", Access::write,
                               [&store](const CreateTicketParams& p, RequestContext& ctx) {
                                 return ticket_answer(store.tickets.create(p.ticket, actor_of(ctx)), "Created");
                               });
  add_tool<GetTicketParams>(server, "sciorex_get_ticket", Access::read,
                            [&store](const GetTicketParams& p, RequestContext&) {
                              return ticket_detail_answer(store.ticket_reads.get(p.ticket_id), p.view);
                            });
  add_tool<UpdateTicketParams>(server, "sciorex_update_ticket", Access::write,
                               [&store](const UpdateTicketParams& p, RequestContext& ctx) {
                                 return ticket_answer(store.tickets.update(p.ticket_id, p.patch, actor_of(ctx)),
                                                      "Updated");
                               });
  add_tool<ChangeStatusParams>(
      server, "sciorex_change_status", Access::write, [&store](const ChangeStatusParams& p, RequestContext& ctx) {
        return ticket_answer(store.tickets.change_status(p.ticket_id, p.status, actor_of(ctx), p.comment), "Moved");
      });
  add_tool<ListTicketsParams>(server, "sciorex_list_tickets", Access::read,
                              [&store](const ListTicketsParams& p, RequestContext&) {
                                return ticket_list_answer(store.ticket_reads.list(p.filter), json::object(),
                                                          "No tickets match.");
                              });
}

}  // namespace sciorex::tickets
