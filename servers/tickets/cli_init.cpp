#include "cli_init.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "cli.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/storage/config.hpp"
#include "store.hpp"

namespace sciorex::tickets {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

namespace {

constexpr const char* kInteractions = "sciorex-interactions";

struct InitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::optional<std::string> read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes through a temporary file and a rename, so that a reader never sees half a file.
void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  const fs::path tmp = p.string() + ".sciorex-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw InitError("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);
  if (ec) throw InitError("cannot write " + p.string() + ": " + ec.message());
}

// A JSON object file: its content, {} when absent. Anything else is refused with the file named.
ojson read_object(const fs::path& p) {
  const auto text = read_text(p);
  if (!text) return ojson::object();
  ojson j = ojson::parse(*text, nullptr, false);
  if (j.is_discarded())
    throw InitError(p.string() + " is not valid JSON; fix or remove it, then run init again");
  if (!j.is_object())
    throw InitError(p.string() + " does not hold a JSON object; fix or remove it, then run init again");
  return j;
}

std::string dumped(const ojson& j) { return j.dump(2) + "\n"; }

// The plan of one run: each file's new text (nullopt: leave as it is) and what to say about it.
struct Step {
  fs::path path;
  std::optional<std::string> text;
  std::string said;
};

fs::path self_executable() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw InitError("cannot find this executable's path (/proc/self/exe): " + ec.message());
  return p;
}

// Our server's entry: stdio, this command, no arguments. Other keys a person added (env, ...) stay.
ojson server_entry(const ojson& old, const fs::path& command) {
  ojson e = old.is_object() ? old : ojson::object();
  e["type"] = "stdio";
  e["command"] = command.string();
  e["args"] = ojson::array();
  return e;
}

// Both servers' names with their executables, in the order .mcp.json and Desktop list them.
std::array<std::pair<std::string, fs::path>, 2> our_servers(const fs::path& tickets_exe,
                                                            const fs::path& interactions_exe) {
  return {{{kProgram, tickets_exe}, {kInteractions, interactions_exe}}};
}

Step mcp_json_step(const fs::path& root, const fs::path& tickets_exe, const fs::path& interactions_exe) {
  const fs::path p = root / ".mcp.json";
  ojson j = read_object(p);
  const bool existed = fs::exists(p);
  if (j.contains("mcpServers") && !j["mcpServers"].is_object())
    throw InitError(p.string() + ": mcpServers is not an object; fix it, then run init again");
  std::string said;
  for (const auto& [name, exe] : our_servers(tickets_exe, interactions_exe)) {
    ojson& servers = j["mcpServers"];
    const ojson entry = server_entry(servers.contains(name) ? servers[name] : ojson(), exe);
    const char* verb = !servers.contains(name) ? "added" : servers[name] == entry ? nullptr : "updated";
    if (verb != nullptr) said += std::string(said.empty() ? "" : ", ") + verb + " " + name;
    servers[name] = entry;
  }
  if (said.empty()) return {p, std::nullopt, ".mcp.json: both servers already there"};
  return {p, dumped(j), std::string(".mcp.json: ") + (existed ? "" : "created, ") + said};
}

Step settings_step(const fs::path& root) {
  const fs::path p = root / ".claude" / "settings.local.json";
  ojson j = read_object(p);
  if (j.contains("enabledMcpjsonServers") && !j["enabledMcpjsonServers"].is_array())
    throw InitError(p.string() + ": enabledMcpjsonServers is not a list; fix it, then run init again");
  ojson& enabled = j["enabledMcpjsonServers"];
  if (enabled.is_null()) enabled = ojson::array();
  std::string said;
  for (const std::string name : {kProgram, kInteractions}) {
    if (std::find(enabled.begin(), enabled.end(), name) != enabled.end()) continue;
    enabled.push_back(name);
    said += std::string(said.empty() ? "" : ", ") + name;
  }
  if (said.empty()) return {p, std::nullopt, ".claude/settings.local.json: both servers already enabled"};
  return {p, dumped(j), ".claude/settings.local.json: enabled " + said};
}

