#include "sciorex/common/workspace.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "sciorex/storage/errors.hpp"

namespace sciorex::common {

namespace {
std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? std::optional<std::string>(v) : std::nullopt;
}
}  // namespace

void add_workspace_options(CLI::App& app, WorkspaceOptions& o) {
  app.add_option("--workspace", o.workspace,
                 "Project folder; the store is DIR/.sciorex/sciorex.db (default: $CLAUDE_PROJECT_DIR, else the "
                 "nearest folder upwards with a .sciorex/, else the current folder)");
  app.add_option("--db", o.db, "Database file (also SCIOREX_DB); overrides the workspace's");
}

std::optional<OpenedWorkspace> open_workspace(const WorkspaceOptions& o, const std::string& program) {
  storage::WorkspaceInputs in;
  if (!o.workspace.empty()) in.workspace_arg = o.workspace;
  if (!o.db.empty()) in.db_arg = o.db;
  in.env_sciorex_db = env("SCIOREX_DB");
  in.env_claude_project_dir = env("CLAUDE_PROJECT_DIR");
  std::error_code ec;
  in.cwd = std::filesystem::current_path(ec);
  if (ec) in.cwd = "/";
  try {
    OpenedWorkspace out;
    out.workspace = storage::resolve_workspace(in);
    out.config = storage::prepare_workspace(out.workspace);
    return out;
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << std::endl;
    return std::nullopt;
  }
}

}  // namespace sciorex::common
