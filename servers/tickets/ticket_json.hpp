// The JSON mapping of the storage domain (the contract's camelCase field names) and the windows
// that keep a ticket answer inside the agent's budget. Storage has no JSON; this is the one place
// that maps it. Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

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

// What one answer shows of a ticket's long parts. Offsets index from the start (oldest first);
// an absent comments/history offset shows the newest `limit` entries.
struct TicketView {
  std::size_t description_offset = 0;
  std::size_t description_limit = 10'000;  // bytes of UTF-8
  std::optional<std::size_t> comments_offset;
  std::size_t comments_limit = 10;
  std::size_t comment_chars = 1'500;  // each comment's text is cut to this
  std::optional<std::size_t> history_offset;
  std::size_t history_limit = 20;
  std::size_t list_limit = 100;  // subtasks, blockers, relations, resources, sessions

  // Halves the windows, largest savings first; false when nothing can shrink any more.
  bool shrink();
};

struct Range {
  std::size_t offset = 0;
  std::size_t count = 0;
  std::size_t total = 0;
  bool complete() const { return offset == 0 && count == total; }
};

// A ticket as one answer shows it: the windows applied, with notes saying how to get the rest.
struct TicketSlice {
  const storage::Ticket* ticket = nullptr;
  TicketView view;
  std::string description;  // the shown part of the description
  Range description_range, comments, history, subtasks;
  std::vector<std::string> notes;
};
TicketSlice slice_ticket(const storage::Ticket& t, const TicketView& view);
// The full ticket shape (the get_ticket answer): ticket_core_json with every collection, the
// description window, comments and history windows, and `page` (ranges and notes) when cut.
json ticket_detail_json(const TicketSlice& s);
// The same answer written straight to JSON text, byte for byte what serialising
// ticket_detail_json(s) writes (keys in the same sorted order), without building the document:
// the get_ticket answer is the largest and most frequent one (issue 6).
std::string ticket_detail_text(const TicketSlice& s);

}  // namespace sciorex::tickets
