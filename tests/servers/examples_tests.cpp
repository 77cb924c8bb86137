// The shipped examples stay true to the servers: the Claude Code subagents in
// examples/claude-code/.claude/agents/ (which `sciorex-tickets init` installs) allow only tools
// that exist, by the names Claude Code gives them (mcp__SERVER__TOOL), and each has the header
// Claude Code reads.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tool_support.hpp"
#include "tools.hpp"

namespace fs = std::filesystem;

namespace {

std::set<std::string> names_of(const sciorex::common::ToolCatalogue& catalogue) {
  const auto names = catalogue.names();
  return {names.begin(), names.end()};
}

}  // namespace

TEST_CASE("the example subagents allow only tools the servers have", "[examples]") {
  const std::set<std::string> tickets = names_of(sciorex::tickets::tool_catalogue());
  const std::set<std::string> interactions = names_of(sciorex::interactions::tool_catalogue());
  const fs::path dir = fs::path(SCIOREX_EXAMPLES_DIR) / "claude-code/.claude/agents";
  std::set<std::string> agents;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::ifstream in(e.path());
    std::ostringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    INFO(e.path().string());
    const std::string stem = e.path().stem().string();
    REQUIRE(s.rfind("---\nname: " + stem + "\ndescription: ", 0) == 0);
    agents.insert(stem);
    std::smatch tools_line;
    REQUIRE(std::regex_search(s, tools_line, std::regex("\ntools: ([^\n]*)\n")));
    const std::string tools = tools_line[1];
    int ours = 0;
    const std::regex mcp("mcp__(sciorex-[a-z]+)__([a-z_]+)");
    for (auto it = std::sregex_iterator(tools.begin(), tools.end(), mcp); it != std::sregex_iterator();
         ++it) {
      const std::string server = (*it)[1], tool = (*it)[2];
      INFO(server + " " + tool);
      if (server == "sciorex-tickets")
        CHECK(tickets.count(tool) == 1);
      else if (server == "sciorex-interactions")
        CHECK(interactions.count(tool) == 1);
      else
        FAIL("unknown server " + server);
      ++ours;
    }
    CHECK(ours > 0);
  }
  CHECK(agents == std::set<std::string>{"code-reviewer", "feature-developer", "technical-planner"});
}
