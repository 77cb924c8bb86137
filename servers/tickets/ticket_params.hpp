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

struct CreateTicketParams {
  storage::NewTicket ticket;
  static CreateTicketParams from_json(const json& a) {
    args::only(a, {"title", "description", "type", "priority", "epicId", "labels", "subtasks"});
    CreateTicketParams p;
    p.ticket.title = args::required_string(a, "title", 500);
    p.ticket.description = args::optional_string(a, "description").value_or("");
    if (auto t = common::optional_enum<storage::TicketType>(a, "type")) p.ticket.type = *t;
    if (auto v = common::optional_enum<storage::Priority>(a, "priority")) p.ticket.priority = *v;
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
    args::only(
        a, {"ticketId", "title", "description", "type", "priority", "labels", "epicId", "expectedUpdatedAt"});
    UpdateTicketParams p;
    p.ticket_id = args::required_string(a, "ticketId", 200);
    if (a.contains("title")) p.patch.title = args::required_string(a, "title", 500);
    p.patch.description = args::optional_string(a, "description");
    p.patch.type = common::optional_enum<storage::TicketType>(a, "type");
    p.patch.priority = common::optional_enum<storage::Priority>(a, "priority");
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
    p.status = common::required_enum<storage::TicketStatus>(a, "status");
    p.comment = args::optional_string(a, "comment", 20'000);
    return p;
  }
};

struct ListTicketsParams {
  storage::TicketFilter filter;
  static ListTicketsParams from_json(const json& a) {
    args::only(a, {"status", "type", "priority", "epicId", "limit", "cursor"});
    ListTicketsParams p;
    p.filter.status = common::optional_enum<storage::TicketStatus>(a, "status");
    p.filter.type = common::optional_enum<storage::TicketType>(a, "type");
    p.filter.priority = common::optional_enum<storage::Priority>(a, "priority");
    p.filter.epic_id = args::optional_string(a, "epicId", 200);
    p.filter.limit = limit_arg(a, 50);
    p.filter.cursor = args::optional_string(a, "cursor", 500);
    return p;
  }
};

}  // namespace sciorex::tickets
