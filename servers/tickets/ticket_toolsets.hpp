#pragma once
// The ticket server's toolsets (issue 13; common/toolsets.hpp): every tool of schemas/tickets in
// exactly one (tests/servers/tickets/people_tools_tests.cpp holds the table to the schema files).
#include "sciorex/common/toolsets.hpp"

namespace sciorex::tickets {
const common::ToolsetTable& toolsets();
}
