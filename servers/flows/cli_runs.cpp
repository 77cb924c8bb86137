// sciorex-flows runs and show: the store's flow runs for people (text) and scripts (--json).
#include <iostream>

#include "cli.hpp"
#include "run_text.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/common/terminal_text.hpp"
#include "sciorex/storage/flow_run_repository.hpp"

namespace sciorex::flows {

int list_runs(const CliOptions& o, storage::Database& db) {
  storage::FlowRunFilter filter;
  if (!o.ticket.empty()) filter.ticket_id = o.ticket;
  if (!o.flow.empty()) filter.flow_name = o.flow;
  if (!o.status.empty()) {
    filter.status = storage::parse_flow_run_status(o.status);
    if (!filter.status) {
      common::print_error(kProgram, "--status: unknown status '" + o.status +
                                        "'; use running, succeeded, failed, cancelled or interrupted");
      return common::kExitUsage;
    }
  }
  filter.limit = o.limit;
  const auto page = storage::FlowRunRepository(db).list(filter);
  if (o.json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : page.runs) items.push_back(run_json(r, false));
    common::print_json(common::list_json(std::move(items), page.next_cursor));
    return common::kExitOk;
  }
  for (const auto& r : page.runs) std::cout << run_line(r) << "\n";
  if (page.runs.empty())
    std::cout << "No flow runs"
              << (filter.ticket_id || filter.flow_name || filter.status ? " match." : " yet.") << "\n";
  else
    std::cout << common::count_of(page.runs.size(), "run")
              << (page.next_cursor ? " (more: raise --limit)" : "") << "\n";
  std::cout.flush();
  return common::kExitOk;
}

int show_run(const CliOptions& o, storage::Database& db) {
  const auto run = storage::FlowRunRepository(db).find(o.run_id);
  if (!run) {
    common::print_error(kProgram, "No flow run " + o.run_id + ". `sciorex-flows runs` lists them.");
    return common::kExitFailed;
  }
  if (o.json)
    common::print_json(run_json(*run, true));
  else
    std::cout << run_text(*run) << std::flush;
  return common::kExitOk;
}

}  // namespace sciorex::flows