int print_desktop(const fs::path& root, const fs::path& tickets_exe, const fs::path& interactions_exe) {
  // Claude Desktop starts servers in "/", so the workspace is named.
  ojson block = {{"mcpServers", ojson::object()}};
  for (const auto& [name, exe] : our_servers(tickets_exe, interactions_exe))
    block["mcpServers"][name] = {{"command", exe.string()}, {"args", {"--workspace", root.string()}}};
  std::cout
      << "Add this to Claude Desktop's claude_desktop_config.json (Settings > Developer > Edit Config):\n"
      << block.dump(2) << std::endl;
  return common::kExitOk;
}

int init(const InitCommand& c) {
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(fs::absolute(c.dir), ec);
  if (ec || !fs::is_directory(root)) throw InitError("no such folder: " + c.dir);
  if (root == root.root_path())
    throw InitError("refusing to set up / as a project; name the project's folder");
  const fs::path tickets_exe = self_executable();
  const fs::path interactions_exe = tickets_exe.parent_path() / kInteractions;
  if (!fs::exists(interactions_exe))
    std::cerr << kProgram << ": warning: " << interactions_exe.string()
              << " is missing; its entry is written anyway\n";
  if (c.desktop) return print_desktop(root, tickets_exe, interactions_exe);

  // Plan everything first: a file we cannot read refuses the whole run before anything is written.
  std::vector<Step> steps;
  const fs::path config = root / ".sciorex" / "sciorex.yaml";
  steps.push_back(fs::exists(config) ? Step{config, std::nullopt, ".sciorex/sciorex.yaml: kept"}
                                     : Step{config, commented_config(), ".sciorex/sciorex.yaml: created"});
  steps.push_back(mcp_json_step(root, tickets_exe, interactions_exe));
  steps.push_back(settings_step(root));
  for (const auto& f : subagent_files()) {
    const fs::path p = root / ".claude" / "agents" / f.name;
    const std::string shown = ".claude/agents/" + f.name;
    const auto old = read_text(p);
    if (!old)
      steps.push_back({p, f.text, shown + ": created"});
    else if (*old == f.text)
      steps.push_back({p, std::nullopt, shown + ": up to date"});
    else if (c.force)
      steps.push_back({p, f.text, shown + ": replaced (--force)"});
    else
      steps.push_back({p, std::nullopt, shown + ": kept your version (--force replaces it)"});
  }

  storage::Workspace ws{root, root / ".sciorex", root / ".sciorex" / "sciorex.db"};
  const bool had_store = fs::exists(ws.db_path);
  for (const auto& s : steps)
    if (s.text) write_text(s.path, *s.text);
  Store store(ws.db_path.string(), storage::prepare_workspace(ws));  // creates the store's tables

  std::cout << "Set up " << root.string() << " for agents:\n";
  std::cout << "  .sciorex/sciorex.db: " << (had_store ? "kept" : "created") << "\n";
  for (const auto& s : steps) std::cout << "  " << s.said << "\n";
  std::cout
      << "Next: run `claude` in " << root.string()
      << " (both servers start by themselves; /mcp lists them), and `sciorex-tickets board` to see the work."
      << std::endl;
  return common::kExitOk;
}

}  // namespace

void add_init_command(CLI::App& app, InitCommand& c) {
  c.cmd = app.add_subcommand(
      "init", "Set a project folder up for Claude Code: .sciorex/, .mcp.json, the workflow's subagents");
  c.cmd->add_option("dir", c.dir, "The project folder (default: the current folder)");
  c.cmd->add_flag("--force", c.force, "Replace subagent files that differ from ours");
  c.cmd->add_flag("--desktop", c.desktop,
                  "Print the Claude Desktop config block instead of writing project files");
}

std::optional<int> run_init(const InitCommand& c) {
  if (c.cmd == nullptr || !c.cmd->parsed()) return std::nullopt;
  try {
    return init(c);
  } catch (const std::exception& e) {
    common::print_error(kProgram, e.what());
    return common::kExitFailed;
  }
}

}  // namespace sciorex::tickets
