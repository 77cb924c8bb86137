// The command line of sciorex-flows (issue 12), for people and scripts:
//   serve [--max-runs N]          run the workspace's flows when their triggers happen, until SIGINT/SIGTERM
//   run FLOW [--ticket ID]        run one flow by hand, in the foreground; exit 1 unless it succeeded
//   runs [--ticket ID] [--flow F] [--status S] [--limit N] [--json]   the runs, newest first
//   show RUN [--json]             one run and its nodes (status, agent, session, log, error)
//   check                         load every definition; print each error as FILE:LINE: why; exit 1 on any
// with the workspace options of both servers (--workspace, --db). Errors go to stderr as
// "sciorex-flows: error: ..."; exit codes 0 done, 1 failed, 2 usage (servers/common).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "agent_launcher.hpp"
#include "sciorex/common/workspace.hpp"

namespace sciorex::storage {
class Database;
}

namespace sciorex::flows {

inline constexpr const char* kProgram = "sciorex-flows";

struct CliOptions {
  CLI::App* serve = nullptr;
  CLI::App* run = nullptr;
  CLI::App* runs = nullptr;
  CLI::App* show = nullptr;
  CLI::App* check = nullptr;
  int max_runs = 2;
  std::string flow, ticket, run_id, status;
  int limit = 20;
  bool json = false;
};

void add_commands(CLI::App& app, CliOptions& o);
// What the given command needs of the workspace.
common::StoreUse store_use(const CliOptions& o);

// The workspace's launcher settings (flows.runner), or nullopt after printing why they are refused.
std::optional<LauncherSettings> launcher_settings_or_report(const storage::Workspace& ws);

// Each command, on the chosen workspace (its store open when it needs one).
int run_check(const storage::Workspace& ws);  // cli_check.cpp
int run_serve(const CliOptions& o, const storage::Workspace& ws, storage::Database& db,
              const std::atomic<bool>& stop);  // cli_serve.cpp
int run_flow(const CliOptions& o, const storage::Workspace& ws, storage::Database& db,
             const std::atomic<bool>& stop);                // cli_run.cpp
int list_runs(const CliOptions& o, storage::Database& db);  // cli_runs.cpp
int show_run(const CliOptions& o, storage::Database& db);   // cli_runs.cpp

}  // namespace sciorex::flows
