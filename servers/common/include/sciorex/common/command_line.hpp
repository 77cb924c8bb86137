#pragma once
// What both command lines share for people at a terminal: one parse (options may follow the
// subcommand; an unknown subcommand lists the valid ones), one error style
// ("<program>: error: ..." on stderr), the documented exit codes, the person a command acts as,
// and the log level of commands (warn) versus servers (info).

#include <CLI/CLI.hpp>
#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "runner.hpp"

namespace sciorex::common {

inline constexpr int kExitOk = 0;      // done
inline constexpr int kExitFailed = 1;  // the command ran and failed (unknown id, refused change, ...)
inline constexpr int kExitUsage = 2;   // the command line itself is wrong (unknown option, bad value)

// Parses argv; returns nullopt to go on, or the exit code (help and --version print and give 0; a
// parse error prints one error line and gives kExitUsage). Every subcommand hands the options it
// does not know to the main command, so `inbox --workspace DIR` works like `--workspace DIR inbox`.
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv, const std::string& program);

// main's body: its exit code, or, when an exception escapes it, that exception as print_error's
// line and kExitFailed (instead of std::terminate's abort).
int run_main(const std::string& program, const std::function<int()>& body);

// "<program>: error: <message>" on stderr, one line, control characters made visible.
void print_error(const std::string& program, const std::string& message);

// The level of stderr logs: --log-level when given, else warn for a subcommand (its output is the
// point) and info for a server.
std::string log_level(const CLI::App& app, const TransportOptions& transport);

// The person at the terminal: $USER, else the account's name (getpwuid), else "uid N".
std::string person_name();

// "1 ticket", "2 tickets" (`plural_word` defaults to word + "s").
std::string count_of(std::size_t n, const std::string& word, const std::string& plural_word = "");

// The one JSON shape of every list a command prints: {count, items, nextCursor?}.
nlohmann::json list_json(nlohmann::json items, const std::optional<std::string>& next_cursor = std::nullopt);

// `j` on stdout, indented, invalid UTF-8 replaced (never thrown).
void print_json(const nlohmann::json& j);

}  // namespace sciorex::common
