// Reloading the definitions while serving (issue 12): the runner looks at the files under
// flows/ and agents/ (names, sizes, modification times) every few seconds and loads them again
// when anything changed, logging each definition error as FILE:LINE: why. A runner with errors
// keeps serving the flows that loaded.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "definitions.hpp"

namespace sciorex::flows {

class DefinitionsWatch {
 public:
  explicit DefinitionsWatch(std::filesystem::path sciorex_dir);

  // The definitions when the files changed since the last call (always on the first), nullptr
  // when nothing changed. Never throws: a folder that cannot be read counts as empty.
  std::shared_ptr<const Definitions> reload_if_changed();

 private:
  struct FileStamp {
    std::string path;
    std::uintmax_t size = 0;
    std::int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
  };
  std::vector<FileStamp> stamps() const;

  std::filesystem::path dir_;
  std::vector<FileStamp> last_;
  bool loaded_ = false;
};

}  // namespace sciorex::flows
