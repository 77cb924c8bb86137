// Finding work: sciorex_search_tickets, sciorex_get_ready_tickets, sciorex_get_blocked_tickets.
// Compact answers: one line per ticket in the text, minimal fields in structuredContent.
#include "list_answer.hpp"
#include "query_params.hpp"
#include "ticket_json.hpp"
#include "tickets.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace args = protocol::args;

namespace {}  // namespace

void register_query_tools(protocol::Server& server, Store& store) {
  add_tool<SearchParams>(
      server, "sciorex_search_tickets", Access::read, [&store](const SearchParams& p, RequestContext&) {
        return ticket_list_answer(
            store.ticket_reads.search(p.query, p.limit, p.cursor), {{"query", p.query}},
            "No ticket's id, title or description contains \"" + clip(p.query, 100) + "\".");
      });
  add_tool<ReadyParams>(server, "sciorex_get_ready_tickets", Access::read,
                        [&store](const ReadyParams& p, RequestContext&) {
                          return ticket_list_answer(store.ticket_reads.ready(p.filter), json::object(),
                                                    "No ticket is ready (planned and unblocked).");
                        });
  add_tool<BlockedParams>(
      server, "sciorex_get_blocked_tickets", Access::read, [&store](const BlockedParams& p, RequestContext&) {
        storage::TicketPage page = store.ticket_reads.blocked(p.limit, p.cursor);
        // The list rows carry no children: read each one's unfinished blockers (at most `limit`).
        std::vector<std::vector<std::string>> blockers;
        for (const auto& t : page.tickets) {
          auto& ids = blockers.emplace_back();
          if (auto full = store.ticket_reads.find(t.id))
            for (const auto& b : full->blocked_by)
              if (b.status && *b.status != storage::TicketStatus::Done &&
                  *b.status != storage::TicketStatus::Cancelled)
                ids.push_back(b.ticket_id);
        }
        ToolResult r = ticket_list_answer(page, json::object(), "No ticket is blocked.", [&](std::size_t i) {
          std::string names;
          for (const auto& id : blockers[i]) names += (names.empty() ? "" : ", ") + id;
          return " (blocked by " + names + ")";
        });
        for (std::size_t i = 0; i < blockers.size(); ++i)
          (*r.structured)["tickets"][i]["blockedBy"] = blockers[i];
        return r;
      });
}

}  // namespace sciorex::tickets
