// The ticket server's toolsets (toolsets.hpp). A new tool gets its line here.
#include "ticket_toolsets.hpp"

namespace sciorex::tickets {

const common::ToolsetTable& toolsets() {
  static const common::ToolsetTable table{
      {"tickets",
       "create, read, update, list and search tickets, their status, blockers and resources",
       {"sciorex_create_ticket", "sciorex_get_ticket", "sciorex_update_ticket", "sciorex_change_status",
        "sciorex_list_tickets", "sciorex_search_tickets", "sciorex_get_blocked_tickets",
        "sciorex_add_blocker", "sciorex_remove_blocker", "sciorex_link_resource"}},
      {"epics",
       "epics and their progress",
       {"sciorex_create_epic", "sciorex_get_epic", "sciorex_list_epics", "sciorex_update_epic"}},
      {"subtasks",
       "a ticket's subtasks",
       {"sciorex_add_subtask", "sciorex_complete_subtask", "sciorex_list_subtasks",
        "sciorex_update_subtask"}},
      {"work",
       "an agent at work: the next ready ticket, progress, comments, its session",
       {"sciorex_get_ready_tickets", "sciorex_report_progress", "sciorex_add_comment",
        "sciorex_link_session"}},
      {"flows", "the runs of flows on tickets", {"sciorex_get_flow_run", "sciorex_list_flow_runs"}},
      {"apps",
       "the MCP Apps views in the host (only for clients with the extension): the board, and the "
       "person's moves, ticks and comments from a view",
       {"sciorex_show_board", "sciorex_ui_move_ticket", "sciorex_ui_set_subtask", "sciorex_ui_add_comment"}},
  };
  return table;
}

}  // namespace sciorex::tickets
