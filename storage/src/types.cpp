// Enum <-> string forms (the name lists are in types.hpp) and the transition table of the contract.
#include "sciorex/storage/types.hpp"

#include "sciorex/storage/errors.hpp"

namespace sciorex::storage {
namespace {

// Each list has one name per value, in declaration order (the last value's index + 1).
static_assert(kTicketStatusNames.size() == static_cast<std::size_t>(TicketStatus::Cancelled) + 1);
static_assert(kTicketTypeNames.size() == static_cast<std::size_t>(TicketType::Refactor) + 1);
static_assert(kPriorityNames.size() == static_cast<std::size_t>(Priority::Low) + 1);
static_assert(kSubtaskStatusNames.size() == static_cast<std::size_t>(SubtaskStatus::Skipped) + 1);
static_assert(kEpicStatusNames.size() == static_cast<std::size_t>(EpicStatus::Cancelled) + 1);
static_assert(kActorTypeNames.size() == static_cast<std::size_t>(ActorType::System) + 1);

template <class E>
std::string_view name_of(E v) {
  const auto names = names_of<E>();
  const auto i = static_cast<std::size_t>(v);
  return i < names.size() ? names[i] : "unknown";
}

template <class E>
std::string join_names() {
  std::string out;
  for (std::string_view name : names_of<E>()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

template <class E>
E parse_or_throw(std::string_view s, std::string_view field) {
  if (auto v = parse_enum<E>(s)) return *v;
  throw StoreError::invalid_argument("Invalid " + std::string(field) + " '" + std::string(s) +
                                     "'. Valid values: " + join_names<E>() + ".");
}

}  // namespace

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::NotFound:
      return "not_found";
    case ErrorKind::InvalidArgument:
      return "invalid_argument";
    case ErrorKind::InvalidTransition:
      return "invalid_transition";
    case ErrorKind::Conflict:
      return "conflict";
    case ErrorKind::Internal:
      return "internal";
    case ErrorKind::Unavailable:
      return "unavailable";
  }
  return "internal";
}

std::string_view to_string(TicketStatus v) { return name_of(v); }
std::string_view to_string(TicketType v) { return name_of(v); }
std::string_view to_string(Priority v) { return name_of(v); }
std::string_view to_string(SubtaskStatus v) { return name_of(v); }
std::string_view to_string(EpicStatus v) { return name_of(v); }
std::string_view to_string(ActorType v) { return name_of(v); }

std::optional<TicketStatus> parse_ticket_status(std::string_view s) { return parse_enum<TicketStatus>(s); }
std::optional<TicketType> parse_ticket_type(std::string_view s) { return parse_enum<TicketType>(s); }
std::optional<Priority> parse_priority(std::string_view s) { return parse_enum<Priority>(s); }
std::optional<SubtaskStatus> parse_subtask_status(std::string_view s) { return parse_enum<SubtaskStatus>(s); }
std::optional<EpicStatus> parse_epic_status(std::string_view s) { return parse_enum<EpicStatus>(s); }
std::optional<ActorType> parse_actor_type(std::string_view s) { return parse_enum<ActorType>(s); }

TicketStatus ticket_status_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw<TicketStatus>(s, f);
}
TicketType ticket_type_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw<TicketType>(s, f);
}
Priority priority_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw<Priority>(s, f);
}
SubtaskStatus subtask_status_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw<SubtaskStatus>(s, f);
}
EpicStatus epic_status_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw<EpicStatus>(s, f);
}
ActorType actor_type_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw<ActorType>(s, f);
}

std::string valid_values_ticket_status() { return join_names<TicketStatus>(); }
std::string valid_values_ticket_type() { return join_names<TicketType>(); }
std::string valid_values_priority() { return join_names<Priority>(); }
std::string valid_values_subtask_status() { return join_names<SubtaskStatus>(); }
std::string valid_values_epic_status() { return join_names<EpicStatus>(); }

const std::vector<TicketStatus>& allowed_transitions(TicketStatus from) {
  using S = TicketStatus;
  static const std::vector<S> backlog{S::Planned, S::Cancelled};
  static const std::vector<S> planned{S::Backlog, S::InProgress, S::Cancelled};
  static const std::vector<S> in_progress{S::Planned, S::InReview, S::Done, S::Cancelled};
  static const std::vector<S> in_review{S::InProgress, S::Done, S::Cancelled};
  static const std::vector<S> done{S::InProgress};
  static const std::vector<S> cancelled{S::Backlog};
  switch (from) {
    case S::Backlog:
      return backlog;
    case S::Planned:
      return planned;
    case S::InProgress:
      return in_progress;
    case S::InReview:
      return in_review;
    case S::Done:
      return done;
    case S::Cancelled:
      return cancelled;
  }
  return backlog;
}

bool is_allowed_transition(TicketStatus from, TicketStatus to) {
  for (auto s : allowed_transitions(from))
    if (s == to) return true;
  return false;
}

}  // namespace sciorex::storage
