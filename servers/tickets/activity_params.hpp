// The arguments of the activity tools the command line also offers (comment, blockers, completing
// a subtask), parsed by the tools' own rules.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sciorex/protocol/arguments.hpp"
#include "sciorex/storage/ticket.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace args = protocol::args;

struct CommentParams {
  std::string ticket_id, comment;
  static CommentParams from_json(const json& a) {
    args::only(a, {"ticketId", "comment"});
    return {args::required_string(a, "ticketId", 200), args::required_string(a, "comment", 20'000)};
  }
};

struct BlockerParams {
  std::string ticket_id, blocker_id;
  std::optional<std::string> reason;
  static BlockerParams from_json(const json& a) {
    args::only(a, {"ticketId", "blockerTicketId", "reason"});
    return {args::required_string(a, "ticketId", 200), args::required_string(a, "blockerTicketId", 200),
            args::optional_string(a, "reason", 5'000)};
  }
};

struct RemoveBlockerParams {
  std::string ticket_id, blocker_id;
  static RemoveBlockerParams from_json(const json& a) {
    args::only(a, {"ticketId", "blockerTicketId"});
    return {args::required_string(a, "ticketId", 200), args::required_string(a, "blockerTicketId", 200)};
  }
};

inline storage::SubtaskRef subtask_ref(const json& a) {
  storage::SubtaskRef ref;
  ref.id = args::optional_string(a, "subtaskId", 200);
  ref.title = args::optional_string(a, "title", 500);
  if (!ref.id && !ref.title)
    throw protocol::ToolError(
        "Name the subtask with subtaskId (e.g. \"sub-001\") or title (a case-insensitive part of its title). "
        "sciorex_list_subtasks lists them.");
  return ref;
}

struct CompleteSubtaskParams {
  std::string ticket_id;
  storage::SubtaskRef ref;
  bool completed = true;
  static CompleteSubtaskParams from_json(const json& a) {
    args::only(a, {"ticketId", "subtaskId", "title", "completed"});
    CompleteSubtaskParams p;
    p.ticket_id = args::required_string(a, "ticketId", 200);
    p.ref = subtask_ref(a);
    p.completed = args::optional_bool(a, "completed").value_or(true);
    return p;
  }
};

}  // namespace sciorex::tickets
