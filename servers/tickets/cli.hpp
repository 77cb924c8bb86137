// The command-line tools of sciorex-tickets, for people at a terminal and scripts: `import`,
// `export`, `list` and `show`, as CLI11 subcommands on the server's App. Changes made here are
// recorded with the actor {type: user, id: $USER or "user"}. Output goes to stdout (these
// commands do not serve MCP), problems to stderr.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "cli_import.hpp"
#include "sciorex/storage/config.hpp"
#include "store.hpp"

namespace sciorex::tickets {

struct CliCommands {
  ImportCommand import;
  CLI::App* export_cmd = nullptr;
  std::string export_dir;
  CLI::App* list_cmd = nullptr;
  std::string status, type, priority, epic;
  int limit = 50;
  CLI::App* show_cmd = nullptr;
  std::string show_id;
  bool json = false;
};

// Adds the subcommands to `app`; their options land in `c`.
void add_cli_commands(CLI::App& app, CliCommands& c);

// Runs the subcommand that was given; nullopt when none was (the caller serves MCP).
// Returns the exit code: 0, 1 when an import file failed or an id is unknown.
std::optional<int> run_cli(const CliCommands& c, Store& store, const storage::Workspace& workspace);

}  // namespace sciorex::tickets
