// The command-line tools of sciorex-tickets, for people at a terminal and scripts, as CLI11
// subcommands on the server's App: `import` and `export` (here), the reading commands
// (cli_read.cpp) and the writing commands (cli_write.cpp). Changes made here are recorded with
// the actor {type: user, id: the person at the terminal}. Output goes to stdout (these commands
// do not serve MCP), errors to stderr as "sciorex-tickets: error: ...". Exit codes: 0 done,
// 1 failed (unknown id, refused change), 2 usage (bad option or value).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli_import.hpp"
#include "cli_init.hpp"
#include "sciorex/common/workspace.hpp"
#include "sciorex/storage/config.hpp"
#include "store.hpp"

namespace sciorex::tickets {

inline constexpr const char* kProgram = "sciorex-tickets";

// A subcommand, the store it needs and how it runs (options bound by its family's add_*).
struct CliCommand {
  CLI::App* app = nullptr;
  common::StoreUse use = common::StoreUse::read;
  std::function<int(Store&)> run;
};

struct CliCommands {
  InitCommand init;  // runs before a workspace is chosen (run_init)
  ImportCommand import;
  CLI::App* export_cmd = nullptr;
  std::string export_dir;
  std::vector<CliCommand> commands;  // every other subcommand
};

// The person at the terminal, as the history records them: {type: user, id: $USER or the account}.
storage::Actor cli_actor();

// True when `cmd` has the option `flag` and it was given.
bool was_given(const CLI::App* cmd, const std::string& flag);

// Adds the subcommands to `app`; their options land in `c`.
void add_cli_commands(CLI::App& app, CliCommands& c);
// The families, each in its own file.
void add_read_commands(CLI::App& app, CliCommands& c);   // list, show, search, ready, blocked, epics
void add_write_commands(CLI::App& app, CliCommands& c);  // create, move, comment, tick, block, edit ...
void add_users_commands(CLI::App& app, CliCommands& c);  // users add, list, remove (cli_users.cpp)

// What the chosen subcommand needs of the store (StoreUse::create when serving).
common::StoreUse store_use(const CliCommands& c);

// Runs the subcommand that was given; nullopt when none was (the caller serves MCP).
std::optional<int> run_cli(const CliCommands& c, Store& store, const storage::Workspace& workspace);

}  // namespace sciorex::tickets
