// The command of an agent node: Claude Code headless by default (its arguments as people write
// them, the input last after `--`), thinkingLevel as MAX_THINKING_TOKENS, the tools allowed, and
// the MCP config that starts only our servers named by the agent. Also the fake `claude` on PATH:
// the launcher really runs what it builds and reads Claude's JSON.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "agent_command.hpp"
#include "launcher_fixture.hpp"

using namespace sciorex;
using namespace sciorex::flows_test;

namespace {

// PATH set for one scope: `dir` first (or `dir` alone), then back as it was.
class PathWith {
 public:
  explicit PathWith(const fs::path& dir, bool alone = false)
      : old_(std::getenv("PATH") != nullptr ? std::getenv("PATH") : "") {
    ::setenv("PATH", (alone ? dir.string() : dir.string() + ":" + old_).c_str(), 1);
  }
  ~PathWith() { ::setenv("PATH", old_.c_str(), 1); }
  PathWith(const PathWith&) = delete;
  PathWith& operator=(const PathWith&) = delete;

 private:
  std::string old_;
};

}  // namespace

TEST_CASE("Claude Code headless: the agent's prompt, model, tools and servers", "[flows][command]") {
  LauncherFixture f;
  f.agent.mcp_servers = {"sciorex-tickets", "github"};  // only our servers are started and allowed
  const auto c =
      flows::agent_command(f.settings, f.call("-n: starts like an option"), "/w/.sciorex/runs/x.json");
  CHECK(c.argv ==
        std::vector<std::string>{"claude", "-p", "--output-format", "json", "--append-system-prompt",
                                 "You implement features.", "--model", "claude-sonnet-4-5", "--allowedTools",
                                 "Read,Bash,mcp__sciorex-tickets", "--mcp-config", "/w/.sciorex/runs/x.json",
                                 "--strict-mcp-config", "--", "-n: starts like an option"});
  CHECK(c.env_unset == std::vector<std::string>{"CLAUDE_CODE_SESSION_ID", "CLAUDECODE"});
  const auto config = nlohmann::json::parse(flows::mcp_config_json(f.settings, f.agent));
  CHECK(config["mcpServers"].size() == 1);
  CHECK(config["mcpServers"].contains("sciorex-tickets"));

  // no prompt, no model, no tools: those options are left out; the servers stay strict (none)
  f.agent.system_prompt.clear();
  f.agent.model.reset();
  f.agent.allowed_tools.clear();
  f.agent.mcp_servers.clear();
  const auto bare = flows::agent_command(f.settings, f.call("go"), "cfg.json");
  CHECK(bare.argv == std::vector<std::string>{"claude", "-p", "--output-format", "json", "--mcp-config",
                                              "cfg.json", "--strict-mcp-config", "--", "go"});
  CHECK(nlohmann::json::parse(flows::mcp_config_json(f.settings, f.agent)) ==
        nlohmann::json{{"mcpServers", nlohmann::json::object()}});
}

TEST_CASE("thinkingLevel as MAX_THINKING_TOKENS", "[flows][command]") {
  CHECK(flows::thinking_tokens(std::nullopt) == std::nullopt);
  CHECK(flows::thinking_tokens("think") == 4000);
  CHECK(flows::thinking_tokens("think-hard") == 10000);
  CHECK(flows::thinking_tokens("think-harder") == 31999);
  CHECK(flows::thinking_tokens("ultrathink") == 31999);
  CHECK(flows::thinking_tokens("none") == std::nullopt);
  LauncherFixture f;
  f.agent.thinking_level = "think";
  const auto c = flows::agent_command(f.settings, f.call(), "cfg.json");
  CHECK(std::find(c.env_set.begin(), c.env_set.end(),
                  std::pair<std::string, std::string>{"MAX_THINKING_TOKENS", "4000"}) != c.env_set.end());
}

TEST_CASE("a server found neither beside sciorex-flows nor on PATH is a clear error", "[flows][command]") {
  LauncherFixture f;
  f.settings.servers_dir.clear();
  f.use_script("echo unreachable");
  const PathWith path(f.dir.path() / "empty", true);
  const std::string why =
      "the MCP server 'sciorex-tickets' was found neither beside sciorex-flows nor on PATH; install it there";
  CHECK_THROWS_WITH(flows::mcp_config_json(f.settings, f.agent), why);
  const auto o = f.run();
  CHECK(o.end == flows::AgentOutcome::End::Failed);
  CHECK(o.error == why);
}

TEST_CASE("the default runner is `claude` from PATH, its JSON result read", "[flows][command]") {
  LauncherFixture f;
  const fs::path bin = f.dir.path() / "bin";
  fs::create_directories(bin);
  f.script(
      "bin/claude",
      "printf '%s\\n' \"$@\" > args.txt\n"
      "echo \"MAX_THINKING_TOKENS=$MAX_THINKING_TOKENS\" > env.txt\n"
      "echo 'starting' >&2\n"
      R"(printf '{"type":"result","subtype":"success","is_error":false,"result":"Planned.\\n{\"passed\": true}","session_id":"0b5c-77"}')");
  const PathWith path(bin);
  const auto o = f.run(f.call("Plan T-001"));
  CHECK(o.end == flows::AgentOutcome::End::Finished);
  CHECK(o.text == "Planned.\n{\"passed\": true}");
  CHECK(o.session_id == "0b5c-77");
  const std::string args = read_file(f.dir.path() / "args.txt");
  CHECK(args.rfind("-p\n--output-format\njson\n--append-system-prompt\nYou implement features.\n", 0) == 0);
  CHECK(args.find("\n--strict-mcp-config\n--\nPlan T-001\n") != std::string::npos);
  CHECK(read_file(f.dir.path() / "env.txt") == "MAX_THINKING_TOKENS=10000\n");

  SECTION("claude's own error is the node's error, its session kept") {
    f.script(
        "bin/claude",
        R"(printf '{"type":"result","subtype":"error_max_turns","is_error":true,"result":"","session_id":"s-9"}'; exit 1)");
    const auto e = f.run();
    CHECK(e.end == flows::AgentOutcome::End::Failed);
    CHECK(e.exit_code == 1);
    CHECK(e.session_id == "s-9");
    CHECK(e.error == "claude reported an error (error_max_turns)");
  }
  SECTION("claude printing no result object") {
    f.script("bin/claude", "echo 'not json'");
    const auto e = f.run();
    CHECK(e.end == flows::AgentOutcome::End::Failed);
    CHECK(e.error == "claude printed no JSON result (expected --output-format json's object)");
  }
}

TEST_CASE("claude missing from PATH says how to choose another runner", "[flows][command]") {
  LauncherFixture f;
  const PathWith path(f.dir.path() / "nothing-here", true);
  const auto o = f.run();
  CHECK(o.end == flows::AgentOutcome::End::Failed);
  CHECK(o.error ==
        "the runner command 'claude' was not found on PATH (install Claude Code, or name another command as "
        "flows.runner in .sciorex/sciorex.yaml)");
}
