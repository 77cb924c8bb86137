// launcher_settings (agent_launcher.hpp): the workspace's folders and the `flows:` section of
// .sciorex/sciorex.yaml, which storage's load_config leaves to this layer:
//
//   flows:
//     runner: [codex, exec, "{input}"]   # optional: another agent command (runner_template.hpp)
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <stdexcept>

#include "agent_launcher.hpp"
#include "runner_template.hpp"
#include "sciorex/storage/database_uri.hpp"

namespace sciorex::flows {

namespace fs = std::filesystem;

namespace {

std::string yaml_at_line(const fs::path& file, const YAML::Node& n) {
  return file.string() + ":" + std::to_string(n.Mark().line + 1) + ": ";
}

std::optional<std::vector<std::string>> read_flows_runner(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsMap()) return std::nullopt;  // storage's load_config says what is wrong with it
  const YAML::Node flows = root["flows"];
  if (!flows || flows.IsNull()) return std::nullopt;
  if (!flows.IsMap())
    throw std::runtime_error(yaml_at_line(file, flows) + "flows: expected a mapping (runner: [...])");
  for (const auto& kv : flows) {
    const auto key = kv.first.as<std::string>("");
    if (key != "runner")
      throw std::runtime_error(yaml_at_line(file, kv.first) + "flows." + key +
                               ": unknown key; the flows section has runner");
  }
  const YAML::Node runner = flows["runner"];
  if (!runner || runner.IsNull()) return std::nullopt;
  const std::string example = " (e.g. runner: [codex, exec, \"{input}\"])";
  if (!runner.IsSequence() || runner.size() == 0)
    throw std::runtime_error(yaml_at_line(file, runner) + "flows.runner: expected a list of arguments" +
                             example);
  std::vector<std::string> argv;
  for (const auto& arg : runner) {
    if (!arg.IsScalar())
      throw std::runtime_error(yaml_at_line(file, arg) + "flows.runner: each argument must be text");
    try {
      check_runner_argument(arg.Scalar());
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(yaml_at_line(file, arg) + "flows.runner: " + e.what());
    }
    argv.push_back(arg.Scalar());
  }
  if (argv.front().empty())
    throw std::runtime_error(yaml_at_line(file, runner) +
                             "flows.runner: the command (its first argument) is empty");
  return argv;
}

// This executable's folder when both servers are beside it, else empty.
fs::path servers_beside_this_executable() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  fs::path dir = self.parent_path();
  for (const char* name : {"sciorex-tickets", "sciorex-interactions"})
    if (::access((dir / name).c_str(), X_OK) != 0) return {};
  return dir;
}

}  // namespace

LauncherSettings launcher_settings(const fs::path& workspace_root, const fs::path& sciorex_dir,
                                   const fs::path& db_path) {
  LauncherSettings s;
  s.workspace_root = fs::absolute(workspace_root).lexically_normal();
  // a PostgreSQL connection string passes as it is (issue 13); a SQLite path absolute, for agents
  // started in other folders
  s.db_path = storage::is_database_uri(db_path.string()) ? db_path : fs::absolute(db_path).lexically_normal();
  s.runs_dir = fs::absolute(sciorex_dir).lexically_normal() / "runs";
  s.servers_dir = servers_beside_this_executable();
  s.runner_command = read_flows_runner(sciorex_dir / "sciorex.yaml");
  return s;
}

}  // namespace sciorex::flows
