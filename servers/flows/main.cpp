// sciorex-flows: parses the command line, chooses the workspace, opens its store and runs the
// command (cli.hpp). SIGINT and SIGTERM stop `serve` and cancel a `run`. Logs go to stderr.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <memory>

#include "cli.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/common/runner.hpp"
#include "sciorex/common/version.hpp"
#include "sciorex/common/workspace.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/database_uri.hpp"

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int /*signal*/) { g_stop.store(true); }

void stop_on_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

int run(int argc, char** argv) {
  using namespace sciorex;
  CLI::App app{
      "sciorex-flows: runs the workspace's flows (.sciorex/flows/*.yaml) when tickets move, each agent "
      "node as a process (Claude Code headless by default), every run recorded in the store"};
  common::add_version_flag(app, flows::kProgram);
  std::string level;
  app.add_option("--log-level", level,
                 "trace, debug, info, warn, error, off (default: info for serve, else warn)");
  common::WorkspaceOptions ws_options;
  common::add_workspace_options(app, ws_options);
  flows::CliOptions cli;
  flows::add_commands(app, cli);
  if (auto rc = common::parse_command_line(app, argc, argv, flows::kProgram)) return *rc;
  common::setup_logging(!level.empty() ? level : cli.serve->parsed() ? "info" : "warn");

  int failed = 0;
  const auto use = flows::store_use(cli);
  auto opened = common::open_workspace(ws_options, flows::kProgram, use, failed);
  if (!opened) return failed;
  const storage::Workspace& ws = opened->workspace;
  if (cli.check->parsed()) return flows::run_check(ws);

  std::unique_ptr<storage::Database> db;
  try {
    db = std::make_unique<storage::Database>(ws.db_path.string(), opened->config);
  } catch (const std::exception& e) {
    common::print_error(flows::kProgram,
                        "cannot open " + storage::display_store(ws.db_path.string()) + ": " + e.what());
    return common::kExitFailed;
  }
  stop_on_signals();
  if (cli.serve->parsed()) return flows::run_serve(cli, ws, *db, g_stop);
  if (cli.run->parsed()) return flows::run_flow(cli, ws, *db, g_stop);
  if (cli.runs->parsed()) return flows::list_runs(cli, *db);
  return flows::show_run(cli, *db);
}

}  // namespace

int main(int argc, char** argv) {
  return sciorex::common::run_main(sciorex::flows::kProgram, [&] { return run(argc, argv); });
}
