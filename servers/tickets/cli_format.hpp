// How the command line shows tickets and epics to a person: agent text made visible (no control
// character reaches the terminal), one line per ticket with its epic, blocked mark and subtask
// progress, history in words, and a ticket's markdown with the description's headings nested
// under the ticket's. Pure functions; thread-safe.
#pragma once

#include <string>

#include "sciorex/storage/epic.hpp"
#include "sciorex/storage/ticket.hpp"

namespace sciorex::tickets {

// A copy with every text an agent may have written made visible (see common::visible): single
// lines for titles, ids, labels and reasons; descriptions and comments keep their newlines.
storage::Ticket for_terminal(storage::Ticket t);
storage::EpicDetail for_terminal(storage::EpicDetail d);

// "T-042 [in_progress] high feature: Title (epic E-001; blocked; subtasks 1/3)" from a ticket
// with its children loaded (the bracket part only lists what applies). Text made visible.
std::string terminal_line(const storage::Ticket& t);

// A history entry in words: "status planned → in_progress", "epic set to E-001", ...
std::string history_words(const storage::HistoryEntry& h);

// The whole ticket as markdown for a terminal: everything shown, history in words.
std::string ticket_terminal_markdown(const storage::Ticket& t);

// The epic, its progress and its tickets.
std::string epic_terminal_markdown(const storage::EpicDetail& d);

}  // namespace sciorex::tickets
