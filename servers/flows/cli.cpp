// The subcommands of sciorex-flows and their options (cli.hpp); each runs in its own file.
#include "cli.hpp"

#include <exception>

#include "sciorex/common/command_line.hpp"

namespace sciorex::flows {

void add_commands(CLI::App& app, CliOptions& o) {
  app.require_subcommand(1);
  o.serve =
      app.add_subcommand("serve",
                         "Watch the store and run every flow whose trigger happens (claimed in the store: "
                         "several runners on one store run each flow once), until SIGINT or SIGTERM");
  o.serve->add_option("--max-runs", o.max_runs, "Most runs executing at once (default 2)")
      ->check(CLI::Range(1, 64));

  o.run = app.add_subcommand(
      "run", "Run one flow now, in the foreground (a manual run); exit 1 unless it succeeded");
  o.run->add_option("flow", o.flow, "The flow's name or its file's stem (sciorex-flows check lists them)")
      ->required();
  o.run->add_option("--ticket", o.ticket, "The ticket it runs for, e.g. T-042 ({{trigger.ticket...}})");

  o.runs = app.add_subcommand("runs", "List flow runs, newest first");
  o.runs->add_option("--ticket", o.ticket, "Only the runs of this ticket");
  o.runs->add_option("--flow", o.flow, "Only the runs of this flow (its name)");
  o.runs->add_option("--status", o.status, "running, succeeded, failed, cancelled, interrupted");
  o.runs->add_option("--limit", o.limit, "Most runs to list (1-200, default 20)")->check(CLI::Range(1, 200));
  o.runs->add_flag("--json", o.json, "JSON instead of text");

  o.show = app.add_subcommand("show",
                              "Show one run: its trigger and each node (status, agent, session, log, error)");
  o.show->add_option("run", o.run_id, "A run id, e.g. run-3")->required();
  o.show->add_flag("--json", o.json, "JSON instead of text");

  o.check = app.add_subcommand(
      "check",
      "Load every flow and agent of .sciorex/ and the flows section of sciorex.yaml; print "
      "each error as FILE:LINE: why and exit 1 on any");
}

common::StoreUse store_use(const CliOptions& o) {
  if (o.check->parsed()) return common::StoreUse::files;
  if (o.runs->parsed() || o.show->parsed()) return common::StoreUse::read;
  return common::StoreUse::create;
}

std::optional<LauncherSettings> launcher_settings_or_report(const storage::Workspace& ws) {
  try {
    return launcher_settings(ws.root, ws.sciorex_dir, ws.db_path);
  } catch (const std::exception& e) {
    common::print_error(kProgram, e.what());
    return std::nullopt;
  }
}

}  // namespace sciorex::flows
