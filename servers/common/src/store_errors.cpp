// StoreErrors as agents read them: the tool error channel and the next step named as a tool.
#include "sciorex/common/store_errors.hpp"

#include <spdlog/spdlog.h>

#include "sciorex/protocol/context.hpp"

namespace sciorex::common {

std::string agent_next_step(storage::NextStep next) {
  using storage::NextStep;
  switch (next) {
    case NextStep::FindTicketIds:
      return "Use sciorex_list_tickets or sciorex_search_tickets to find valid ids.";
    case NextStep::FindEpicIds:
      return "Use sciorex_list_epics to find valid ids.";
    case NextStep::RereadTicket:
      return "Read it again with sciorex_get_ticket and retry.";
    case NextStep::PickAnotherTicket:
      return "Pick another ticket with sciorex_get_ready_tickets.";
    case NextStep::ShowBlockers:
      return "sciorex_get_ticket shows its blockers (blockedBy).";
    case NextStep::None:
      break;
  }
  return {};
}

std::string agent_message(const storage::StoreError& e) {
  const std::string next = agent_next_step(e.next_step());
  return next.empty() ? std::string(e.what()) : std::string(e.what()) + " " + next;
}

protocol::ToolHandler with_store_errors(std::string tool_name, protocol::ToolHandler handler) {
  return [name = std::move(tool_name), handler = std::move(handler)](const nlohmann::json& a,
                                                                     protocol::RequestContext& ctx) {
    try {
      return handler(a, ctx);
    } catch (const storage::StoreError& e) {
      if (e.kind() == storage::ErrorKind::Internal) {
        spdlog::error("{}: store failure: {}", name, e.what());
        throw;
      }
      throw protocol::ToolError(agent_message(e));
    }
  };
}

protocol::ToolHandler refusing_read_only(std::string tool_name, protocol::ToolHandler handler) {
  return [name = std::move(tool_name), handler = std::move(handler)](const nlohmann::json& a,
                                                                     protocol::RequestContext& ctx) {
    if (const protocol::Principal* p = ctx.principal(); p != nullptr && p->read_only)
      throw protocol::ToolError("Refused: " + p->name + "'s token is read-only, and " + name +
                                " changes the store. List, read and search tools work; ask for a token "
                                "without --read-only to make changes.");
    return handler(a, ctx);
  };
}

}  // namespace sciorex::common
