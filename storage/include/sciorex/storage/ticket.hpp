// Domain structs of the ticket aggregate: what TicketRepository returns and takes.
//
// Plain values, no behaviour, no JSON. Timestamps are ISO-8601 UTC strings with seconds
// ("2024-12-06T15:45:00Z"). A ticket from `get` has every child collection filled; a ticket from
// `list`/`search`/`ready`/`blocked` has only its own row fields (children empty, `detail` false).
// Cursors are opaque strings, valid for the query kind that produced them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sciorex/storage/types.hpp"

namespace sciorex::storage {

struct Subtask {
  std::string id;  // "sub-001", unique within its ticket
  std::string title;
  SubtaskStatus status = SubtaskStatus::Pending;
  bool completed = false;  // status == done
  std::optional<std::string> completed_at;
  std::optional<std::string> note;
  bool operator==(const Subtask&) const = default;
};

struct Blocker {
  std::string ticket_id;  // the blocking ticket
  std::optional<std::string> reason;
  std::optional<TicketStatus> status;  // the blocker's current status; nullopt if it does not exist
  bool operator==(const Blocker&) const = default;
};

struct Comment {
  std::string text;
  Actor author;
  std::string created_at;
  bool operator==(const Comment&) const = default;
};

struct Resource {
  std::optional<std::string> url;  // exactly one of url / path is set
  std::optional<std::string> path;
  std::string title;
  std::string kind;  // pr, file, doc, url, issue, commit, ... (lowercase word)
  std::string created_at;
  bool operator==(const Resource&) const = default;
};

struct SessionLink {
  std::string session_id;
  std::string entity_type;  // "ticket" or "epic"
  std::string entity_id;
  std::optional<std::string> title;
  std::optional<std::string> notes;
  bool archived = false;
  std::string created_at;
  std::optional<std::string>
      host;  // the host that linked it by itself ("claude-code"); none when an agent or person linked it
  bool operator==(const SessionLink&) const = default;
};

struct HistoryEntry {
  std::string timestamp;
  std::string action;        // created, status_changed, updated, subtask_added, ...
  std::string details_json;  // a JSON object as text, e.g. {"from":"planned","to":"in_progress"}
  Actor actor;
  bool operator==(const HistoryEntry&) const = default;
};

struct Ticket {
  std::string id;
  std::string title;
  std::string description;
  TicketType type = TicketType::Task;
  Priority priority = Priority::Medium;
  TicketStatus status = TicketStatus::Backlog;
  std::vector<std::string> labels;
  std::optional<std::string> epic_id;
  std::optional<std::string> parent_id;
  std::optional<std::string> assigned_flow_id;
  std::optional<std::string> last_session_id;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> completed_at;

  bool detail = false;  // true when the collections below are loaded (get)
  std::vector<Subtask> subtasks;
  std::vector<Blocker> blocked_by;
  std::vector<std::string> blocks;  // tickets this one blocks (derived)
  std::vector<std::string> relates_to;
  std::vector<Comment> comments;
  std::vector<Resource> resources;
  std::vector<SessionLink> sessions;
  std::vector<HistoryEntry> history;
  bool operator==(const Ticket&) const = default;
};

// ---- inputs -------------------------------------------------------------------------------

struct NewTicket {
  std::string title;  // required, 1..500 characters
  std::string description;
  TicketType type = TicketType::Task;
  Priority priority = Priority::Medium;
  std::optional<std::string> epic_id;    // must exist
  std::optional<std::string> parent_id;  // must exist
  std::vector<std::string> labels;
  std::vector<std::string> subtasks;   // titles
  std::optional<TicketStatus> status;  // initial status; default backlog
};

// Partial update: an unset optional leaves the field unchanged.
struct TicketPatch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<TicketType> type;
  std::optional<Priority> priority;
  std::optional<std::vector<std::string>> labels;
  std::optional<std::optional<std::string>> epic_id;    // {std::nullopt} removes the epic
  std::optional<std::optional<std::string>> parent_id;  // {std::nullopt} removes the parent
  std::optional<std::optional<std::string>> assigned_flow_id;
  // When set, the update is refused with Conflict unless it equals the ticket's updatedAt.
  std::optional<std::string> expected_updated_at;
};

struct TicketFilter {
  std::optional<TicketStatus> status;
  std::optional<TicketType> type;
  std::optional<Priority> priority;
  std::optional<std::string> epic_id;
  int limit = 50;                     // 1..500
  std::optional<std::string> cursor;  // next_cursor of the previous page
};

struct ReadyFilter {
  std::optional<Priority> priority;
  std::optional<TicketType> type;
  int limit = 10;                     // 1..500
  std::optional<std::string> cursor;  // next_cursor of the previous page
};

struct TicketPage {
  std::vector<Ticket> tickets;             // row fields only
  std::optional<std::string> next_cursor;  // set when more tickets follow
};

// A subtask is named by id (wins) or by a case-insensitive partial title.
struct SubtaskRef {
  std::optional<std::string> id;
  std::optional<std::string> title;
};

struct SubtaskList {
  std::vector<Subtask> subtasks;
  int total = 0;
  int completed = 0;
  int pending = 0;     // total - completed
  int percentage = 0;  // completed * 100 / total, rounded; 0 when there are none
};

struct NewResource {
  std::optional<std::string> url;
  std::optional<std::string> path;
  std::string title;                // defaults to the url / path when empty
  std::optional<std::string> kind;  // default "url" for a url, "file" for a path
};

struct NewSessionLink {
  std::string session_id;
  std::optional<std::string> ticket_id;  // exactly one of ticket_id / epic_id
  std::optional<std::string> epic_id;
  std::optional<std::string> title;
  std::optional<std::string> notes;
  bool archived = false;
};

}  // namespace sciorex::storage
