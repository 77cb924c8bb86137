// sciorex-flows serve: the process launcher on the workspace's settings, and flows::Service
// serving until SIGINT or SIGTERM.
#include <spdlog/spdlog.h>

#include "agent_launcher.hpp"
#include "cli.hpp"
#include "sciorex/common/command_line.hpp"
#include "service.hpp"

namespace sciorex::flows {

int run_serve(const CliOptions& o, const storage::Workspace& ws, storage::Database& db,
              const std::atomic<bool>& stop) {
  const std::optional<LauncherSettings> settings = launcher_settings_or_report(ws);
  if (!settings) return common::kExitFailed;
  auto launcher = make_process_launcher(*settings, &db);
  ServiceOptions options;
  options.max_runs = o.max_runs;
  Service service(ws.sciorex_dir, db, *launcher, options);
  std::string runner = "claude (Claude Code headless)";
  if (settings->runner_command) runner = "flows.runner " + settings->runner_command->front();
  spdlog::info("sciorex-flows serving {} as runner {}: at most {} runs at once, agents by {}",
               ws.root.string(), service.runner_id(), options.max_runs, runner);
  service.serve(stop);
  spdlog::info("sciorex-flows stopped");
  return common::kExitOk;
}

}  // namespace sciorex::flows
