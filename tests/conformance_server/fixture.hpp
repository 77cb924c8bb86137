#pragma once
// The conformance fixture: exactly the tools, resources and prompts the official conformance
// suite's scenarios name (see ../../../shared/tools/conformance/README.md). A test fixture, not a
// product: it exists to prove the protocol library against the suite.
#include "sciorex/protocol/server.hpp"

namespace sciorex::fixture {
void register_tools(protocol::Server& server);
void register_input_required_tools(protocol::Server& server);
void register_resources_and_prompts(protocol::Server& server);
// The tasks extension's tools (register after the others: the suite expects test_simple_text first).
void register_task_tools(protocol::Server& server);
}  // namespace sciorex::fixture
