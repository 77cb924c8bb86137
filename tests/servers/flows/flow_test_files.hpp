// Definition files for the flows tests: a workspace's .sciorex/ in a TempDir with the seed's three
// agents (copied from examples/flows/), and a helper that writes a file there.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "temp_dir.hpp"

namespace sciorex::flows::testing {

inline void write_text(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

inline std::filesystem::path seed_sciorex_dir() {
  return std::filesystem::path(SCIOREX_EXAMPLES_DIR) / "flows" / ".sciorex";
}

// A TempDir holding .sciorex/agents/ with the seed's agents.
struct FlowWorkspace {
  sciorex::testing::TempDir dir{"flows", true};
  FlowWorkspace() {
    std::filesystem::create_directories(sciorex_dir() / "flows");
    std::filesystem::copy(seed_sciorex_dir() / "agents", sciorex_dir() / "agents");
  }
  std::filesystem::path sciorex_dir() const { return dir.path() / ".sciorex"; }
  void flow(const std::string& stem, const std::string& text) const {
    write_text(sciorex_dir() / "flows" / (stem + ".yaml"), text);
  }
  void agent(const std::string& stem, const std::string& text) const {
    write_text(sciorex_dir() / "agents" / (stem + ".yaml"), text);
  }
};

}  // namespace sciorex::flows::testing
