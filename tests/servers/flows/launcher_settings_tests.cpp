// The launcher's settings from a workspace: its folders, and `flows.runner` of
// .sciorex/sciorex.yaml (an argv list whose placeholders are checked at load), beside the store's
// own keys, which storage's load_config still reads.
#include <catch2/catch.hpp>
#include <fstream>

#include "agent_launcher.hpp"
#include "runner_template.hpp"
#include "sciorex/storage/config.hpp"
#include "temp_dir.hpp"

using namespace sciorex;
namespace fs = std::filesystem;

namespace {

struct Workspace {
  testing::TempDir dir{"flowset", true};
  fs::path sciorex() const { return dir.path() / ".sciorex"; }
  void config(const std::string& yaml) const { std::ofstream(sciorex() / "sciorex.yaml") << yaml; }
  flows::LauncherSettings settings() const {
    return flows::launcher_settings(dir.path(), sciorex(), dir.workspace_db());
  }
};

}  // namespace

TEST_CASE("without flows.runner, Claude Code; the folders of the workspace", "[flows][settings]") {
  Workspace w;
  auto s = w.settings();
  CHECK_FALSE(s.runner_command);
  CHECK(s.workspace_root == w.dir.path());
  CHECK(s.db_path == fs::path(w.dir.workspace_db()));
  CHECK(s.runs_dir == w.sciorex() / "runs");
  CHECK(s.servers_dir.empty());  // the test binary has no servers beside it
  w.config("tickets:\n  prefix: TK\n");
  CHECK_FALSE(w.settings().runner_command);
}

TEST_CASE("flows.runner: a command template beside the store's keys", "[flows][settings]") {
  Workspace w;
  w.config("tickets:\n  prefix: TK\nflows:\n  runner: [codex, exec, --model, \"{model}\", \"{input}\"]\n");
  const auto s = w.settings();
  REQUIRE(s.runner_command);
  CHECK(*s.runner_command == std::vector<std::string>{"codex", "exec", "--model", "{model}", "{input}"});
  CHECK(storage::load_config(w.sciorex()).ticket_prefix == "TK");  // the store reads its part still
}

TEST_CASE("a bad flows section names the file, the line and why", "[flows][settings]") {
  Workspace w;
  const std::string file = (w.sciorex() / "sciorex.yaml").string();
  w.config("flows:\n  runner: codex exec\n");
  CHECK_THROWS_WITH(w.settings(), file +
                                      ":2: flows.runner: expected a list of arguments (e.g. runner: [codex, "
                                      "exec, \"{input}\"])");
  w.config("flows:\n  runner: []\n");
  CHECK_THROWS_WITH(w.settings(), Catch::StartsWith(file + ":2: flows.runner: expected a list"));
  w.config("flows:\n  runner:\n    - codex\n    - \"{prompt}\"\n");
  CHECK_THROWS_WITH(w.settings(),
                    Catch::StartsWith(file + ":4: flows.runner: unknown placeholder {prompt} in "
                                             "'{prompt}'; the placeholders are {input}, "));
  w.config("flows:\n  runer: [codex]\n");
  CHECK_THROWS_WITH(w.settings(), file + ":2: flows.runer: unknown key; the flows section has runner");
  w.config("flows: [codex]\n");
  CHECK_THROWS_WITH(w.settings(), Catch::StartsWith(file + ":1: flows: expected a mapping"));
  w.config("flows:\n  runner: [\"\", x]\n");
  CHECK_THROWS_WITH(w.settings(), Catch::Contains("the command (its first argument) is empty"));
  w.config("flows: {runner: [a\n");
  CHECK_THROWS_WITH(w.settings(), Catch::StartsWith(file + ":"));
}

TEST_CASE("runner placeholders: known words replaced, other braces kept", "[flows][settings]") {
  const std::map<std::string, std::string> values = {{"input", "do {it}"}, {"agent", "planner"}};
  CHECK(flows::expand_runner_argument("--agent={agent}", values) == "--agent=planner");
  CHECK(flows::expand_runner_argument("{input}", values) == "do {it}");  // values are never expanded again
  CHECK(flows::expand_runner_argument("{model}", values).empty());       // unset: empty
  CHECK(flows::expand_runner_argument(R"({"a": {}} { x } {1})", values) == R"({"a": {}} { x } {1})");
  CHECK_NOTHROW(flows::check_runner_argument(R"({"k": 1} {} {input}{agent})"));
  CHECK_THROWS_WITH(flows::check_runner_argument("--x={inputs}"),
                    Catch::StartsWith("unknown placeholder {inputs} in '--x={inputs}'"));
}
