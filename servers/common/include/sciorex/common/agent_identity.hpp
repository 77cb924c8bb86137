#pragma once
// The agent a server process works for. The flows runner starts our servers for one agent of a
// flow with SCIOREX_AGENT=<agent name> in their environment (the MCP config it writes), so that the
// ticket's history says `agent technical-planner` rather than the MCP client's name for every agent
// alike; the client's name is kept beside it (storage::Actor::client).

#include <optional>
#include <string>

#include "sciorex/storage/types.hpp"

namespace sciorex::common {

// The agent named by a SCIOREX_AGENT value: 1..100 letters, digits, '-', '_' or '.'. nullopt when
// the value is missing or empty; nullopt with `problem` set (why, for a warning) when it is invalid.
std::optional<std::string> agent_name_from(const char* value, std::string* problem = nullptr);

// This process's agent, read from SCIOREX_AGENT once; an invalid value is ignored with a warning
// on stderr (stdout carries only MCP messages).
const std::optional<std::string>& agent_name();

// The actor of a tool call from MCP client `client_name` ("unknown" when empty): agent `agent`
// with the client kept beside it when an agent is named, else agent `client_name`. No host session.
storage::Actor agent_actor(const std::string& client_name, const std::optional<std::string>& agent);
inline storage::Actor agent_actor(const std::string& client_name) {
  return agent_actor(client_name, agent_name());
}

}  // namespace sciorex::common
