// `sciorex-tickets init`: one command sets a project up for Claude Code, keeps what is not ours,
// refuses a file it cannot read before writing anything, and changes nothing the second time.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_run.hpp"

namespace sciorex::cli_test {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Every file under `dir` with its content.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() != ".db" &&
        e.path().string().find(".db-") == std::string::npos)
      out[fs::relative(e.path(), dir).string()] = read(e.path());
  return out;
}

const std::string kSelf = fs::canonical(SCIOREX_TICKETS_BIN).string();

}  // namespace

TEST_CASE("init sets a project up for Claude Code", "[cli][init]") {
  TempDir dir;
  Run r = tickets({"init"}, {dir.path()});
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("Next: run `claude` in " + fs::canonical(dir.path()).string()) != std::string::npos);

  CHECK(fs::exists(dir.db()));
  CHECK(read(dir.path() / ".sciorex/sciorex.yaml").find("# tickets:") != std::string::npos);

  const json mcp = json::parse(read(dir.path() / ".mcp.json"));
  const json& t = mcp["mcpServers"]["sciorex-tickets"];
  CHECK(t["command"] == kSelf);
  CHECK(t["args"] == json::array());  // no workspace: Claude Code passes CLAUDE_PROJECT_DIR
  CHECK(mcp["mcpServers"]["sciorex-interactions"]["command"] ==
        (fs::path(kSelf).parent_path() / "sciorex-interactions").string());
  CHECK(read(dir.path() / ".mcp.json").find("${") == std::string::npos);

  const json settings = json::parse(read(dir.path() / ".claude/settings.local.json"));
  CHECK(settings["enabledMcpjsonServers"] == json({"sciorex-tickets", "sciorex-interactions"}));

  for (const char* agent : {"technical-planner", "feature-developer", "code-reviewer"}) {
    const std::string text = read(dir.path() / ".claude/agents" / (std::string(agent) + ".md"));
    CHECK(text.rfind("---\nname: " + std::string(agent) + "\n", 0) == 0);
  }
  // the planner may read tickets through our server: its tool list names the real tools
  const std::string planner = read(dir.path() / ".claude/agents/technical-planner.md");
  CHECK(planner.find("mcp__sciorex-tickets__sciorex_get_ticket") != std::string::npos);
  CHECK(planner.find("mcp__sciorex-tickets__sciorex_add_comment") != std::string::npos);

  SECTION("a second run changes nothing and says so") {
    const auto before = snapshot(dir.path());
    Run again = tickets({"init", dir.path().string()}, {fs::temp_directory_path()});
    REQUIRE(again.code == 0);
    CHECK(snapshot(dir.path()) == before);
    CHECK(again.out.find("both servers already there") != std::string::npos);
    CHECK(again.out.find("created") == std::string::npos);
  }
  SECTION("a changed subagent is kept unless --force") {
    write(dir.path() / ".claude/agents/code-reviewer.md", "my own reviewer\n");
    Run again = tickets({"init"}, {dir.path()});
    CHECK(again.code == 0);
    CHECK(read(dir.path() / ".claude/agents/code-reviewer.md") == "my own reviewer\n");
    CHECK(again.out.find("code-reviewer.md: kept your version") != std::string::npos);
    Run forced = tickets({"init", "--force"}, {dir.path()});
    CHECK(forced.code == 0);
    CHECK(read(dir.path() / ".claude/agents/code-reviewer.md").rfind("---\nname: code-reviewer", 0) == 0);
  }
}

TEST_CASE("init keeps other servers and settings and updates its own entries", "[cli][init]") {
  TempDir dir;
  write(dir.path() / ".mcp.json",
        R"({"mcpServers": {"github": {"command": "gh-mcp", "args": ["--x"]},
            "sciorex-tickets": {"command": "/old/path/sciorex-tickets", "args": ["--workspace", "/old"],
                                "env": {"SCIOREX_LOG": "debug"}}},
            "other": 1})");
  write(dir.path() / ".claude/settings.local.json",
        R"({"enabledMcpjsonServers": ["github"], "model": "opus"})");
  Run r = tickets({"init"}, {dir.path()});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("updated sciorex-tickets") != std::string::npos);
  const json mcp = json::parse(read(dir.path() / ".mcp.json"));
  CHECK(mcp["other"] == 1);
  CHECK(mcp["mcpServers"]["github"] == json::parse(R"({"command": "gh-mcp", "args": ["--x"]})"));
  CHECK(mcp["mcpServers"]["sciorex-tickets"]["command"] == kSelf);
  CHECK(mcp["mcpServers"]["sciorex-tickets"]["args"] == json::array());
  CHECK(mcp["mcpServers"]["sciorex-tickets"]["env"] ==
        json({{"SCIOREX_LOG", "debug"}}));  // what a person added stays
  const json settings = json::parse(read(dir.path() / ".claude/settings.local.json"));
  CHECK(settings["model"] == "opus");
  CHECK(settings["enabledMcpjsonServers"] == json({"github", "sciorex-tickets", "sciorex-interactions"}));
}

TEST_CASE("init refuses a .mcp.json it cannot read and writes nothing", "[cli][init]") {
  TempDir dir;
  for (const std::string bad : {"{not json", "[1, 2]", R"({"mcpServers": 3})"}) {
    write(dir.path() / ".mcp.json", bad);
    Run r = tickets({"init"}, {dir.path()});
    CHECK(r.code == 1);
    CHECK(r.err.find("sciorex-tickets: error: " + (fs::canonical(dir.path()) / ".mcp.json").string()) !=
          std::string::npos);
    CHECK(read(dir.path() / ".mcp.json") == bad);
    CHECK_FALSE(fs::exists(dir.path() / ".sciorex"));
    CHECK_FALSE(fs::exists(dir.path() / ".claude"));
  }
}

TEST_CASE("init --desktop prints Claude Desktop's block with the workspace and writes nothing",
          "[cli][init]") {
  TempDir dir;
  Run r = tickets({"init", "--desktop", dir.path().string()}, {fs::temp_directory_path()});
  REQUIRE(r.code == 0);
  const json block = json::parse(r.out.substr(r.out.find('{')));
  CHECK(block["mcpServers"]["sciorex-tickets"]["args"] ==
        json({"--workspace", fs::canonical(dir.path()).string()}));
  CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("init refuses a missing folder and /", "[cli][init]") {
  TempDir dir;
  Run missing = tickets({"init", (dir.path() / "nope").string()}, {dir.path()});
  CHECK(missing.code == 1);
  CHECK(missing.err.find("no such folder") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path() / "nope"));
  Run root = tickets({"init", "/"}, {dir.path()});
  CHECK(root.code == 1);
  CHECK(root.err.find("refusing to set up /") != std::string::npos);
}

}  // namespace sciorex::cli_test
