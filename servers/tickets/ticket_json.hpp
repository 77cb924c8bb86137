// The JSON mapping of the storage domain (the contract's camelCase field names). Storage has no
// JSON; this is the one place that maps it (the windows of a ticket answer: ticket_slice.hpp; the
// get_ticket answer: ticket_detail.hpp). Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sciorex/storage/board_queries.hpp"
#include "sciorex/storage/epic.hpp"
#include "sciorex/storage/ticket.hpp"

namespace sciorex::tickets {

using nlohmann::json;

json actor_json(const storage::Actor& a);
json subtask_json(const storage::Subtask& s);
json comment_json(const storage::Comment& c, std::size_t max_chars = std::string::npos);
json resource_json(const storage::Resource& r);
json session_json(const storage::SessionLink& s);
json history_json(const storage::HistoryEntry& h);
json progress_json(const storage::EpicProgress& p);
json epic_json(const storage::Epic& e);

// A list item: {id, title (cut to title_max bytes), status, priority, type, epicId?}.
json ticket_item_json(const storage::Ticket& t, std::size_t title_max = 80);
// The list line: "T-001 [in_progress] high feature: Title".
std::string ticket_line(const storage::Ticket& t, std::size_t title_max = 80);
// The row fields and small collections (subtasks, blockers, relations, links), description cut
// to `description_max` bytes (descriptionTruncated: true when cut); no comments or history.
json ticket_core_json(const storage::Ticket& t, std::size_t description_max = 2'000);
// A board card, as the web board and the MCP Apps board view draw it: {id, title, type, priority,
// status, labels, epicId, subtasks {done, total}, blocked, updatedAt}.
json board_card_json(const storage::BoardCard& c);

}  // namespace sciorex::tickets
