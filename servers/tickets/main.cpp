// sciorex-tickets: parses options, resolves the workspace, opens the store, registers the tool
// families, resources and prompts, and serves MCP on the chosen transport (or runs one of the
// command-line tools in cli.hpp). Logs go to stderr; on stdio, stdout carries only MCP messages.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "board.hpp"
#include "change_watcher.hpp"
#include "cli.hpp"
#include "cli_board.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/common/people.hpp"
#include "sciorex/common/runner.hpp"
#include "sciorex/common/version.hpp"
#include "sciorex/common/workspace.hpp"
#include "sciorex/storage/config.hpp"
#include "sciorex/storage/database_uri.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_toolsets.hpp"
#include "tickets.hpp"
#include "tool_support.hpp"

namespace {

int run(int argc, char** argv) {
  using namespace sciorex;
  CLI::App app{"sciorex-tickets: the Sciorex ticket tools over MCP, on a SQLite store shared by every agent"};
  common::TransportOptions transport;
  common::add_transport_options(app, transport, common::version_line(tickets::kProgram));
  common::WorkspaceOptions ws_options;
  common::add_workspace_options(app, ws_options);
  common::ToolFilter tool_filter;
  common::add_tool_filter_options(app, tool_filter, tickets::toolsets());
  tickets::CliCommands cli;
  tickets::add_cli_commands(app, cli);
  tickets::BoardCommand board_cmd;
  tickets::add_board_command(app, board_cmd);
  if (auto rc = common::parse_command_line(app, argc, argv, tickets::kProgram)) return *rc;
  common::setup_logging(common::log_level(app, transport));
  if (auto rc = tickets::run_init(cli.init)) return *rc;

  int failed = 0;
  auto opened = common::open_workspace(ws_options, tickets::kProgram, tickets::store_use(cli), failed);
  if (!opened) return failed;
  const storage::Workspace& workspace = opened->workspace;
  spdlog::info("workspace {} (store {})", workspace.root.string(),
               storage::display_store(workspace.db_path.string()));

  std::unique_ptr<tickets::Store> store;
  try {
    store = std::make_unique<tickets::Store>(workspace.db_path.string(), opened->config);
  } catch (const std::exception& e) {
    common::print_error(
        tickets::kProgram,
        "cannot open " + storage::display_store(workspace.db_path.string()) + ": " + e.what());
    return common::kExitFailed;
  }
  if (auto rc = tickets::run_cli(cli, *store, workspace)) return *rc;
  if (board_cmd.cmd->parsed()) return tickets::run_board(board_cmd, transport, workspace, opened->config);

  protocol::Server server(tickets::server_info(), common::server_options_with_logging());
  tickets::register_all(server, *store);
  common::apply_tool_filter(server, tickets::tool_catalogue(), tickets::toolsets(), tool_filter);
  tickets::ChangeWatcher watcher(server, *store);
  watcher.start();
  // Over HTTP the board is served at / beside /mcp, on the same store.
  std::unique_ptr<board::Board> web;
  if (transport.http) {
    board::BoardOptions bo;
    bo.user = board_cmd.user.empty() ? common::person_name() : board_cmd.user;
    bo.auth_token = transport.auth_token;
    bo.version = common::version();
    web = std::make_unique<board::Board>(workspace.db_path.string(), opened->config, bo);
    web->start();
  }
  if (transport.http) common::use_people(transport, store->reader());
  int rc = common::serve(server, transport, web ? web->handler() : transport::RouteHandler());
  if (web) web->stop();
  watcher.stop();
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  return sciorex::common::run_main(sciorex::tickets::kProgram, [&] { return run(argc, argv); });
}
