#pragma once
// Which build this is, for `--version` and serverInfo.version: the project's VERSION (CMake) and the
// git commit it was built from. The two strings live in a source generated at build time
// (cmake/sciorex_version.cmake), so a new commit recompiles one small file and nothing that
// includes this header.

#include <string>

namespace CLI {
class App;
}

namespace sciorex::common {

// The project's version, "0.1.0".
const char* version();

// The commit's short hash, with "+dirty" when tracked files differed from it at build time, or
// "unknown" when the sources were not a git checkout.
const char* build_commit();

// "<program> 0.1.0 (commit 1a2b3c4)": the one line every executable prints for --version (help2man
// reads the version from it).
std::string version_line(const std::string& program);

// --version on `app`: prints version_line(program) on stdout and exits 0 (through parse_command_line).
void add_version_flag(CLI::App& app, const std::string& program);

}  // namespace sciorex::common
