// Interactions between agents and people: questions (sciorex_ask_user), approvals
// (sciorex_request_approval) and notifications (sciorex_notify_user). Plain values, no JSON types:
// the request and answer travel as JSON text that the MCP layer writes and reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sciorex/storage/types.hpp"

namespace sciorex::storage {

enum class InteractionKind { Question, Approval, Notification };
// pending: waiting for a person. answered: a person (or the client's form) answered.
// withdrawn: the asking call was cancelled. delivered: a notification was stored and shown.
enum class InteractionStatus { Pending, Answered, Withdrawn, Delivered };

std::string_view to_string(InteractionKind v);
std::string_view to_string(InteractionStatus v);
std::optional<InteractionKind> parse_interaction_kind(std::string_view s);
std::optional<InteractionStatus> parse_interaction_status(std::string_view s);

struct Interaction {
  std::string id;  // "I-001"; allocated in the write transaction, never reused
  InteractionKind kind = InteractionKind::Question;
  InteractionStatus status = InteractionStatus::Pending;
  std::optional<std::string> ticket_id;
  std::string summary;                     // the question, the action, or the message: one line for the inbox
  std::string urgency;                     // question urgency, approval impact, or notification type
  std::string request_json;                // the asking call's arguments, a JSON object as text
  std::optional<std::string> answer_json;  // the answer, a JSON object as text
  std::optional<std::string>
      channel;  // how it was answered: "elicitation", "inbox" or "app" (an MCP Apps view)
  Actor asked_by;
  std::optional<Actor> answered_by;
  std::string created_at;
  std::optional<std::string> answered_at;
  bool operator==(const Interaction&) const = default;
};

struct NewInteraction {
  InteractionKind kind = InteractionKind::Question;
  std::string summary;  // required, at most 5,000 characters
  std::string urgency;
  std::string request_json = "{}";
  std::optional<std::string> ticket_id;  // must exist when given
};

}  // namespace sciorex::storage
