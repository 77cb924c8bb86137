// Shared internals of the repositories: row mapping and existence checks (ids: ticket_ids.hpp,
// validation: ticket_validation.hpp). Private to the storage library.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sciorex/storage/epic.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/ticket.hpp"
#include "tx.hpp"

namespace sciorex::storage::detail {

// "t.id, t.title, ..." in the order read_ticket_row expects.
extern const char* const kTicketColumns;
Ticket read_ticket_row(Stmt& st);
std::vector<Ticket> read_ticket_rows(Stmt& st);

std::optional<Ticket> load_ticket_row(Tx& tx, const std::string& id);
Ticket require_ticket(Tx& tx, const std::string& id);  // NotFound with a hint
void load_ticket_children(Tx& tx, Ticket& t);
// Subtasks from rows of kSubtaskColumns, in position order.
inline constexpr const char* kSubtaskColumns = "sub_id, title, status, completed_at, note, position";
std::vector<Subtask> read_subtasks(Stmt& st);
// The row and its children (load_ticket_children): one statement on PostgreSQL.
std::optional<Ticket> load_ticket_detail(Tx& tx, const std::string& id);
bool ticket_exists(Tx& tx, const std::string& id);

std::optional<Epic> load_epic_row(Tx& tx, const std::string& id);
Epic require_epic(Tx& tx, const std::string& id);
std::vector<SessionLink> load_sessions(Tx& tx, std::string_view entity_type, const std::string& id);
// Links session `l.session_id` to the entity; linked already: a given title or notes replace the
// old ones, `archived` is set, `created_at` stays (link_session, import).
void save_session(Tx& tx, std::string_view entity_type, const std::string& id, const SessionLink& l);
// The actor's host session (Actor::session) linked to ticket `id` when it is not yet: the link
// (with its host), the ticket's lastSessionId, and a session_linked event {sessionId, host,
// automatic: true}. Linked already: lastSessionId follows the session, nothing else is written.
void link_host_session(Tx& tx, const std::string& id, const Actor& actor);

// Throws InvalidArgument when blocker_id already depends on ticket_id, directly or through other
// blockers, so that ticket_id blocked by blocker_id would make a cycle (add_blocker, import).
void check_blocker_cycle(Tx& tx, const std::string& ticket_id, const std::string& blocker_id);
// Which of `edges` (ticket, blocker), already in the store, lie on a cycle of blockers: their
// indexes with check_blocker_cycle's message. Linear in the blockers reachable from the edges'
// tickets (one check_blocker_cycle per edge would be quadratic along a long chain).
std::vector<std::pair<std::size_t, std::string>> blocker_cycles(
    Tx& tx, const std::vector<std::pair<std::string, std::string>>& edges);

// Throws InvalidArgument when ticket_id may not take parent_id as its parent: itself, or one of its
// descendants, which would make a cycle (create, update, import).
void check_parent_cycle(Tx& tx, const std::string& ticket_id, const std::string& parent_id);
// Which of `edges` (ticket, parent), already in the store, lie on a cycle of parents: their indexes
// with check_parent_cycle's message. Linear in the tickets reachable from the edges' tickets
// through their parents.
std::vector<std::pair<std::size_t, std::string>> parent_cycles(
    Tx& tx, const std::vector<std::pair<std::string, std::string>>& edges);

// Set updated_at to the transaction's time.
void touch_ticket(Tx& tx, const std::string& id);
void touch_epic(Tx& tx, const std::string& id);

std::string labels_to_json(const std::vector<std::string>& labels);
std::vector<std::string> labels_from_json(const std::string& text);

// NotFound for an unknown id, with the next step of finding valid ones.
StoreError ticket_not_found(const std::string& id);
StoreError epic_not_found(const std::string& id);

}  // namespace sciorex::storage::detail
