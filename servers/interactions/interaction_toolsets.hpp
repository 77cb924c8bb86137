#pragma once
// The interaction server's toolsets (issue 13; common/toolsets.hpp): every tool of
// schemas/interactions in exactly one (tests/servers/tickets/people_tools_tests.cpp).
#include "sciorex/common/toolsets.hpp"

namespace sciorex::interactions {
const common::ToolsetTable& toolsets();
}
