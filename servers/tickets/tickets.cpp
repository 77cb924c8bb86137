#include "tickets.hpp"

#include "sciorex/common/version.hpp"

namespace sciorex::tickets {

protocol::ServerInfo server_info() {
  return {
      "sciorex-tickets", common::version(), "Sciorex tickets",
      "Tickets, epics and subtasks for ticket-driven development, shared by every agent of the project",
      "Tickets drive the work. Find work with sciorex_get_ready_tickets or sciorex_list_tickets, read it "
      "with "
      "sciorex_get_ticket, claim it with sciorex_change_status to in_progress, tick off subtasks with "
      "sciorex_complete_subtask, report with sciorex_report_progress and sciorex_add_comment, and move it to "
      "in_review when done. Ticket ids look like T-001, epic ids like E-001."};
}

void register_all(protocol::Server& server, Store& store) {
  register_ticket_tools(server, store);
  register_epic_tools(server, store);
  register_subtask_tools(server, store);
  register_query_tools(server, store);
  register_link_tools(server, store);
  register_flow_run_tools(server, store);
  register_app_tools(server, store);
  register_resources(server, store);
  register_prompts(server, store);
}

}  // namespace sciorex::tickets
