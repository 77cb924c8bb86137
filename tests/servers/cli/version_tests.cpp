// --version: every executable names the project's version and the commit it was built from, and the
// generator behind it (cmake/write_build_info.cmake) tells a clean commit, a dirty tree and a folder
// outside git apart.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "cli_run.hpp"

namespace sciorex::cli_test {

namespace fs = std::filesystem;

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// git in `dir`; its stdout without the final newline. Fails the test when git fails.
std::string git(const fs::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"-C", dir.string(), "-c", "user.name=t", "-c", "user.email=t@example.com"});
  Run r = run(SCIOREX_GIT, args, {.cwd = dir});
  INFO(r.err);
  REQUIRE(r.code == 0);
  return trimmed(r.out);
}

// What the build-time generator writes for `source_dir`: the commit string it puts in the source.
std::string generated_commit(const TempDir& out_dir, const fs::path& source_dir) {
  const fs::path out = out_dir.path() / "build_info.cpp";
  Run r = run(SCIOREX_CMAKE,
              {"-DSOURCE_DIR=" + source_dir.string(), std::string("-DGIT=") + SCIOREX_GIT, "-DVERSION=9.8.7",
               "-DIN=" SCIOREX_SOURCE_DIR "/cmake/sciorex_build_info.cpp.in", "-DOUT=" + out.string(), "-P",
               SCIOREX_SOURCE_DIR "/cmake/write_build_info.cmake"},
              {.cwd = out_dir.path()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  std::ifstream in(out);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  REQUIRE(s.find("return \"9.8.7\";") != std::string::npos);
  const std::string key = "build_commit() { return \"";
  const auto at = s.find(key);
  REQUIRE(at != std::string::npos);
  return s.substr(at + key.size(), s.find('"', at + key.size()) - at - key.size());
}

}  // namespace

TEST_CASE("--version prints the project's version and the commit the build came from", "[cli][version]") {
  TempDir dir;
  // The sources' commit, or "unknown" when they are not a git checkout (an unpacked tarball).
  Run rev = run(SCIOREX_GIT, {"-C", SCIOREX_SOURCE_DIR, "rev-parse", "--short", "HEAD"}, {.cwd = dir.path()});
  const std::string head = rev.code == 0 ? trimmed(rev.out) : "unknown";
  for (const auto& [binary, program] : {std::pair{SCIOREX_TICKETS_BIN, "sciorex-tickets"},
                                        std::pair{SCIOREX_INTERACTIONS_BIN, "sciorex-interactions"},
                                        std::pair{SCIOREX_FLOWS_BIN, "sciorex-flows"}}) {
    Run r = run(binary, {"--version"}, {.cwd = dir.path()});
    INFO(program << ": " << r.out << r.err);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    const std::string expected = std::string(program) + " " + SCIOREX_PROJECT_VERSION + " (commit " + head;
    const std::string line = trimmed(r.out);
    // "+dirty" when tracked files differed from HEAD when it was built (an engineer's tree; never CI's).
    CHECK((line == expected + ")" || (head != "unknown" && line == expected + "+dirty)")));
  }
}

TEST_CASE("the build's commit: a short hash, +dirty for changed tracked files, unknown outside git",
          "[cli][version]") {
  if (std::string(SCIOREX_GIT).empty()) {
    WARN("git was not found at configure time: the generator's git cases are not checked");
    return;
  }
  TempDir out, repo;
  CHECK(generated_commit(out, repo.path()) == "unknown");

  git(repo.path(), {"init", "-q"});
  std::ofstream(repo.path() / "a.txt") << "one\n";
  git(repo.path(), {"add", "a.txt"});
  git(repo.path(), {"commit", "-q", "-m", "first"});
  const std::string first = git(repo.path(), {"rev-parse", "--short", "HEAD"});
  CHECK(generated_commit(out, repo.path()) == first);

  std::ofstream(repo.path() / "new.txt") << "untracked files do not count\n";
  CHECK(generated_commit(out, repo.path()) == first);

  std::ofstream(repo.path() / "a.txt") << "two\n";
  CHECK(generated_commit(out, repo.path()) == first + "+dirty");

  git(repo.path(), {"commit", "-q", "-am", "second"});
  const std::string second = git(repo.path(), {"rev-parse", "--short", "HEAD"});
  CHECK(second != first);
  CHECK(generated_commit(out, repo.path()) == second);

  // A folder inside another repository is not a checkout of its own.
  fs::create_directories(repo.path() / "sub");
  CHECK(generated_commit(out, repo.path() / "sub") == "unknown");
}

}  // namespace sciorex::cli_test
