// Workspace resolution (pure) and preparation (creates .sciorex/, reads the config).
#include "sciorex/storage/config.hpp"
#include "sciorex/storage/database_uri.hpp"
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

  // The nearest folder from `start` upwards that has a .sciorex/ (never "/"), else `start`.
  auto nearest = [&](const fs::path& start) {
    for (fs::path dir = start;; dir = dir.parent_path()) {
      if (!is_root(dir) && probe(dir)) return dir;
      if (is_root(dir) || !dir.has_parent_path()) return start;
    }
  };
  const bool explicit_root = in.workspace_arg && !in.workspace_arg->empty();

  // An explicit flag wins over the environment: --workspace without --db ignores $SCIOREX_DB.
  std::optional<std::string> db_text;
  if (in.db_arg && !in.db_arg->empty())
    db_text = *in.db_arg;
  else if (!explicit_root && in.env_sciorex_db && !in.env_sciorex_db->empty())
    db_text = *in.env_sciorex_db;
  // A PostgreSQL store (issue 13) is named by its connection string, kept as it is; the workspace
  // (its sciorex.yaml, the flows' folders) is then found as when no store is named.
  std::optional<std::string> database_uri;
  if (db_text && is_database_uri(*db_text)) database_uri.swap(db_text);
  std::optional<fs::path> db;
  if (db_text) db = absolute_from(cwd, *db_text);

  fs::path root;
  if (explicit_root) {
    root = absolute_from(cwd, *in.workspace_arg);
  } else if (db) {
    // The store's own folder (its parent when that is .sciorex): its config goes with its ids.
    root = db->parent_path();
    if (root.filename() == ".sciorex") root = root.parent_path();
  } else if (in.env_claude_project_dir && !in.env_claude_project_dir->empty()) {
    // Claude Code started in a subfolder names that subfolder: the project's store is upwards.
    root = nearest(absolute_from(cwd, *in.env_claude_project_dir).lexically_normal());
  } else {
    root = nearest(cwd);
  }
  root = strip_trailing_separator(root);

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
  ws.db_path = database_uri ? fs::path(*database_uri) : db ? *db : ws.sciorex_dir / "sciorex.db";
  return ws;
}

namespace {

void require_folder(const fs::path& dir, const char* what) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  if (fs::exists(dir, ec))
    throw StoreError::invalid_argument("The " + std::string(what) + " " + dir.string() + " is not a folder.");
  throw StoreError::not_found("The " + std::string(what) + " " + dir.string() +
                              " does not exist. Check the path, or create the folder first.");
}

}  // namespace

StoreConfig prepare_workspace(const Workspace& ws) {
  require_folder(ws.root, "workspace folder");
  if (is_database_uri(ws.db_path.string())) return load_config(ws.sciorex_dir);  // nothing to create
  std::error_code ec;
  if (ws.db_path.parent_path() == ws.sciorex_dir) {
    fs::create_directory(ws.sciorex_dir, ec);
    if (ec) throw StoreError::internal("Cannot create " + ws.sciorex_dir.string() + ": " + ec.message());
  }
  require_folder(ws.db_path.parent_path(), "database's folder");
  return load_config(ws.sciorex_dir);
}

StoreConfig inspect_workspace(const Workspace& ws) {
  require_folder(ws.root, "workspace folder");
  if (is_database_uri(ws.db_path.string())) return load_config(ws.sciorex_dir);  // a server's to check
  std::error_code ec;
  if (!fs::is_regular_file(ws.db_path, ec))
    throw StoreError::not_found(
        "No Sciorex store at " + ws.db_path.string() +
        " yet: nothing was recorded in this workspace. Pass --workspace DIR (or --db PATH) "
        "for an existing one; the servers and the commands that write create it.");
  return load_config(ws.sciorex_dir);
}

}  // namespace sciorex::storage
