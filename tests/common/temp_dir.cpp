#include "temp_dir.hpp"

#include <unistd.h>

#include <atomic>
#include <random>

namespace sciorex::testing {

TempDir::TempDir(const std::string& tag, bool with_store_folder) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ =
      std::filesystem::temp_directory_path() / ("sciorex-" + tag + "-" + std::to_string(::getpid()) + "-" +
                                                std::to_string(counter++) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(with_store_folder ? path_ / ".sciorex" : path_);
  // Canonical, so that a path a server prints back compares equal (/tmp may be a link).
  path_ = std::filesystem::canonical(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace sciorex::testing
