// The `flows.runner` command template of .sciorex/sciorex.yaml (issue 12): an argv list whose
// arguments may hold placeholders, replaced for each agent node, e.g.
//
//   flows:
//     runner: [codex, exec, --model, "{model}", "{input}"]
//
// Placeholders (each replaced by its value, "" when unset; any other `{word}` is refused at load):
//   {input}         the node's rendered input (the prompt)
//   {systemPrompt}  the agent's systemPrompt
//   {model}         the agent's model
//   {agent}         the agent's key (its file stem, e.g. technical-planner)
//   {mcpConfig}     the MCP config file written for this node (our servers on this store)
//   {allowedTools}  the agent's allowedTools and its servers (mcp__SERVER), comma-separated
//   {workspace}     the workspace root (also the process's working folder)
//   {db}            the store's database file
//   {flow} {runId} {node} {ticket}   the flow's name, the run's id, the node's id, the ticket's id
//   {thinkingTokens}  the agent's thinkingLevel as a token budget (see agent_command.hpp), or ""
// Braces around anything but a word (JSON, `{}`) are kept as written.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace sciorex::flows {

// Throws std::invalid_argument naming the first unknown placeholder of `arg`.
void check_runner_argument(std::string_view arg);

// `arg` with every known placeholder replaced by its value in `values` ("" when missing there).
std::string expand_runner_argument(std::string_view arg, const std::map<std::string, std::string>& values);

}  // namespace sciorex::flows
