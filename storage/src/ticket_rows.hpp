// Shared internals of the repositories: row mapping, existence checks, id allocation,
// validation helpers. Private to the storage library.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sciorex/storage/epic.hpp"
#include "sciorex/storage/ticket.hpp"
#include "tx.hpp"

namespace sciorex::storage::detail {

// Limits enforced before anything reaches the database, in characters (Unicode code points), as
// the tools' schemas count them (JSON Schema's maxLength).
inline constexpr std::size_t kMaxTitle = 500;
inline constexpr std::size_t kMaxDescription = 100'000;
inline constexpr std::size_t kMaxLabel = 100;
inline constexpr std::size_t kMaxLabels = 50;
inline constexpr std::size_t kMaxComment = 20'000;
inline constexpr std::size_t kMaxMessage = 5'000;
inline constexpr std::size_t kMaxShort = 200;  // ids, session ids, kinds
// A search query: as long as a title, the longest text a person would search for by its words;
// sciorex_search_tickets advertises it as its maxLength.
inline constexpr std::size_t kMaxQuery = 500;
inline constexpr std::size_t kMaxUrl = 2'048;
inline constexpr int kMaxLimit = 500;

// "t.id, t.title, ..." in the order read_ticket_row expects.
extern const char* const kTicketColumns;
Ticket read_ticket_row(SQLite::Statement& st);
std::vector<Ticket> read_ticket_rows(SQLite::Statement& st);

std::optional<Ticket> load_ticket_row(Tx& tx, const std::string& id);
Ticket require_ticket(Tx& tx, const std::string& id);  // NotFound with a hint
void load_ticket_children(Tx& tx, Ticket& t);
bool ticket_exists(Tx& tx, const std::string& id);

std::optional<Epic> load_epic_row(Tx& tx, const std::string& id);
Epic require_epic(Tx& tx, const std::string& id);
std::vector<SessionLink> load_sessions(Tx& tx, std::string_view entity_type, const std::string& id);

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

// Ids: "ticket" or "epic". allocate_id hands out the next unused id and advances the counter;
// bump_counter keeps the counter past an imported id.
std::string allocate_id(Tx& tx, std::string_view kind);
void bump_counter(Tx& tx, std::string_view kind, const std::string& id);
long long id_number(const std::string& id);  // digits after the last '-', 0 if none

std::string labels_to_json(const std::vector<std::string>& labels);
std::vector<std::string> labels_from_json(const std::string& text);

// The number of Unicode code points in UTF-8 text (what the limits above count).
std::size_t character_count(std::string_view s);

// Validation; all throw StoreError(InvalidArgument).
std::string checked_title(const std::string& title, std::string_view field = "title");
// At most `max` characters, and no NUL (U+0000): SQLite's text functions, C strings and terminals
// cut text at a NUL, so text after it could be stored yet never found or shown.
void check_length(const std::string& s, std::size_t max, std::string_view field);
void check_labels(const std::vector<std::string>& labels);
void check_id_syntax(const std::string& id, std::string_view field);
void check_limit(int limit);

std::string ticket_not_found(const std::string& id);
std::string epic_not_found(const std::string& id);

}  // namespace sciorex::storage::detail
