// The keys of a run's trigger context (issue 12), written once: trigger_context() builds exactly
// these, and the definitions' check refuses a `{{trigger.X}}` (or an expression's trigger.X) that
// names a key the flow's trigger type never provides.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "definitions.hpp"

namespace sciorex::flows {

// trigger.ticket.*: the ticket as the run saw it when it started.
inline constexpr std::array<std::string_view, 9> kTriggerTicketKeys{
    "id", "title", "description", "type", "priority", "status", "labels", "epicId", "subtasks"};

// trigger.*, by trigger type. `ticket` is absent only in a manual run started without a ticket.
inline std::span<const std::string_view> trigger_keys(TriggerType t) {
  static constexpr std::array<std::string_view, 5> status_changed{"type", "ticket", "fromStatus", "toStatus",
                                                                  "eventId"};
  static constexpr std::array<std::string_view, 3> created{"type", "ticket", "eventId"};
  static constexpr std::array<std::string_view, 4> subtask{"type", "ticket", "subtask", "eventId"};
  static constexpr std::array<std::string_view, 2> manual{"type", "ticket"};
  switch (t) {
    case TriggerType::TicketStatusChanged:
      return status_changed;
    case TriggerType::TicketCreated:
      return created;
    case TriggerType::SubtaskCompleted:
      return subtask;
    case TriggerType::Manual:
      break;
  }
  return manual;
}

}  // namespace sciorex::flows
