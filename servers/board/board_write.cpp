// Write routes of the board's API: each a history entry by `user <name>` (see docs/board-api.md).
// Bodies are parsed by the tools' own params (ticket_params.hpp) where the shapes agree, so the
// page and the agents meet the same rules and messages.
#include "board_impl.hpp"
#include "sciorex/common/tool_adapter.hpp"
#include "ticket_json.hpp"
#include "ticket_params.hpp"

namespace sciorex::board {

namespace args = protocol::args;

namespace {

// A 409 for a stale edit: the message, and the ticket as it is now.
ApiError stale(Board::Impl& b, const std::string& id, const std::string& message) {
  return {409, "conflict", message, {{"current", ticket_detail(b, id, true)}}};
}

// A 422 for a refused move, with the moves the table allows from where the ticket is.
ApiError refused_move(Board::Impl& b, const std::string& id, const storage::StoreError& e) {
  json allowed = json::array();
  for (auto to : storage::allowed_transitions(b.store.tickets.get(id).status))
    allowed.push_back(std::string(storage::to_string(to)));
  return {422, "transition", e.what(), {{"allowedTransitions", allowed}}};
}

}  // namespace

RouteResponse api_create_ticket(Board::Impl& b, const storage::Actor& by, const json& body) {
  auto p = parse_params([&] { return tickets::CreateTicketParams::from_json(body); });
  const auto t = b.store.tickets.create(p.ticket, by);
  return json_response(201, ticket_detail(b, t.id, true));
}

RouteResponse api_update_ticket(Board::Impl& b, const storage::Actor& by, const std::string& id,
                                const json& body) {
  if (body.contains("ticketId"))
    throw ApiError::invalid("Unknown key \"ticketId\": the address names the ticket.");
  json a = body;
  a["ticketId"] = id;
  auto p = parse_params([&] {
    auto params = tickets::UpdateTicketParams::from_json(a);
    if (!params.patch.expected_updated_at)
      throw protocol::ToolError(
          "expectedUpdatedAt is required: the updatedAt of the ticket as the page shows it.");
    return params;
  });
  try {
    b.store.tickets.update(id, p.patch, by);
  } catch (const storage::StoreError& e) {
    if (e.kind() == storage::ErrorKind::Conflict) throw stale(b, id, e.what());
    throw;
  }
  return json_response(200, ticket_detail(b, id, true));
}

RouteResponse api_change_status(Board::Impl& b, const storage::Actor& by, const std::string& id,
                                const json& body) {
  storage::TicketStatus to{};
  std::optional<std::string> comment, expected;
  parse_params([&] {
    args::only(body, {"status", "comment", "expectedUpdatedAt"});
    to = common::required_enum<storage::TicketStatus>(body, "status");
    comment = args::optional_string(body, "comment", 20'000);
    expected = args::optional_string(body, "expectedUpdatedAt", 100);
    return 0;
  });
  if (expected) {
    const auto now = b.store.tickets.get(id);
    if (now.updated_at != *expected)
      throw stale(b, id,
                  "Ticket " + id + " changed since the page read it (updatedAt " + now.updated_at + ", not " +
                      *expected + "); look at it again before moving it.");
  }
  try {
    b.store.tickets.change_status(id, to, by, comment);
  } catch (const storage::StoreError& e) {
    if (e.kind() == storage::ErrorKind::InvalidTransition) throw refused_move(b, id, e);
    throw;
  }
  return json_response(200, ticket_detail(b, id, true));
}

RouteResponse api_add_subtask(Board::Impl& b, const storage::Actor& by, const std::string& id,
                              const json& body) {
  std::string title = parse_params([&] {
    args::only(body, {"title"});
    return args::required_string(body, "title", 500);
  });
  b.store.tickets.add_subtask(id, title, by);
  return json_response(201, ticket_detail(b, id, true));
}

RouteResponse api_update_subtask(Board::Impl& b, const storage::Actor& by, const std::string& id,
                                 const std::string& sub, const json& body) {
  auto status = parse_params([&] {
    args::only(body, {"status"});
    return common::required_enum<storage::SubtaskStatus>(body, "status");
  });
  storage::SubtaskRef ref;
  ref.id = sub;
  b.store.tickets.update_subtask(id, ref, status, std::nullopt, by);
  return json_response(200, ticket_detail(b, id, true));
}

RouteResponse api_add_comment(Board::Impl& b, const storage::Actor& by, const std::string& id,
                              const json& body) {
  std::string text = parse_params([&] {
    args::only(body, {"text"});
    return args::required_string(body, "text", 20'000);
  });
  b.store.tickets.add_comment(id, text, by);
  return json_response(201, ticket_detail(b, id, true));
}

RouteResponse api_create_epic(Board::Impl& b, const storage::Actor& by, const json& body) {
  storage::NewEpic e;
  parse_params([&] {
    args::only(body, {"title", "description"});
    e.title = args::required_string(body, "title", 500);
    e.description = args::optional_string(body, "description").value_or("");
    return 0;
  });
  const auto epic = b.store.epics.create(e, by);
  json j = tickets::epic_json(epic);
  j["total"] = 0;
  j["done"] = 0;
  return json_response(201, j);
}

}  // namespace sciorex::board
