// `sciorex-tickets import PATH... [--replace] [--dry-run]`: Sciorex YAML into the store, all or
// nothing (storage::import_yaml). An id already in the store is refused, listed, unless --replace
// is given; --dry-run shows what the import would do and writes nothing. Exit code 0 when the
// import was done (or would be), 1 when it was refused (nothing written); problems go to stderr
// as `sciorex-tickets: error: FILE:LINE: FIELD: MESSAGE`.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "store.hpp"

namespace sciorex::tickets {

struct ImportCommand {
  CLI::App* cmd = nullptr;
  std::vector<std::string> paths;
  bool replace = false;
  bool dry_run = false;
};

// Adds the `import` subcommand to `app`; its options land in `c`.
void add_import_command(CLI::App& app, ImportCommand& c);

// Runs it with `actor` recorded in the history; returns the exit code.
int run_import(const ImportCommand& c, Store& store, const storage::Actor& actor);

}  // namespace sciorex::tickets
