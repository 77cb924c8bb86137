// Workspace resolution (pure) and preparation (creates .sciorex/, reads the config).
#include "sciorex/storage/config.hpp"
#include "sciorex/storage/errors.hpp"

namespace sciorex::storage {
namespace fs = std::filesystem;
namespace {

fs::path absolute_from(const fs::path& cwd, const std::string& p) {
  fs::path path(p);
  if (path.is_relative()) path = cwd / path;
  return path.lexically_normal();
}

fs::path strip_trailing_separator(fs::path p) {
  if (p.has_parent_path() && !p.has_filename() && p != p.root_path()) p = p.parent_path();
  return p;
}

bool is_root(const fs::path& p) { return p == p.root_path(); }

}  // namespace

Workspace resolve_workspace(const WorkspaceInputs& in,
                            const std::function<bool(const fs::path&)>& has_sciorex_dir) {
  auto probe = has_sciorex_dir ? has_sciorex_dir : [](const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / ".sciorex", ec);
  };
  const fs::path cwd = in.cwd.empty() ? fs::path("/") : in.cwd.lexically_normal();

  fs::path root;
  if (in.workspace_arg && !in.workspace_arg->empty()) {
    root = absolute_from(cwd, *in.workspace_arg);
  } else if (in.env_claude_project_dir && !in.env_claude_project_dir->empty()) {
    root = absolute_from(cwd, *in.env_claude_project_dir);
  } else {
    root = cwd;
    for (fs::path dir = cwd;; dir = dir.parent_path()) {
      if (!is_root(dir) && probe(dir)) {
        root = dir;
        break;
      }
      if (is_root(dir) || !dir.has_parent_path()) break;
    }
  }
  root = strip_trailing_separator(root);

  std::optional<fs::path> db;
  if (in.db_arg && !in.db_arg->empty())
    db = absolute_from(cwd, *in.db_arg);
  else if (in.env_sciorex_db && !in.env_sciorex_db->empty())
    db = absolute_from(cwd, *in.env_sciorex_db);

  if (is_root(root)) {
    if (!db)
      throw StoreError::invalid_argument(
          "Refusing to use / as the workspace (the server was probably started from the root folder). "
          "Pass --workspace DIR with your project folder, or set CLAUDE_PROJECT_DIR.");
    root = db->parent_path();
    if (root.filename() == ".sciorex") root = root.parent_path();
    if (is_root(root))
      throw StoreError::invalid_argument("Refusing to use / as the workspace. Pass --workspace DIR.");
  }
  Workspace ws;
  ws.root = root;
  ws.sciorex_dir = root / ".sciorex";
  ws.db_path = db ? *db : ws.sciorex_dir / "sciorex.db";
  return ws;
}

StoreConfig prepare_workspace(const Workspace& ws) {
  std::error_code ec;
  fs::create_directories(ws.sciorex_dir, ec);
  if (ec) throw StoreError::internal("Cannot create " + ws.sciorex_dir.string() + ": " + ec.message());
  if (ws.db_path.has_parent_path()) {
    fs::create_directories(ws.db_path.parent_path(), ec);
    if (ec)
      throw StoreError::internal("Cannot create " + ws.db_path.parent_path().string() + ": " + ec.message());
  }
  return load_config(ws.sciorex_dir);
}

}  // namespace sciorex::storage
