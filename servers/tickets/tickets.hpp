// sciorex-tickets: the registration function of each tool family, of the resources and of the
// prompts. Each takes the Server to fill and the Store the handlers use (which must outlive the
// Server's handlers). Handlers are transport-blind: arguments and a RequestContext in, a result out.
#pragma once

#include "sciorex/protocol/server.hpp"
#include "store.hpp"

namespace sciorex::tickets {

// name, version, title, description and instructions (the workflow in brief).
protocol::ServerInfo server_info();

void register_ticket_tools(protocol::Server& server, Store& store);    // create/get/update/change_status/list
void register_epic_tools(protocol::Server& server, Store& store);      // create/get/list/update epics
void register_subtask_tools(protocol::Server& server, Store& store);   // add/complete/update/list subtasks
void register_query_tools(protocol::Server& server, Store& store);     // search, ready, blocked
void register_link_tools(protocol::Server& server, Store& store);      // progress, comments, blockers, links
void register_flow_run_tools(protocol::Server& server, Store& store);  // list/get flow runs (read only)
// MCP Apps (issue 15): the board and ticket views, sciorex_show_board, the views' app-only tools.
void register_app_tools(protocol::Server& server, Store& store);
void register_resources(protocol::Server& server, Store& store);  // tickets, epics, board, templates
void register_prompts(protocol::Server& server, Store& store);    // plan/implement/review/fix_bug

// Ticket ids starting with `partial` (case-insensitive), else tickets whose title contains it.
protocol::Completion complete_ticket_id(Store& store, const std::string& partial);

// Everything above.
void register_all(protocol::Server& server, Store& store);

}  // namespace sciorex::tickets
