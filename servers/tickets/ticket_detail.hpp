// The get_ticket answer (the full ticket shape) from a slice of the ticket, as a document and as
// JSON text written straight. Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sciorex/protocol/features.hpp"
#include "ticket_slice.hpp"

namespace sciorex::tickets {

using nlohmann::json;

// The full ticket shape (the get_ticket answer): ticket_core_json with every collection, the
// description window, comments and history windows, and `page` (ranges and notes) when cut.
json ticket_detail_json(const TicketSlice& s);
// The same answer written straight to JSON text, byte for byte what serialising
// ticket_detail_json(s) writes (keys in the same sorted order), without building the document:
// the get_ticket answer is the largest and most frequent one (issue 6).
std::string ticket_detail_text(const TicketSlice& s);
// The sciorex_get_ticket result: the full ticket within the answer budget (the windows of `view`
// shrink until text and structure fit), with its markdown as the text.
protocol::ToolResult ticket_detail_answer(const storage::Ticket& t, TicketView view);

}  // namespace sciorex::tickets
