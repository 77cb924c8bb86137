#pragma once
// The workspace options both executables share (--workspace, --db, SCIOREX_DB,
// $CLAUDE_PROJECT_DIR), resolved by storage's rules. Choosing the store has no side effects:
// servers and commands that write may create .sciorex/ inside an existing folder; commands that
// only read create nothing and need an existing store.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "sciorex/storage/config.hpp"

namespace sciorex::common {

struct WorkspaceOptions {
  std::string workspace;  // --workspace DIR
  std::string db;         // --db PATH
};

void add_workspace_options(CLI::App& app, WorkspaceOptions& options);

struct OpenedWorkspace {
  storage::Workspace workspace;
  storage::StoreConfig config;
};

enum class StoreUse {
  create,  // servers and commands that write: .sciorex/ may be made inside an existing folder
  read,    // commands that only read: nothing is created, the store must exist
  files,   // commands that read only the files of .sciorex/ (flow definitions): no store needed
};

// Resolves the workspace from the options, the environment and the current folder and prepares
// it for `use`. On failure (a missing folder or store, "/" as the workspace, an unreadable
// config) prints "<program>: error: <reason>" to stderr, sets `exit_code` (kExitFailed for a
// missing store, kExitUsage otherwise) and returns nullopt.
std::optional<OpenedWorkspace> open_workspace(const WorkspaceOptions& options, const std::string& program,
                                              StoreUse use, int& exit_code);

}  // namespace sciorex::common
