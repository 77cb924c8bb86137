// The files `sciorex-tickets init` writes into a project: the commented config, and the workflow's
// three agents as Claude Code subagents, which are examples/claude-code/.claude/agents/ embedded at
// build time (one text for the example and for init; tests/servers/examples_tests.cpp checks that
// every tool they allow exists).
#include <string_view>
#include <utility>

#include "cli_init.hpp"

namespace sciorex::tickets {

namespace init_agents {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();  // generated
}

std::string commented_config() {
  return R"(# sciorex: the ticket store of this project (.sciorex/sciorex.db beside this file).
# Every key is optional; the values below are the defaults. Ids are never reused.
#
# tickets:
#   prefix: T          # 1-5 characters, a letter then letters or digits: T-001
#   startNumber: 1     # the first number handed out
#   padding: 3         # digits, zero-padded (1-10)
# epics:
#   prefix: E          # E-001; epics share startNumber and padding unless given here
#   startNumber: 1
#   padding: 3
)";
}

std::vector<InitFile> subagent_files() {
  std::vector<InitFile> out;
  for (const auto& [name, text] : init_agents::embedded_files())
    out.push_back({std::string(name), std::string(text)});
  return out;
}

}  // namespace sciorex::tickets
