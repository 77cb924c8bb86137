// Conformance fixture tools of both eras (the 2026 input_required ones are in fixture_mrtr.cpp).
#include "fixture.hpp"
#include "media.hpp"

namespace sciorex::fixture {

using nlohmann::json;
using protocol::LogLevel;
using protocol::RequestContext;
using protocol::ToolResult;
namespace content = protocol::content;

namespace {

json no_args() { return {{"type", "object"}, {"properties", json::object()}}; }

protocol::ToolDefinition tool(const char* name, const char* description, json input = no_args()) {
  return {json{{"name", name}, {"description", description}, {"inputSchema", std::move(input)}}, false};
}

json string_arg(const char* name, const char* description) {
  return {{"type", "object"},
          {"properties", {{name, {{"type", "string"}, {"description", description}}}}},
          {"required", {name}}};
}

std::string arg_string(const json& args, const char* key) {
  auto it = args.find(key);
  if (it == args.end() || !it->is_string())
    throw protocol::ToolError(std::string("argument \"") + key + "\" must be a string");
  return *it;
}

ToolResult elicitation_result(const char* label, const json& answer) {
  return ToolResult::text(std::string(label) + ": action=" + answer.value("action", std::string()) +
                          ", content=" + answer.value("content", json::object()).dump());
}

}  // namespace

void register_tools(protocol::Server& s) {
  s.add_tool(tool("test_simple_text", "Returns a simple text response"), [](const json&, RequestContext&) {
    return ToolResult::text("This is a simple text response for testing.");
  });
  s.add_tool(tool("test_image_content", "Returns an image content block"), [](const json&, RequestContext&) {
    ToolResult r;
    r.content.push_back(content::image(kPngBase64, "image/png"));
    return r;
  });
  s.add_tool(tool("test_audio_content", "Returns an audio content block"), [](const json&, RequestContext&) {
    ToolResult r;
    r.content.push_back(content::audio(kWavBase64, "audio/wav"));
    return r;
  });
  s.add_tool(tool("test_embedded_resource", "Returns an embedded resource"),
             [](const json&, RequestContext&) {
               ToolResult r;
               r.content.push_back(content::embedded_text("test://embedded-resource", "text/plain",
                                                          "This is an embedded resource content."));
               return r;
             });
  s.add_tool(tool("test_multiple_content_types", "Returns text, image and resource content"),
             [](const json&, RequestContext&) {
               ToolResult r = ToolResult::text("Multiple content types test:");
               r.content.push_back(content::image(kPngBase64, "image/png"));
               r.content.push_back(content::embedded_text("test://mixed-content-resource", "application/json",
                                                          R"({"test":"data","value":123})"));
               return r;
             });
  s.add_tool(tool("test_error_handling", "Always fails with a tool error"), [](const json&, RequestContext&) {
    return ToolResult::error("This tool intentionally returns an error for testing");
  });
  s.add_tool(tool("test_tool_with_progress", "Reports progress 0, 50 and 100 of 100"),
             [](const json&, RequestContext& ctx) {
               // About 50 ms apart, the result 50 ms after the last one: SDK clients drop a
               // progress notification that arrives in the same read as the final response.
               for (int step = 0; step <= 100; step += 50) {
                 ctx.progress(step, 100, "step " + std::to_string(step / 50 + 1) + " of 3");
                 if (ctx.sleep_for(std::chrono::milliseconds(50))) break;
               }
               return ToolResult::text("Progress test completed");
             });
  s.add_tool(
      tool("test_tool_with_logging", "Sends three info log messages"), [](const json&, RequestContext& ctx) {
        const char* lines[] = {"Tool execution started", "Tool processing data", "Tool execution completed"};
        for (int i = 0; i < 3; ++i) {
          ctx.log(LogLevel::info, lines[i], "test_tool_with_logging");
          if (i < 2) ctx.sleep_for(std::chrono::milliseconds(50));
        }
        return ToolResult::text("Logging test completed");
      });
  s.add_tool(tool("test_logging_tool", "Logs only when the request asked for a log level"),
             [](const json&, RequestContext& ctx) {
               ctx.log(LogLevel::info, "test_logging_tool ran", "test_logging_tool");
               return ToolResult::text("Logging tool completed");
             });
  s.add_tool(
      tool("test_sampling", "Asks the client's model to answer a prompt", string_arg("prompt", "The prompt")),
      [](const json& args, RequestContext& ctx) {
        json params = {
            {"messages", {{{"role", "user"}, {"content", content::text(arg_string(args, "prompt"))}}}},
            {"maxTokens", 100}};
        auto answer = ctx.inputs({{"sample", protocol::InputRequest::sample(params)}}).at("sample");
        auto c = answer.value("content", json::object());
        return ToolResult::text("LLM response: " +
                                (c.is_object() ? c.value("text", std::string()) : c.dump()));
      });
  s.add_tool(tool("test_elicitation", "Asks the user for a username and an email",
                  string_arg("message", "What to ask the user")),
             [](const json& args, RequestContext& ctx) {
               json schema = {{"type", "object"},
                              {"properties",
                               {{"username", {{"type", "string"}, {"description", "User's response"}}},
                                {"email", {{"type", "string"}, {"description", "User's email address"}}}}},
                              {"required", {"username", "email"}}};
               auto answer = ctx.inputs(
                   {{"form", protocol::InputRequest::elicit_form(arg_string(args, "message"), schema)}});
               return elicitation_result("User response", answer.at("form"));
             });
  s.add_tool(tool("test_elicitation_sep1034_defaults", "Elicitation whose fields have defaults (SEP-1034)"),
             [](const json&, RequestContext& ctx) {
               json schema = {
                   {"type", "object"},
                   {"properties",
                    {{"name", {{"type", "string"}, {"description", "User name"}, {"default", "John Doe"}}},
                     {"age", {{"type", "integer"}, {"description", "User age"}, {"default", 30}}},
                     {"score", {{"type", "number"}, {"description", "User score"}, {"default", 95.5}}},
                     {"status",
                      {{"type", "string"},
                       {"description", "User status"},
                       {"enum", {"active", "inactive", "pending"}},
                       {"default", "active"}}},
                     {"verified",
                      {{"type", "boolean"}, {"description", "Verification status"}, {"default", true}}}}},
                   {"required", json::array()}};
               auto answer = ctx.inputs(
                   {{"form", protocol::InputRequest::elicit_form(
                                 "Please review and update the form fields with defaults", schema)}});
               return elicitation_result("Elicitation completed", answer.at("form"));
             });
  s.add_tool(
      tool("test_elicitation_sep1330_enums", "Elicitation with the five enum forms (SEP-1330)"),
      [](const json&, RequestContext& ctx) {
        json titled_single = json::array(), titled_multi = json::array();
        const char* titles[] = {"First", "Second", "Third"};
        for (int i = 0; i < 3; ++i) {
          std::string v = "value" + std::to_string(i + 1);
          titled_single.push_back({{"const", v}, {"title", std::string(titles[i]) + " Option"}});
          titled_multi.push_back({{"const", v}, {"title", std::string(titles[i]) + " Choice"}});
        }
        json schema = {{"type", "object"},
                       {"properties",
                        {{"untitledSingle",
                          {{"type", "string"},
                           {"description", "Select one option"},
                           {"enum", {"option1", "option2", "option3"}}}},
                         {"titledSingle",
                          {{"type", "string"},
                           {"description", "Select one option with titles"},
                           {"oneOf", titled_single}}},
                         {"legacyEnum",
                          {{"type", "string"},
                           {"description", "Select one option (legacy)"},
                           {"enum", {"opt1", "opt2", "opt3"}},
                           {"enumNames", {"Option One", "Option Two", "Option Three"}}}},
                         {"untitledMulti",
                          {{"type", "array"},
                           {"description", "Select multiple options"},
                           {"minItems", 1},
                           {"maxItems", 3},
                           {"items", {{"type", "string"}, {"enum", {"option1", "option2", "option3"}}}}}},
                         {"titledMulti",
                          {{"type", "array"},
                           {"description", "Select multiple options with titles"},
                           {"minItems", 1},
                           {"maxItems", 3},
                           {"items", {{"anyOf", titled_multi}}}}}}},
                       {"required", json::array()}};
        auto answer =
            ctx.inputs({{"form", protocol::InputRequest::elicit_form("Please select options", schema)}});
        return elicitation_result("Elicitation completed", answer.at("form"));
      });
  s.add_tool(tool("test_streaming_elicitation", "Answers plainly: no server-initiated request on the stream"),
             [](const json&, RequestContext&) {
               return ToolResult::text("Streaming elicitation completed without a server request");
             });
  s.add_tool(tool("test_missing_capability", "Needs the client's sampling capability"),
             [](const json&, RequestContext& ctx) {
               json params = {{"messages", {{{"role", "user"}, {"content", content::text("Say hello")}}}},
                              {"maxTokens", 20}};
               auto answer = ctx.inputs({{"sample", protocol::InputRequest::sample(params)}});
               return ToolResult::text("Sampling answered: " +
                                       answer.at("sample").value("content", json::object()).dump());
             });
  s.add_tool(tool("test_trigger_tool_change", "Announces that the tool list changed"),
             [&s](const json&, RequestContext&) {
               s.notify_tools_list_changed();
               return ToolResult::text("tools/list_changed sent");
             });
  s.add_tool(tool("test_trigger_prompt_change", "Announces that the prompt list changed"),
             [&s](const json&, RequestContext&) {
               s.notify_prompts_list_changed();
               return ToolResult::text("prompts/list_changed sent");
             });
  s.add_tool(
      tool("test_custom_header", "Echoes an argument that clients mirror in the Mcp-Param-Region header",
           {{"type", "object"},
            {"properties",
             {{"region", {{"type", "string"}, {"x-mcp-header", "Region"}, {"description", "A region"}}}}},
            {"required", {"region"}}}),
      [](const json& args, RequestContext&) {
        return ToolResult::text("Region: " + arg_string(args, "region"));
      });
  s.add_tool(
      {json::parse(
           R"({"name":"json_schema_2020_12_tool","description":"Tool with JSON Schema 2020-12 features",
 "inputSchema":{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
 "$defs":{"address":{"$anchor":"addressDef","type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
 "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"},"contactMethod":{"type":"string","enum":["phone","email"]},"phone":{"type":"string"},"email":{"type":"string"}},
 "allOf":[{"anyOf":[{"required":["phone"]},{"required":["email"]}]}],
 "if":{"properties":{"contactMethod":{"const":"phone"}},"required":["contactMethod"]},
 "then":{"required":["phone"]},"else":{"required":["email"]},
 "additionalProperties":false}})"),
       true},
      [](const json& args, RequestContext&) { return ToolResult::text("Received: " + args.dump()); });
}

}  // namespace sciorex::fixture
