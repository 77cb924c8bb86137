// The command line for people: `inbox` lists what agents asked (newest first, with ticket,
// urgency and age; --json for scripts), `answer ID` answers a question or an approval. Both take
// --workspace and --db like the server.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "forms.hpp"
#include "interactions.hpp"

namespace sciorex::interactions {

struct CliCommands {
  CLI::App* inbox = nullptr;
  bool inbox_all = false;
  bool inbox_json = false;
  int inbox_limit = 100;
  CLI::App* answer = nullptr;
  std::string answer_id;
  CliAnswer answer_args;
  std::string text_arg, alternative_arg, comment_arg;
};

void add_cli_commands(CLI::App& app, CliCommands& cli);
// Runs the chosen subcommand; nullopt when none was chosen (serve).
std::optional<int> run_cli(CliCommands& cli, Inbox& inbox);

}  // namespace sciorex::interactions
