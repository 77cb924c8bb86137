// The command line for people: `inbox` lists what agents asked (newest first: a header row, then
// kind, urgency, ticket, age, the asking agent, the question with its context and the full answer
// command; --json prints {count, items}), `answer ID` answers a question or an approval and says
// what was answered in words. Both take --workspace and --db like the server (before or after the
// subcommand), need an existing store, and show agent text with control characters made visible.
// Errors: "sciorex-interactions: error: ..." on stderr; exit 0 done, 1 failed, 2 usage.
#pragma once

#include <CLI/CLI.hpp>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "forms.hpp"
#include "interactions.hpp"
#include "sciorex/common/workspace.hpp"

namespace sciorex::interactions {

inline constexpr const char* kProgram = "sciorex-interactions";

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
// What the chosen subcommand needs of the store (StoreUse::create when serving).
common::StoreUse store_use(const CliCommands& cli);

// "42s ago", "3m ago", "2h ago", "5d ago" from an ISO-8601 UTC time with or without fractional
// seconds ("2026-12-05T07:30:00.123Z"); "?" when it cannot be read.
std::string interaction_age(const std::string& iso, std::time_t now = std::time(nullptr));

}  // namespace sciorex::interactions
