// A test tool: writes flow runs through the store's FlowRunRepository, as the flows runner does, so
// that the board's browser tests (tests/board/runs.test.mjs) see runs made the real way.
//   flow_runs_tool DB start TICKET FLOW      prints the run id
//   flow_runs_tool DB node RUN NODE AGENT    prints the node's seq
//   flow_runs_tool DB wait RUN SEQ           the node waits for input
//   flow_runs_tool DB done RUN SEQ SESSION   the node succeeded with that session
//   flow_runs_tool DB finish RUN STATUS      the run ends (succeeded, failed, cancelled)
#include <iostream>
#include <string>
#include <vector>

#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/flow_run_repository.hpp"

namespace {
const std::string kToolRunner = "board-test:1:tool";
}  // namespace

int main(int argc, char** argv) {
  using namespace sciorex::storage;
  const std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() < 3) {
    std::cerr << "usage: flow_runs_tool DB start|node|wait|done|finish ARGS...\n";
    return 2;
  }
  try {
    Database db(a[0]);
    FlowRunRepository runs(db);
    runs.register_runner({kToolRunner, "board-test", 1});
    const std::string& cmd = a[1];
    if (cmd == "start" && a.size() == 4) {
      NewFlowRun in;
      in.ticket_id = a[2];
      in.flow_name = a[3];
      in.flow_file = ".sciorex/flows/test.yaml";
      in.trigger_type = "manual";
      std::cout << runs.start(in, kToolRunner).id << "\n";
    } else if (cmd == "node" && a.size() == 5) {
      std::cout << runs.begin_node(a[2], {a[3], "agent", 1, a[4], "Work on it"}, kToolRunner) << "\n";
    } else if (cmd == "wait" && a.size() == 4) {
      runs.set_node_status(a[2], std::stoi(a[3]), FlowNodeStatus::WaitingForInput, kToolRunner);
    } else if (cmd == "done" && a.size() == 5) {
      runs.finish_node(a[2], std::stoi(a[3]), {FlowNodeStatus::Succeeded, R"({"text":"done"})", 0, a[4]},
                       kToolRunner);
    } else if (cmd == "finish" && a.size() == 4) {
      runs.finish(a[2], parse_flow_run_status(a[3]).value_or(FlowRunStatus::Failed), std::nullopt);
    } else {
      std::cerr << "flow_runs_tool: unknown command or wrong arguments\n";
      return 2;
    }
  } catch (const StoreError& e) {
    std::cerr << "flow_runs_tool: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
