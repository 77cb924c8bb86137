#pragma once
// The workspace options both executables share (--workspace, --db, SCIOREX_DB,
// $CLAUDE_PROJECT_DIR), resolved by storage's rules and prepared (.sciorex/ created, its
// sciorex.yaml read).

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

// Resolves and prepares the workspace from the options, the environment and the current
// folder. On failure (the workspace would be "/", an unreadable config) prints
// "<program>: <reason>" to stderr and returns nullopt.
std::optional<OpenedWorkspace> open_workspace(const WorkspaceOptions& options, const std::string& program);

}  // namespace sciorex::common
