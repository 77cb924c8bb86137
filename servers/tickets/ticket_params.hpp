// The arguments of the ticket tools, parsed by the tools' own rules (argument names, limits and
// messages): the tools and the command line both use them, so they can never disagree.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "sciorex/protocol/arguments.hpp"
#include "sciorex/storage/ticket.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace args = protocol::args;

inline constexpr std::initializer_list<const char*> kTypes = {"feature", "bug", "task", "research", "documentation", "refactor"};
inline constexpr std::initializer_list<const char*> kPriorities = {"critical", "high", "medium", "low"};
inline constexpr std::initializer_list<const char*> kStatuses = {"backlog",  "planned", "in_progress",
                                                          "in_review", "done",   "cancelled"};

struct CreateTicketParams {
  storage::NewTicket ticket;
  static CreateTicketParams from_json(const json& a) {
    args::only(a, {"title", "description", "type", "priority", "epicId", "labels", "subtasks"});
    CreateTicketParams p;
    p.ticket.title = args::required_string(a, "title", 500);
    p.ticket.description = args::optional_string(a, "description").value_or("");
    if (auto t = args::optional_enum(a, "type", kTypes)) p.ticket.type = *storage::parse_ticket_type(*t);
    if (auto v = args::optional_enum(a, "priority", kPriorities)) p.ticket.priority = *storage::parse_priority(*v);
    p.ticket.epic_id = args::optional_string(a, "epicId", 200);
    p.ticket.labels = args::optional_strings(a, "labels", 50, 100).value_or(std::vector<std::string>{});
    p.ticket.subtasks = args::optional_strings(a, "subtasks", 200, 500).value_or(std::vector<std::string>{});
    return p;
  }
};

struct UpdateTicketParams {
  std::string ticket_id;
  storage::TicketPatch patch;
  static UpdateTicketParams from_json(const json& a) {
    args::only(a, {"ticketId", "title", "description", "type", "priority", "labels", "epicId", "expectedUpdatedAt"});
    UpdateTicketParams p;
    p.ticket_id = args::required_string(a, "ticketId", 200);
    if (a.contains("title")) p.patch.title = args::required_string(a, "title", 500);
    p.patch.description = args::optional_string(a, "description");
    if (auto t = args::optional_enum(a, "type", kTypes)) p.patch.type = storage::parse_ticket_type(*t);
    if (auto v = args::optional_enum(a, "priority", kPriorities)) p.patch.priority = storage::parse_priority(*v);
    p.patch.labels = args::optional_strings(a, "labels", 50, 100);
    p.patch.epic_id = args::nullable_string(a, "epicId", 200);
    p.patch.expected_updated_at = args::optional_string(a, "expectedUpdatedAt", 100);
    return p;
  }
};

struct ChangeStatusParams {
  std::string ticket_id;
  storage::TicketStatus status;
  std::optional<std::string> comment;
  static ChangeStatusParams from_json(const json& a) {
    args::only(a, {"ticketId", "status", "comment"});
    ChangeStatusParams p;
    p.ticket_id = args::required_string(a, "ticketId", 200);
    if (!a.contains("status")) throw protocol::ToolError("Invalid argument \"status\": required");
    p.status = *storage::parse_ticket_status(*args::optional_enum(a, "status", kStatuses));
    p.comment = args::optional_string(a, "comment", 20'000);
    return p;
  }
};

struct ListTicketsParams {
  storage::TicketFilter filter;
  static ListTicketsParams from_json(const json& a) {
    args::only(a, {"status", "type", "priority", "epicId", "limit", "cursor"});
    ListTicketsParams p;
    if (auto v = args::optional_enum(a, "status", kStatuses)) p.filter.status = storage::parse_ticket_status(*v);
    if (auto v = args::optional_enum(a, "type", kTypes)) p.filter.type = storage::parse_ticket_type(*v);
    if (auto v = args::optional_enum(a, "priority", kPriorities)) p.filter.priority = storage::parse_priority(*v);
    p.filter.epic_id = args::optional_string(a, "epicId", 200);
    p.filter.limit = limit_arg(a, 50);
    p.filter.cursor = args::optional_string(a, "cursor", 500);
    return p;
  }
};

}  // namespace sciorex::tickets
