// sciorex-tickets: parses options, resolves the workspace, opens the store, registers the tool
// families, resources and prompts, and serves MCP on the chosen transport (or runs one of the
// command-line tools in cli.hpp). Logs go to stderr; on stdio, stdout carries only MCP messages.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "change_watcher.hpp"
#include "cli.hpp"
#include "sciorex/common/runner.hpp"
#include "sciorex/common/workspace.hpp"
#include "sciorex/storage/config.hpp"
#include "sciorex/storage/errors.hpp"
#include "tickets.hpp"

int main(int argc, char** argv) {
  using namespace sciorex;
  CLI::App app{"sciorex-tickets: the Sciorex ticket tools over MCP, on a SQLite store shared by every agent"};
  common::TransportOptions transport;
  common::add_transport_options(app, transport, tickets::kVersion);
  common::WorkspaceOptions ws_options;
  common::add_workspace_options(app, ws_options);
  tickets::CliCommands cli;
  tickets::add_cli_commands(app, cli);
  CLI11_PARSE(app, argc, argv);
  common::setup_logging(transport.log_level);

  auto opened = common::open_workspace(ws_options, "sciorex-tickets");
  if (!opened) return 2;
  const storage::Workspace& workspace = opened->workspace;
  spdlog::info("workspace {} (store {})", workspace.root.string(), workspace.db_path.string());

  std::unique_ptr<tickets::Store> store;
  try {
    store = std::make_unique<tickets::Store>(workspace.db_path.string(), opened->config);
  } catch (const std::exception& e) {
    std::cerr << "sciorex-tickets: cannot open " << workspace.db_path.string() << ": " << e.what() << std::endl;
    return 2;
  }
  if (auto rc = tickets::run_cli(cli, *store, workspace)) return *rc;

  protocol::Server server(tickets::server_info(), common::server_options_with_logging());
  tickets::register_all(server, *store);
  tickets::ChangeWatcher watcher(server, *store);
  watcher.start();
  int rc = common::serve(server, transport);
  watcher.stop();
  return rc;
}
