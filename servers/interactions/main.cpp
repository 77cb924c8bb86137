// sciorex-interactions: parses options, resolves the workspace, opens the store, registers the
// tools and serves MCP (or runs `inbox` / `answer` for a person at a terminal). Logs go to stderr.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "interaction_toolsets.hpp"
#include "interactions.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/common/people.hpp"
#include "sciorex/common/runner.hpp"
#include "sciorex/common/version.hpp"
#include "sciorex/common/workspace.hpp"
#include "sciorex/storage/database_uri.hpp"
#include "tools.hpp"

namespace {

int run(int argc, char** argv) {
  using namespace sciorex;
  CLI::App app{
      "sciorex-interactions: agents ask people questions and approvals over MCP; people answer here"};
  common::TransportOptions transport;
  common::add_transport_options(app, transport, common::version_line(interactions::kProgram));
  common::WorkspaceOptions ws_options;
  common::add_workspace_options(app, ws_options);
  common::ToolFilter tool_filter;
  common::add_tool_filter_options(app, tool_filter, interactions::toolsets());
  interactions::CliCommands cli;
  interactions::add_cli_commands(app, cli);
  if (auto rc = common::parse_command_line(app, argc, argv, interactions::kProgram)) return *rc;
  common::setup_logging(common::log_level(app, transport));

  int failed = 0;
  auto ws = common::open_workspace(ws_options, interactions::kProgram, interactions::store_use(cli), failed);
  if (!ws) return failed;
  std::unique_ptr<interactions::Inbox> inbox;
  try {
    inbox = std::make_unique<interactions::Inbox>(ws->workspace.db_path.string(), ws->config);
  } catch (const std::exception& e) {
    common::print_error(
        interactions::kProgram,
        "cannot open " + storage::display_store(ws->workspace.db_path.string()) + ": " + e.what());
    return common::kExitFailed;
  }
  if (auto rc = interactions::run_cli(cli, *inbox)) return *rc;

  spdlog::info("workspace {} (store {})", ws->workspace.root.string(),
               storage::display_store(ws->workspace.db_path.string()));
  protocol::Server server(interactions::server_info(), common::server_options_with_logging());
  interactions::register_all(server, *inbox);
  common::apply_tool_filter(server, interactions::tool_catalogue(), interactions::toolsets(), tool_filter);
  if (transport.http) common::use_people(transport, inbox->db());
  return common::serve(server, transport);
}

}  // namespace

int main(int argc, char** argv) {
  return sciorex::common::run_main(sciorex::interactions::kProgram, [&] { return run(argc, argv); });
}
