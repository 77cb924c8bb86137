// The windows that keep a ticket answer inside the agent's budget: which part of the description,
// which comments and history entries, how many of each list one answer shows, with notes saying
// how to get the rest. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sciorex/storage/ticket.hpp"

namespace sciorex::tickets {

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
}  // namespace sciorex::tickets
