#include "list_answer.hpp"

#include "ticket_json.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

protocol::ToolResult ticket_list_answer(const storage::TicketPage& page, const json& extra,
                                        const std::string& empty_text,
                                        const std::function<std::string(std::size_t)>& suffix) {
  const std::size_t n = page.tickets.size();
  const std::size_t budget =
      std::max<std::size_t>(kListBudgetPer50 * n / 50, 2'000) - 240;  // room for the JSON-RPC envelope
  ToolResult r;
  for (std::size_t title_max : {80, 56, 40, 28}) {
    json items = json::array();
    std::string text;
    for (std::size_t i = 0; i < n; ++i) {
      items.push_back(ticket_item_json(page.tickets[i], title_max));
      text += ticket_line(page.tickets[i], title_max) + (suffix ? suffix(i) : std::string()) + "\n";
    }
    json structured = extra;
    structured["tickets"] = std::move(items);
    structured["count"] = n;
    if (page.next_cursor) {
      structured["nextCursor"] = *page.next_cursor;
      text += "More: pass cursor " + *page.next_cursor + "\n";
    }
    r = ToolResult::structured_with_text(std::move(structured), n == 0 ? empty_text : text);
    if (answer_fits(r, budget)) break;
  }
  return r;
}

}  // namespace sciorex::tickets
