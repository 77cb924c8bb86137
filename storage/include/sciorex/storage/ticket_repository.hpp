// TicketRepository: the ticket aggregate (a ticket with its subtasks, blockers, relations,
// comments, linked resources and sessions) over one Database.
//
// Every mutating call takes the Actor making the change, runs as one BEGIN IMMEDIATE
// transaction that reads, checks and writes, and appends its history event(s) in that same
// transaction; the ticket's updatedAt moves with every change. Inputs are validated before
// anything is written: on any error the store is untouched.
//
// Thread-safe (Database serialises calls). Holds a reference: the Database must outlive it.
// Throws StoreError: NotFound (unknown ticket, epic or subtask; its next step says how to find
// valid ids), InvalidArgument (bad values, lengths, cursor, self-block, cycle), InvalidTransition
// (status table), Conflict (stale expected_updated_at; a ticket already in_progress when
// claimed), Internal (SQLite).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sciorex/storage/ticket.hpp"
#include "sciorex/storage/types.hpp"

namespace sciorex::storage {

class Database;

class TicketRepository {
 public:
  explicit TicketRepository(Database& db) : db_(db) {}

  // ---- the ticket itself -------------------------------------------------------------------
  // Allocates the next id (prefix, start number, padding from StoreConfig; never reused).
  Ticket create(const NewTicket& input, const Actor& actor);
  std::optional<Ticket> find(const std::string& id);      // full detail, nullopt when unknown
  Ticket get(const std::string& id);                      // full detail, NotFound when unknown
  std::optional<Ticket> find_row(const std::string& id);  // row fields only, nullopt when unknown
  // Partial update; one `updated` event listing {field: {from, to}}. A patch that changes
  // nothing writes nothing. Status is not changed here.
  Ticket update(const std::string& id, const TicketPatch& patch, const Actor& actor);
  // Checks the transition table. Moving to in_progress a ticket that is already in_progress
  // fails with Conflict naming the actor who moved it there (the atomic claim).
  Ticket change_status(const std::string& id, TicketStatus to, const Actor& actor,
                       const std::optional<std::string>& comment = std::nullopt);
  // Deletes the ticket and its children; its id is never handed out again.
  void remove(const std::string& id, const Actor& actor);

  // ---- queries (row fields only; each page has next_cursor when more follow) ----------------
  TicketPage list(const TicketFilter& filter = {});  // id order
  // Case-insensitive substring match over id, title and description, oldest first.
  TicketPage search(const std::string& query, int limit = 20,
                    const std::optional<std::string>& cursor = std::nullopt);
  // planned and no blocker unfinished (a blocker is finished when done or cancelled, or no
  // longer exists); ordered by priority (critical first) then id.
  TicketPage ready(const ReadyFilter& filter = {});
  // Not done/cancelled and at least one unfinished blocker; ordered by priority then id.
  TicketPage blocked(int limit = 10, const std::optional<std::string>& cursor = std::nullopt);

  // ---- subtasks -------------------------------------------------------------------------------
  Subtask add_subtask(const std::string& ticket_id, const std::string& title, const Actor& actor);
  // completed=true -> done (subtask_completed); false -> pending (subtask_reopened). No change, no event.
  Subtask complete_subtask(const std::string& ticket_id, const SubtaskRef& ref, bool completed,
                           const Actor& actor);
  // Any status; `completed` follows done; a note replaces the previous one (subtask_status_changed).
  Subtask update_subtask(const std::string& ticket_id, const SubtaskRef& ref, SubtaskStatus status,
                         const std::optional<std::string>& note, const Actor& actor);
  SubtaskList list_subtasks(const std::string& ticket_id);

  // ---- comments, progress, relationships, links -------------------------------------------
  Comment add_comment(const std::string& ticket_id, const std::string& text, const Actor& actor);
  // A history entry only (progress_reported {message, percentage}); percentage 0..100.
  HistoryEntry report_progress(const std::string& ticket_id, const std::string& message,
                               std::optional<int> percentage, const Actor& actor);
  // ticket_id is blocked by blocker_id. Refuses self-block, unknown tickets and cycles.
  // Idempotent: returns false (and writes nothing) when the blocker is already there.
  bool add_blocker(const std::string& ticket_id, const std::string& blocker_id,
                   const std::optional<std::string>& reason, const Actor& actor);
  // NotFound when blocker_id does not block ticket_id.
  void remove_blocker(const std::string& ticket_id, const std::string& blocker_id, const Actor& actor);
  // relatesTo in both directions; idempotent (false when already related).
  bool add_relation(const std::string& ticket_id, const std::string& other_id, const Actor& actor);
  // Re-linking the same url/path updates its title and kind.
  Resource link_resource(const std::string& ticket_id, const NewResource& input, const Actor& actor);
  // Links a session to a ticket (and to the ticket's epic, if any; sets lastSessionId) or to an
  // epic. Re-linking updates title, notes and archived. Returns the links written.
  std::vector<SessionLink> link_session(const NewSessionLink& input, const Actor& actor);

 private:
  Database& db_;
};

}  // namespace sciorex::storage
