// Enum <-> string tables and the transition table of the contract.
#include "sciorex/storage/types.hpp"

#include <array>
#include <utility>

#include "sciorex/storage/errors.hpp"

namespace sciorex::storage {
namespace {

template <class E, std::size_t N>
using Table = std::array<std::pair<E, std::string_view>, N>;

constexpr Table<TicketStatus, 6> kStatus{{{TicketStatus::Backlog, "backlog"},
                                          {TicketStatus::Planned, "planned"},
                                          {TicketStatus::InProgress, "in_progress"},
                                          {TicketStatus::InReview, "in_review"},
                                          {TicketStatus::Done, "done"},
                                          {TicketStatus::Cancelled, "cancelled"}}};
constexpr Table<TicketType, 6> kType{{{TicketType::Feature, "feature"},
                                      {TicketType::Bug, "bug"},
                                      {TicketType::Task, "task"},
                                      {TicketType::Research, "research"},
                                      {TicketType::Documentation, "documentation"},
                                      {TicketType::Refactor, "refactor"}}};
constexpr Table<Priority, 4> kPriority{{{Priority::Critical, "critical"},
                                        {Priority::High, "high"},
                                        {Priority::Medium, "medium"},
                                        {Priority::Low, "low"}}};
constexpr Table<SubtaskStatus, 5> kSubtask{{{SubtaskStatus::Pending, "pending"},
                                            {SubtaskStatus::InProgress, "in_progress"},
                                            {SubtaskStatus::Done, "done"},
                                            {SubtaskStatus::Blocked, "blocked"},
                                            {SubtaskStatus::Skipped, "skipped"}}};
constexpr Table<EpicStatus, 4> kEpic{{{EpicStatus::Open, "open"},
                                      {EpicStatus::InProgress, "in_progress"},
                                      {EpicStatus::Completed, "completed"},
                                      {EpicStatus::Cancelled, "cancelled"}}};
constexpr Table<ActorType, 3> kActor{
    {{ActorType::User, "user"}, {ActorType::Agent, "agent"}, {ActorType::System, "system"}}};

template <class E, std::size_t N>
std::string_view name_of(const Table<E, N>& t, E v) {
  for (const auto& [e, s] : t)
    if (e == v) return s;
  return "unknown";
}

template <class E, std::size_t N>
std::optional<E> parse_in(const Table<E, N>& t, std::string_view s) {
  for (const auto& [e, name] : t)
    if (name == s) return e;
  return std::nullopt;
}

template <class E, std::size_t N>
std::string join_names(const Table<E, N>& t) {
  std::string out;
  for (const auto& [e, name] : t) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

template <class E, std::size_t N>
E parse_or_throw(const Table<E, N>& t, std::string_view s, std::string_view field) {
  if (auto v = parse_in(t, s)) return *v;
  throw StoreError::invalid_argument("Invalid " + std::string(field) + " '" + std::string(s) +
                                     "'. Valid values: " + join_names(t) + ".");
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
  }
  return "internal";
}

std::string_view to_string(TicketStatus v) { return name_of(kStatus, v); }
std::string_view to_string(TicketType v) { return name_of(kType, v); }
std::string_view to_string(Priority v) { return name_of(kPriority, v); }
std::string_view to_string(SubtaskStatus v) { return name_of(kSubtask, v); }
std::string_view to_string(EpicStatus v) { return name_of(kEpic, v); }
std::string_view to_string(ActorType v) { return name_of(kActor, v); }

std::optional<TicketStatus> parse_ticket_status(std::string_view s) { return parse_in(kStatus, s); }
std::optional<TicketType> parse_ticket_type(std::string_view s) { return parse_in(kType, s); }
std::optional<Priority> parse_priority(std::string_view s) { return parse_in(kPriority, s); }
std::optional<SubtaskStatus> parse_subtask_status(std::string_view s) { return parse_in(kSubtask, s); }
std::optional<EpicStatus> parse_epic_status(std::string_view s) { return parse_in(kEpic, s); }
std::optional<ActorType> parse_actor_type(std::string_view s) { return parse_in(kActor, s); }

TicketStatus ticket_status_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw(kStatus, s, f);
}
TicketType ticket_type_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw(kType, s, f);
}
Priority priority_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw(kPriority, s, f);
}
SubtaskStatus subtask_status_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw(kSubtask, s, f);
}
EpicStatus epic_status_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw(kEpic, s, f);
}
ActorType actor_type_from_string(std::string_view s, std::string_view f) {
  return parse_or_throw(kActor, s, f);
}

std::string valid_values_ticket_status() { return join_names(kStatus); }
std::string valid_values_ticket_type() { return join_names(kType); }
std::string valid_values_priority() { return join_names(kPriority); }
std::string valid_values_subtask_status() { return join_names(kSubtask); }
std::string valid_values_epic_status() { return join_names(kEpic); }

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
