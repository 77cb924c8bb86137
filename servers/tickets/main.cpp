// sciorex-tickets: parses options, resolves the workspace, opens the store, registers the tool
// families, resources and prompts, and serves MCP on the chosen transport (or runs one of the
// command-line tools in cli.hpp). Logs go to stderr; on stdio, stdout carries only MCP messages.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "change_watcher.hpp"
#include "cli.hpp"
#include "sciorex/common/runner.hpp"
#include "sciorex/storage/config.hpp"
#include "sciorex/storage/errors.hpp"
#include "tickets.hpp"

namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? std::optional<std::string>(v) : std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sciorex;
  CLI::App app{"sciorex-tickets: the Sciorex ticket tools over MCP, on a SQLite store shared by every agent"};
  common::TransportOptions transport;
  common::add_transport_options(app, transport, tickets::kVersion);
  storage::WorkspaceInputs in;
  std::string workspace_arg, db_arg;
  app.add_option("--workspace", workspace_arg,
                 "Project folder; the store is DIR/.sciorex/sciorex.db (default: $CLAUDE_PROJECT_DIR, else the "
                 "nearest folder upwards with a .sciorex/, else the current folder)");
  app.add_option("--db", db_arg, "Database file (also SCIOREX_DB); overrides the workspace's");
  tickets::CliCommands cli;
  tickets::add_cli_commands(app, cli);
  CLI11_PARSE(app, argc, argv);
  common::setup_logging(transport.log_level);

  if (!workspace_arg.empty()) in.workspace_arg = workspace_arg;
  if (!db_arg.empty()) in.db_arg = db_arg;
  in.env_sciorex_db = env("SCIOREX_DB");
  in.env_claude_project_dir = env("CLAUDE_PROJECT_DIR");
  std::error_code ec;
  in.cwd = std::filesystem::current_path(ec);
  if (ec) in.cwd = "/";

  storage::Workspace workspace;
  storage::StoreConfig config;
  try {
    workspace = storage::resolve_workspace(in);
    config = storage::prepare_workspace(workspace);
  } catch (const storage::StoreError& e) {
    std::cerr << "sciorex-tickets: " << e.what() << std::endl;
    return 2;
  }
  spdlog::info("workspace {} (store {})", workspace.root.string(), workspace.db_path.string());

  std::unique_ptr<tickets::Store> store;
  try {
    store = std::make_unique<tickets::Store>(workspace.db_path.string(), config);
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
