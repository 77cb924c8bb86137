#include "sciorex/common/version.hpp"

#include <CLI/CLI.hpp>

namespace sciorex::common {

std::string version_line(const std::string& program) {
  return program + " " + version() + " (commit " + build_commit() + ")";
}

void add_version_flag(CLI::App& app, const std::string& program) {
  app.set_version_flag("--version", version_line(program),
                       "Print the version and the commit it was built from");
}

}  // namespace sciorex::common
