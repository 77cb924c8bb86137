// Tasks-extension fixture tools (io.modelcontextprotocol/tasks, the suite's tasks-* scenarios).
// Each task-supporting tool calls become_task() where it would go long; without the extension (or
// for a 2025 client) the same handler simply runs to the end synchronously.
#include "fixture.hpp"
#include "sciorex/protocol/errors.hpp"

namespace sciorex::fixture {

using nlohmann::json;
using protocol::InputRequest;
using protocol::RequestContext;
using protocol::TaskSupport;
using protocol::ToolResult;

namespace {

protocol::ToolDefinition tool(const char* name, const char* description, json properties, TaskSupport support,
                              json required = json::array()) {
  json schema = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = std::move(required);
  return {json{{"name", name}, {"description", description}, {"inputSchema", std::move(schema)}}, false,
          support};
}

json confirm_schema() {
  return {
      {"type", "object"}, {"properties", {{"confirm", {{"type", "boolean"}}}}}, {"required", {"confirm"}}};
}

bool confirmed(const json& answer) {
  return answer.value("action", "") == "accept" &&
         answer.value("content", json::object()).value("confirm", false) == true;
}

}  // namespace

void register_task_tools(protocol::Server& s) {
  s.add_tool(tool("greet", "Greets someone (synchronous only)", {{"name", {{"type", "string"}}}},
                  TaskSupport::forbidden, {"name"}),
             [](const json& args, RequestContext&) {
               return ToolResult::text("Hello, " + args.value("name", std::string("World")) + "!");
             });
  s.add_tool(tool("slow_compute", "Sleeps `seconds` seconds, then answers; a task when that takes a while",
                  {{"seconds", {{"type", "number"}, {"minimum", 0}}}, {"label", {{"type", "string"}}}},
                  TaskSupport::optional),
             [](const json& args, RequestContext& ctx) {
               double seconds = args.value("seconds", 0.0);
               std::string label = args.value("label", std::string("job"));
               if (seconds > 0) ctx.become_task();  // the immediate path (0 s) answers synchronously
               if (ctx.sleep_for(std::chrono::milliseconds(static_cast<long long>(seconds * 1000))))
                 return ToolResult::text("Cancelled " + label);  // discarded: the task is already cancelled
               return ToolResult::text("Computed " + label + " after " + json(seconds).dump() + " s");
             });
  s.add_tool(tool("failing_job", "Fails with a tool error after about a second", json::object(),
                  TaskSupport::required),
             [](const json&, RequestContext& ctx) {
               ctx.become_task();
               ctx.sleep_for(std::chrono::seconds(1));
               return ToolResult::error("failing_job failed, as it always does");
             });
  s.add_tool(tool("protocol_error_job", "Fails with a JSON-RPC error (the task ends failed)", json::object(),
                  TaskSupport::optional),
             [](const json&, RequestContext& ctx) -> ToolResult {
               ctx.become_task();
               throw protocol::RpcError(protocol::ErrorCode::internal_error,
                                        "protocol_error_job failed on purpose");
             });
  s.add_tool(tool("confirm_delete", "Asks for confirmation, then pretends to delete a file",
                  {{"filename", {{"type", "string"}}}}, TaskSupport::optional, {"filename"}),
             [](const json& args, RequestContext& ctx) {
               std::string file = args.value("filename", std::string());
               ctx.become_task();
               auto in = ctx.inputs(
                   {{"confirm", InputRequest::elicit_form("Delete " + file + "?", confirm_schema())}});
               return ToolResult::text(confirmed(in.at("confirm")) ? "Deleted " + file : "Kept " + file);
             });
  s.add_tool(tool("multi_input", "Asks two questions at once", json::object(), TaskSupport::optional),
             [](const json&, RequestContext& ctx) {
               ctx.become_task();
               json name_schema = {{"type", "object"}, {"properties", {{"name", {{"type", "string"}}}}}};
               auto in = ctx.inputs({{"first", InputRequest::elicit_form("First answer?", name_schema)},
                                     {"second", InputRequest::elicit_form("Second answer?", name_schema)}});
               auto name = [](const json& a) {
                 return a.value("content", json::object()).value("name", std::string("?"));
               };
               return ToolResult::text("Received " + name(in.at("first")) + " and " + name(in.at("second")));
             });
  s.add_tool(tool("test_tool_with_task", "Asks the user's name synchronously, then finishes as a task",
                  json::object(), TaskSupport::required),
             [](const json&, RequestContext& ctx) {
               json schema = {{"type", "object"},
                              {"properties", {{"name", {{"type", "string"}}}}},
                              {"required", {"name"}}};
               auto in = ctx.inputs({{"user_name", InputRequest::elicit_form("What is your name?", schema)}});
               ctx.become_task();
               ctx.sleep_for(std::chrono::milliseconds(200));
               return ToolResult::text(
                   "Hello, " +
                   in.at("user_name").value("content", json::object()).value("name", std::string("?")) + "!");
             });
}

}  // namespace sciorex::fixture
