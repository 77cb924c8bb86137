// Enumerations of the Sciorex contract, the Actor of every change, and their string forms.
//
// The string forms are exactly the contract's enum values ("in_progress", "critical", ...),
// written once each, in the k*Names lists below: the tools offer these lists, and the schema test
// (tests/servers/schema_tests.cpp) holds them equal to the schemas' `enum` lists.
// parse_* return std::nullopt for an unknown value; *_from_string throw StoreError
// (InvalidArgument) with a message listing the valid values. All functions are pure and
// thread-safe.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sciorex::storage {

enum class TicketStatus { Backlog, Planned, InProgress, InReview, Done, Cancelled };
enum class TicketType { Feature, Bug, Task, Research, Documentation, Refactor };
enum class Priority { Critical, High, Medium, Low };
enum class SubtaskStatus { Pending, InProgress, Done, Blocked, Skipped };
enum class EpicStatus { Open, InProgress, Completed, Cancelled };
enum class ActorType { User, Agent, System };

// The names of each enum, in its declaration order (the name of value v is names[v]).
inline constexpr std::array<std::string_view, 6> kTicketStatusNames{"backlog",   "planned", "in_progress",
                                                                    "in_review", "done",    "cancelled"};
inline constexpr std::array<std::string_view, 6> kTicketTypeNames{"feature",  "bug",           "task",
                                                                  "research", "documentation", "refactor"};
inline constexpr std::array<std::string_view, 4> kPriorityNames{"critical", "high", "medium", "low"};
inline constexpr std::array<std::string_view, 5> kSubtaskStatusNames{"pending", "in_progress", "done",
                                                                     "blocked", "skipped"};
inline constexpr std::array<std::string_view, 4> kEpicStatusNames{"open", "in_progress", "completed",
                                                                  "cancelled"};
inline constexpr std::array<std::string_view, 3> kActorTypeNames{"user", "agent", "system"};

// The names of enum E, for code generic over the enums (names_of<Priority>() is kPriorityNames).
template <class E>
constexpr std::span<const std::string_view> names_of();
template <>
constexpr std::span<const std::string_view> names_of<TicketStatus>() {
  return kTicketStatusNames;
}
template <>
constexpr std::span<const std::string_view> names_of<TicketType>() {
  return kTicketTypeNames;
}
template <>
constexpr std::span<const std::string_view> names_of<Priority>() {
  return kPriorityNames;
}
template <>
constexpr std::span<const std::string_view> names_of<SubtaskStatus>() {
  return kSubtaskStatusNames;
}
template <>
constexpr std::span<const std::string_view> names_of<EpicStatus>() {
  return kEpicStatusNames;
}
template <>
constexpr std::span<const std::string_view> names_of<ActorType>() {
  return kActorTypeNames;
}

// The value of E named `s`, or nullopt (parse_enum<Priority>("high") == Priority::High).
template <class E>
constexpr std::optional<E> parse_enum(std::string_view s) {
  const auto names = names_of<E>();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

std::string_view to_string(TicketStatus v);
std::string_view to_string(TicketType v);
std::string_view to_string(Priority v);
std::string_view to_string(SubtaskStatus v);
std::string_view to_string(EpicStatus v);
std::string_view to_string(ActorType v);

std::optional<TicketStatus> parse_ticket_status(std::string_view s);
std::optional<TicketType> parse_ticket_type(std::string_view s);
std::optional<Priority> parse_priority(std::string_view s);
std::optional<SubtaskStatus> parse_subtask_status(std::string_view s);
std::optional<EpicStatus> parse_epic_status(std::string_view s);
std::optional<ActorType> parse_actor_type(std::string_view s);

// Throwing forms; `field` names the argument in the message ("Invalid status 'x' ...").
TicketStatus ticket_status_from_string(std::string_view s, std::string_view field = "status");
TicketType ticket_type_from_string(std::string_view s, std::string_view field = "type");
Priority priority_from_string(std::string_view s, std::string_view field = "priority");
SubtaskStatus subtask_status_from_string(std::string_view s, std::string_view field = "status");
EpicStatus epic_status_from_string(std::string_view s, std::string_view field = "status");
ActorType actor_type_from_string(std::string_view s, std::string_view field = "actor.type");

// Every value of each enum, in contract order ("feature, bug, task, ...").
std::string valid_values_ticket_status();
std::string valid_values_ticket_type();
std::string valid_values_priority();
std::string valid_values_subtask_status();
std::string valid_values_epic_status();

// The contract's transition table. A status never transitions to itself.
const std::vector<TicketStatus>& allowed_transitions(TicketStatus from);
bool is_allowed_transition(TicketStatus from, TicketStatus to);

// Who made a change: `agent` with the MCP client's name (or, when the server was started for one
// agent of a flow, SCIOREX_AGENT, that agent's name with the client's name in `client`), `user` for
// the command line, `system` for the store itself. The id is 1..200 characters.
// The host's own session an agent works in (Claude Code passes CLAUDE_CODE_SESSION_ID to the
// servers it starts): `id` is the session id, `host` names the host ("claude-code").
struct HostSession {
  std::string id;
  std::string host;
  bool operator==(const HostSession&) const = default;
};

struct Actor {
  ActorType type = ActorType::System;
  std::string id = "system";
  // When set, every ticket this actor changes gets the session linked (once; lastSessionId follows),
  // in the same transaction as the change. Not part of the history: events record type and id.
  std::optional<HostSession> session;
  // The MCP client an agent named by its role works through ("claude-code" beside id
  // "technical-planner"): recorded with the actor wherever it is (history, comments, inbox).
  // 1..200 characters when set.
  std::optional<std::string> client;
  // The person an agent acted for (issue 13): an MCP request carrying alice's token is recorded as
  // `agent claude-code on behalf of alice`. Recorded beside the actor wherever it is, like `client`.
  // 1..64 characters when set (a person's name, see UserRepository).
  std::optional<std::string> on_behalf_of;

  static Actor user(std::string id) {
    return {ActorType::User, std::move(id), std::nullopt, std::nullopt, std::nullopt};
  }
  static Actor agent(std::string id) {
    return {ActorType::Agent, std::move(id), std::nullopt, std::nullopt, std::nullopt};
  }
  static Actor system() { return {ActorType::System, "system", std::nullopt, std::nullopt, std::nullopt}; }
  bool operator==(const Actor&) const = default;
};

}  // namespace sciorex::storage
