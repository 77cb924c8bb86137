// StoreConfig (id prefixes, start number, padding) and workspace resolution.
//
// DIR/.sciorex/sciorex.yaml (every key optional):
//
//   tickets:
//     prefix: T          # 1-5 characters, a letter then letters/digits; default T
//     startNumber: 1     # first number handed out; default 1
//     padding: 3         # digits, zero-padded; 1-10, default 3
//   epics:
//     prefix: E          # default E (epics share startNumber and padding unless given)
//     startNumber: 1
//     padding: 3
//
// load_config throws StoreError(InvalidArgument) naming the file, line and key of a bad value.
// resolve_workspace is a pure function of its inputs (the filesystem probe is injectable); it
// throws StoreError(InvalidArgument) when the workspace would be "/". All functions thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace sciorex::storage {

struct StoreConfig {
  std::string ticket_prefix = "T";
  std::string epic_prefix = "E";
  int start_number = 1;
  int padding = 3;
  int epic_start_number = 1;
  int epic_padding = 3;
};

// Throws StoreError(InvalidArgument) when a prefix, start number or padding is out of range.
void validate(const StoreConfig& config);

// Reads `sciorex_dir`/sciorex.yaml; the defaults when the file does not exist.
StoreConfig load_config(const std::filesystem::path& sciorex_dir);

// "T", 7, 3 -> "T-007"
std::string format_id(const std::string& prefix, long long number, int padding);

struct WorkspaceInputs {
  std::optional<std::string> workspace_arg;           // --workspace DIR
  std::optional<std::string> db_arg;                  // --db PATH
  std::optional<std::string> env_sciorex_db;          // $SCIOREX_DB
  std::optional<std::string> env_claude_project_dir;  // $CLAUDE_PROJECT_DIR
  std::filesystem::path cwd;                          // current directory (absolute)
};

struct Workspace {
  std::filesystem::path root;         // the project folder
  std::filesystem::path sciorex_dir;  // root/.sciorex (config, YAML layout)
  std::filesystem::path db_path;      // root/.sciorex/sciorex.db unless overridden
};

// Rules: db = --db, else $SCIOREX_DB unless --workspace was given (explicit flags win over the
// environment), else root/.sciorex/sciorex.db. root = --workspace, else the db file's folder
// (its parent when that folder is `.sciorex`) when a db path was given, else the nearest folder
// from $CLAUDE_PROJECT_DIR upwards that has a `.sciorex/` (checked with `has_sciorex_dir`,
// default: the filesystem), else $CLAUDE_PROJECT_DIR, else the same search from cwd, else cwd.
// Relative paths are taken from cwd. A root of "/" is refused (Claude Desktop starts servers
// there) unless the db path was given, in which case root becomes the db file's folder.
Workspace resolve_workspace(const WorkspaceInputs& in,
                            const std::function<bool(const std::filesystem::path&)>& has_sciorex_dir = {});

// For servers and commands that write: creates root/.sciorex when the db lives there (never the
// root itself, nor any other folder) and reads the config. Throws StoreError(NotFound) naming a
// workspace folder or db folder that does not exist.
StoreConfig prepare_workspace(const Workspace& ws);

// For commands that only read: creates nothing; throws StoreError(NotFound) naming the missing
// workspace folder or store file. Reads the config.
StoreConfig inspect_workspace(const Workspace& ws);

}  // namespace sciorex::storage
