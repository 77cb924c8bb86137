// Runs a built executable to completion as a person at a terminal would: arguments, a current
// folder, an environment without CLAUDE_PROJECT_DIR and SCIOREX_DB unless given, optional stdin.
// The process is the shared ChildProcess (tests/common): every read is bounded by poll() with a
// deadline; nothing sleeps.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "temp_dir.hpp"

namespace sciorex::cli_test {

struct Run {
  int code = -1;  // exit status; -1 when killed or timed out
  std::string out, err;
};

struct RunOptions {
  std::filesystem::path cwd;                             // required
  std::vector<std::pair<std::string, std::string>> env;  // set in the child (value "" unsets)
  std::string input;                                     // written to stdin, then closed
};

Run run(const char* binary, const std::vector<std::string>& args, const RunOptions& options);

inline Run tickets(const std::vector<std::string>& args, const RunOptions& options) {
  return run(SCIOREX_TICKETS_BIN, args, options);
}
inline Run interactions(const std::vector<std::string>& args, const RunOptions& options) {
  return run(SCIOREX_INTERACTIONS_BIN, args, options);
}

// A fresh, empty folder under the system temp dir (no .sciorex/), removed at the end.
class TempDir : public testing::TempDir {
 public:
  TempDir() : testing::TempDir("cli") {}
  std::filesystem::path db() const { return path() / ".sciorex" / "sciorex.db"; }
};

}  // namespace sciorex::cli_test
