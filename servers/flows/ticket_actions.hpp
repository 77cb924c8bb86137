// A flow's ticket actions (issue 12): changeStatus, addComment, addLabel and linkResource, made on
// the store by actor `system flow:<flow name>`. Private to the engine's sources.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "definitions.hpp"
#include "sciorex/storage/types.hpp"

namespace sciorex::storage {
class Database;
}

namespace sciorex::flows {

// Who a flow's own changes are by: `system flow:<flow name>` (the store's flow records use the same).
storage::Actor flow_actor(const std::string& flow_name);

// The action with its templates rendered: {"action", "ticketId", and its own fields}. Throws
// TemplateError when a template reads something the scope lacks, or renders an empty ticket id.
nlohmann::json render_ticket_action(const Node& node, const nlohmann::json& scope);

// Makes the rendered action; returns the node's output ({"ticketId", "action", ...}). An action
// that is already so (the status is the target, the label is there) changes nothing and says
// "unchanged": true. Throws StoreError as the ticket repository does (unknown ticket, a status
// move the table refuses, ...).
nlohmann::json apply_ticket_action(storage::Database& db, const std::string& flow_name,
                                   const nlohmann::json& action);

}  // namespace sciorex::flows
