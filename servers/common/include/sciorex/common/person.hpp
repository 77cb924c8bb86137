#pragma once
// The person at the host (issue 15): the MCP Apps views call app-only tools on a person's click,
// and those changes are the person's, recorded as the board records its page's: `user <name>`,
// where the name is the server process's user (common::person_name(), the board's default
// --user). So history reads the same whether the person used the board or the host's view.

#include "sciorex/protocol/context.hpp"
#include "sciorex/storage/types.hpp"

namespace sciorex::common {

// `user <the person the request's token names>` (issue 13), else Actor::user(person_name()).
storage::Actor person_actor(const protocol::RequestContext& ctx);

}  // namespace sciorex::common
