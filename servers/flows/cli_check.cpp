// sciorex-flows check: every definition of the workspace loaded as `serve` loads it, each error
// printed as FILE:LINE: why (stderr), what loaded printed (stdout); exit 1 on any error.
#include <iostream>

#include "agent_launcher.hpp"
#include "cli.hpp"
#include "definitions.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/common/terminal_text.hpp"

namespace sciorex::flows {

int run_check(const storage::Workspace& ws) {
  std::size_t errors = 0;
  try {
    launcher_settings(ws.root, ws.sciorex_dir, ws.db_path);
  } catch (const std::exception& e) {
    std::cerr << common::visible(e.what()) << "\n";
    ++errors;
  }
  const Definitions defs = load_definitions(ws.sciorex_dir);
  for (const auto& e : defs.errors) std::cerr << common::visible(e.to_string()) << "\n";
  errors += defs.errors.size();
  std::cerr.flush();

  for (const auto& a : defs.agents)
    std::cout << "agent " << common::visible(a.key) << " (" << common::visible(a.name) << ")\n";
  for (const auto& f : defs.flows)
    std::cout << "flow " << common::visible(f.name) << ": " << to_string(f.trigger.type) << ", "
              << common::count_of(f.nodes.size(), "node") << " (" << common::visible(f.file.string())
              << ")\n";
  std::cout << common::count_of(defs.flows.size(), "flow") << " and "
            << common::count_of(defs.agents.size(), "agent") << " loaded from "
            << common::visible(ws.sciorex_dir.string());
  if (errors > 0) std::cout << "; " << common::count_of(errors, "error");
  std::cout << std::endl;
  return errors > 0 ? common::kExitFailed : common::kExitOk;
}

}  // namespace sciorex::flows
