// The ticket itself: sciorex_create_ticket, sciorex_get_ticket, sciorex_update_ticket,
// sciorex_change_status, sciorex_list_tickets.
#include "list_answer.hpp"
#include "markdown.hpp"
#include "sciorex/protocol/wire.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_detail.hpp"
#include "ticket_json.hpp"
#include "ticket_params.hpp"
#include "tickets.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace args = protocol::args;
using storage::Ticket;

namespace {

struct GetTicketParams {
  std::string ticket_id;
  TicketView view;
  static GetTicketParams from_json(const json& a) {
    args::only(a, {"ticketId", "descriptionOffset", "commentsOffset", "commentsLimit", "historyOffset",
                   "historyLimit"});
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

// The answer of a write that returns the ticket: its core fields, description cut at 2,000 bytes.
ToolResult ticket_answer(const Ticket& t, const std::string& what) {
  json j = ticket_core_json(t);
  std::string text = what + " " + ticket_line(t) + " (updatedAt " + t.updated_at + ")";
  if (!t.subtasks.empty()) text += ", " + std::to_string(t.subtasks.size()) + " subtasks";
  return ToolResult::structured_with_text(std::move(j), text);
}

}  // namespace

ToolResult ticket_detail_answer(const Ticket& t, TicketView view) {
  for (;;) {
    TicketSlice slice = slice_ticket(t, view);
    ToolResult r = ToolResult::structured_with_text(protocol::raw_json(ticket_detail_text(slice)),
                                                    ticket_markdown(slice));
    if (answer_fits(r, kMaxAnswerChars) || !view.shrink()) return r;
  }
}

void register_ticket_tools(protocol::Server& server, Store& store) {
  add_tool<CreateTicketParams>(server, "sciorex_create_ticket", Access::write,
                               [&store](const CreateTicketParams& p, RequestContext& ctx) {
                                 return ticket_answer(store.tickets.create(p.ticket, actor_of(ctx)),
                                                      "Created");
                               });
  add_tool<GetTicketParams>(server, "sciorex_get_ticket", Access::read,
                            [&store](const GetTicketParams& p, RequestContext&) {
                              return ticket_detail_answer(store.ticket_reads.get(p.ticket_id), p.view);
                            });
  add_tool<UpdateTicketParams>(server, "sciorex_update_ticket", Access::write,
                               [&store](const UpdateTicketParams& p, RequestContext& ctx) {
                                 return ticket_answer(
                                     store.tickets.update(p.ticket_id, p.patch, actor_of(ctx)), "Updated");
                               });
  add_tool<ChangeStatusParams>(
      server, "sciorex_change_status", Access::write,
      [&store](const ChangeStatusParams& p, RequestContext& ctx) {
        return ticket_answer(store.tickets.change_status(p.ticket_id, p.status, actor_of(ctx), p.comment),
                             "Moved");
      });
  add_tool<ListTicketsParams>(
      server, "sciorex_list_tickets", Access::read, [&store](const ListTicketsParams& p, RequestContext&) {
        return ticket_list_answer(store.ticket_reads.list(p.filter), json::object(), "No tickets match.");
      });
}

}  // namespace sciorex::tickets
