// 2026 input_required (MRTR) fixture tools. Written as steps that read their inputs, so they
// also work for 2025 clients (the dispatcher then sends real requests).
#include "fixture.hpp"
#include "sciorex/protocol/errors.hpp"

namespace sciorex::fixture {

using nlohmann::json;
using protocol::InputRequest;
using protocol::RequestContext;
using protocol::ToolResult;

namespace {

protocol::ToolDefinition mrtr_tool(const char* name, const char* description) {
  return {json{{"name", name},
               {"description", description},
               {"inputSchema", {{"type", "object"}, {"properties", json::object()}}}},
          false};
}

json one_string(const char* field) {
  return {{"type", "object"}, {"properties", {{field, {{"type", "string"}}}}}, {"required", {field}}};
}

InputRequest ask_name(const char* message = "What is your name?") {
  return InputRequest::elicit_form(message, one_string("name"));
}

InputRequest sample(const char* text, int max_tokens) {
  return InputRequest::sample(
      {{"messages", {{{"role", "user"}, {"content", {{"type", "text"}, {"text", text}}}}}},
       {"maxTokens", max_tokens}});
}

// The accepted form's string field, or a ToolError when the user declined.
std::string accepted_field(const json& answer, const char* field) {
  if (answer.value("action", "") != "accept")
    throw protocol::ToolError("The user did not accept the request");
  auto c = answer.value("content", json::object());
  if (!c.is_object() || !c.contains(field) || !c[field].is_string())
    throw protocol::RpcError(protocol::ErrorCode::invalid_params,
                             std::string("The answer lacks the string field ") + field);
  return c[field];
}

std::string sampled_text(const json& answer) {
  auto c = answer.value("content", json::object());
  return c.is_object() ? c.value("text", std::string()) : std::string();
}

}  // namespace

void register_input_required_tools(protocol::Server& s) {
  s.add_tool(
      mrtr_tool("test_input_required_result_elicitation", "Asks the user's name through an input request"),
      [](const json&, RequestContext& ctx) {
        auto in = ctx.inputs({{"user_name", ask_name()}});
        return ToolResult::text("Hello, " + accepted_field(in.at("user_name"), "name") + "!");
      });
  s.add_tool(mrtr_tool("test_input_required_result_sampling", "Asks the client's model a question"),
             [](const json&, RequestContext& ctx) {
               auto in = ctx.inputs({{"capital_question", sample("What is the capital of France?", 100)}});
               return ToolResult::text("The model answered: " + sampled_text(in.at("capital_question")));
             });
  s.add_tool(mrtr_tool("test_input_required_result_list_roots", "Asks the client for its roots"),
             [](const json&, RequestContext& ctx) {
               auto in = ctx.inputs({{"client_roots", InputRequest::list_roots()}});
               return ToolResult::text(
                   "The client has " +
                   std::to_string(in.at("client_roots").value("roots", json::array()).size()) + " root(s)");
             });
  s.add_tool(
      mrtr_tool("test_input_required_result_request_state", "Carries state across rounds in requestState"),
      [](const json&, RequestContext& ctx) {
        ctx.state()["asked"] = "confirm";
        json schema = {
            {"type", "object"}, {"properties", {{"ok", {{"type", "boolean"}}}}}, {"required", {"ok"}}};
        auto in = ctx.inputs({{"confirm", InputRequest::elicit_form("Please confirm", schema)}});
        bool ok = in.at("confirm").value("content", json::object()).value("ok", false);
        return ToolResult::text(
            std::string(ctx.state().value("asked", "") == "confirm" ? "state-ok" : "state-lost") +
            ", confirmed=" + (ok ? "true" : "false"));
      });
  s.add_tool(mrtr_tool("test_input_required_result_multiple_inputs", "Asks for three inputs at once"),
             [](const json&, RequestContext& ctx) {
               ctx.state()["round"] = 1;
               auto in = ctx.inputs({{"user_name", ask_name()},
                                     {"greeting", sample("Generate a greeting", 50)},
                                     {"client_roots", InputRequest::list_roots()}});
               return ToolResult::text(
                   sampled_text(in.at("greeting")) + " " + accepted_field(in.at("user_name"), "name") + " (" +
                   std::to_string(in.at("client_roots").value("roots", json::array()).size()) + " roots)");
             });
  s.add_tool(mrtr_tool("test_input_required_result_multi_round", "Asks two questions in two rounds"),
             [](const json&, RequestContext& ctx) {
               auto first = ctx.inputs({{"step1", ask_name("Step 1: What is your name?")}});
               ctx.state()["name"] = accepted_field(first.at("step1"), "name");
               auto second =
                   ctx.inputs({{"step2", InputRequest::elicit_form("Step 2: What is your favorite color?",
                                                                   one_string("color"))}});
               return ToolResult::text(ctx.state()["name"].get<std::string>() + " likes " +
                                       accepted_field(second.at("step2"), "color"));
             });
  s.add_tool(
      mrtr_tool("test_input_required_result_tampered_state", "Refuses a requestState that was altered"),
      [](const json&, RequestContext& ctx) {
        ctx.state()["nonce"] = "sealed";
        json schema = {
            {"type", "object"}, {"properties", {{"ok", {{"type", "boolean"}}}}}, {"required", {"ok"}}};
        ctx.inputs({{"confirm", InputRequest::elicit_form("Please confirm", schema)}});
        return ToolResult::text("state verified");
      });
  s.add_tool(mrtr_tool("test_input_required_result_capabilities", "Asks only for what the client declared"),
             [](const json&, RequestContext& ctx) {
               protocol::InputRequests wanted;
               if (ctx.client_supports("elicitation")) wanted.emplace("user_name", ask_name());
               if (ctx.client_supports("sampling"))
                 wanted.emplace("greeting", sample("Generate a greeting", 50));
               if (ctx.client_supports("roots")) wanted.emplace("client_roots", InputRequest::list_roots());
               if (wanted.empty()) return ToolResult::text("The client declared no input capability");
               auto in = ctx.inputs(wanted);
               return ToolResult::text("Received " + std::to_string(in.size()) + " input(s)");
             });
}

}  // namespace sciorex::fixture
