#pragma once
// The host session a server process runs in. Claude Code starts its MCP servers with
// CLAUDE_CODE_SESSION_ID in their environment; an agent actor carrying it makes every ticket the
// process changes link that session by itself (storage::Actor::session), so conversations link
// themselves to tickets without the agent calling sciorex_link_session.

#include <optional>

#include "sciorex/storage/types.hpp"

namespace sciorex::common {

// The session named by a CLAUDE_CODE_SESSION_ID value, host "claude-code"; nullopt when the value
// is missing, empty, longer than 200 bytes or holds anything but letters, digits, '-', '_' and '.'.
std::optional<storage::HostSession> host_session_from(const char* claude_code_session_id);

// This process's host session, read from its environment once.
const std::optional<storage::HostSession>& host_session();

}  // namespace sciorex::common
