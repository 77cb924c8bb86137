// Markdown renderings for people and agents: a ticket (resource, prompts, get_ticket's text),
// an epic, and the board summary. Pure functions of domain values; thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sciorex/storage/epic.hpp"
#include "sciorex/storage/ticket.hpp"
#include "ticket_json.hpp"
#include "ticket_slice.hpp"

namespace sciorex::tickets {

// Header fields, description window, subtasks, blockers, links, comments and history windows,
// and the slice's notes on how to fetch what was cut.
std::string ticket_markdown(const TicketSlice& slice);

// The epic, its progress and one line per ticket (at most `max_tickets`).
std::string epic_markdown(const storage::EpicDetail& epic, std::size_t max_tickets = 200);

struct BoardData {
  std::map<storage::TicketStatus, int> counts;
  std::vector<storage::Ticket> ready;
  std::vector<storage::Ticket> blocked;
  std::vector<storage::EpicSummary> epics;
};
std::string board_markdown(const BoardData& board);

}  // namespace sciorex::tickets
