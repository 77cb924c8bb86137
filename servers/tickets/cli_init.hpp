// `sciorex-tickets init [DIR]`: sets a project folder up for agents in one command, before any
// workspace is chosen (it makes the workspace):
//   - .sciorex/ with a commented sciorex.yaml, and the store (.sciorex/sciorex.db);
//   - .mcp.json (Claude Code's project file) with both servers over stdio by the absolute path of
//     this executable and its sibling sciorex-interactions, and no workspace argument: Claude Code
//     hands each server CLAUDE_PROJECT_DIR, and does not expand variables inside .mcp.json. Other
//     servers' entries are kept, ours are written or updated;
//   - .claude/settings.local.json (the person's own, not committed) naming both servers in
//     enabledMcpjsonServers, so that Claude Code starts them without asking again, headless too;
//   - the workflow's planner, developer and reviewer as Claude Code subagents in .claude/agents/
//     (kept when they exist, unless --force).
// A .mcp.json or settings file that is not a JSON object is refused before anything is written.
// Prints each step and the next one; a second run changes nothing. `--desktop` prints the Claude
// Desktop config block for DIR instead, and writes nothing.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sciorex::tickets {

struct InitCommand {
  CLI::App* cmd = nullptr;
  std::string dir = ".";
  bool force = false;
  bool desktop = false;
};

void add_init_command(CLI::App& app, InitCommand& c);
// Runs `init` when it was given (nullopt otherwise); the exit code.
std::optional<int> run_init(const InitCommand& c);

// The subagent files init writes into .claude/agents/: {file name, text}.
struct InitFile {
  std::string name;
  std::string text;
};
std::vector<InitFile> subagent_files();
// The commented .sciorex/sciorex.yaml.
std::string commented_config();

}  // namespace sciorex::tickets
