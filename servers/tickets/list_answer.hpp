// The compact answer of every tool that lists tickets: one line per ticket in the text, minimal
// items in structuredContent, nextCursor when more follow. A list of 50 stays under 10 KB
// (text and structure together): when long titles would pass that, they are cut shorter.
#pragma once

#include <functional>
#include <string>

#include "sciorex/protocol/features.hpp"
#include "sciorex/storage/ticket.hpp"

namespace sciorex::tickets {

inline constexpr std::size_t kListBudgetPer50 = std::size_t{10} * 1024;  // bytes for 50 tickets, pro rata

// `extra` holds the answer's other fields; `suffix(i)` adds to the i-th line (may be empty).
protocol::ToolResult ticket_list_answer(const storage::TicketPage& page, const nlohmann::json& extra,
                                        const std::string& empty_text,
                                        const std::function<std::string(std::size_t)>& suffix = {});

}  // namespace sciorex::tickets
