// A fresh folder under the system temp dir for one test, removed with everything in it at the end.
#pragma once

#include <filesystem>
#include <string>

namespace sciorex::testing {

class TempDir {
 public:
  // `tag` names the suite in the folder's name (sciorex-TAG-PID-N-RANDOM); `with_store_folder`
  // also makes the workspace's `.sciorex/` inside it.
  explicit TempDir(const std::string& tag, bool with_store_folder = false);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // The database of a workspace in this folder: PATH/.sciorex/sciorex.db.
  std::string workspace_db() const { return (path_ / ".sciorex" / "sciorex.db").string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace sciorex::testing
