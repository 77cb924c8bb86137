#include "sciorex/common/workspace.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "sciorex/common/command_line.hpp"
#include "sciorex/storage/errors.hpp"

namespace sciorex::common {

namespace {
std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? std::optional<std::string>(v) : std::nullopt;
}
}  // namespace

void add_workspace_options(CLI::App& app, WorkspaceOptions& o) {
  app.add_option(
      "--workspace", o.workspace,
      "Project folder (must exist); the store is DIR/.sciorex/sciorex.db (default: the nearest folder "
      "with a .sciorex/ upwards from $CLAUDE_PROJECT_DIR or else the current folder, else that folder)");
  app.add_option(
      "--db", o.db,
      "Database file, or a PostgreSQL connection string (postgresql://USER@HOST/DB, host=/socket "
      "dbname=DB) for a team's shared store (else SCIOREX_DB, which --workspace overrides); a file's "
      "folder is the workspace unless --workspace is given");
}

std::optional<OpenedWorkspace> open_workspace(const WorkspaceOptions& o, const std::string& program,
                                              StoreUse use, int& exit_code) {
  storage::WorkspaceInputs in;
  if (!o.workspace.empty()) in.workspace_arg = o.workspace;
  if (!o.db.empty()) in.db_arg = o.db;
  in.env_sciorex_db = env("SCIOREX_DB");
  in.env_claude_project_dir = env("CLAUDE_PROJECT_DIR");
  std::error_code ec;
  in.cwd = std::filesystem::current_path(ec);
  if (ec) in.cwd = "/";
  OpenedWorkspace out;
  try {
    out.workspace = storage::resolve_workspace(in);
    if (use == StoreUse::files) {
      std::error_code dir_ec;
      if (!std::filesystem::is_directory(out.workspace.root, dir_ec))
        throw storage::StoreError::not_found("The workspace folder " + out.workspace.root.string() +
                                             " does not exist. Check the path, or create the folder first.");
      return out;
    }
    out.config = use == StoreUse::create ? storage::prepare_workspace(out.workspace)
                                         : storage::inspect_workspace(out.workspace);
    return out;
  } catch (const std::exception& e) {
    print_error(program, e.what());
    // A missing store is a failed command; a missing folder or a refused path is a wrong command line.
    std::error_code dir_ec;
    const bool folder_ok =
        !out.workspace.root.empty() && std::filesystem::is_directory(out.workspace.root, dir_ec);
    exit_code = folder_ok ? kExitFailed : kExitUsage;
    return std::nullopt;
  }
}

}  // namespace sciorex::common
