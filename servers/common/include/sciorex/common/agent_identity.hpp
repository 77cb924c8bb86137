#pragma once
// The agent a server process works for. The flows runner starts our servers for one agent of a
// flow with SCIOREX_AGENT=<agent name> in their environment (the MCP config it writes), so that the
// ticket's history says `agent technical-planner` rather than the MCP client's name for every agent
// alike; the client's name is kept beside it (storage::Actor::client).

#include <optional>
#include <string>

#include "sciorex/protocol/context.hpp"
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

// The actor of a tool call from a client, acting for `person` when the request carried a person's
// token (issue 13): `agent claude-code on behalf of alice`. Every MCP client is an agent's host, so
// an MCP call is the agent's, for the person; a person's own change is `user alice` (the board, the
// command line, and a person answering a form in their client).
storage::Actor agent_actor(const std::string& client_name, const std::optional<std::string>& agent,
                           const std::optional<std::string>& person);
// agent_actor for the request in `ctx`: its client, this process's agent, its person.
storage::Actor request_actor(const protocol::RequestContext& ctx);
// The person `ctx`'s request was authenticated as, or nullopt.
std::optional<std::string> request_person(const protocol::RequestContext& ctx);

}  // namespace sciorex::common
