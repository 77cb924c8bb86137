// The tool adapter (servers/common/tool_adapter.hpp), shown by a tool added exactly as the recipe
// in docs/architecture.md says: its schema file (schemas/sciorex_test_rate.json, embedded at build
// time by sciorex_embed_schemas) and, here, one Params struct and one handler. The tests check
// what the recipe promises: the tool is listed with its schema as written, its arguments are
// parsed by Params::from_json (bad ones are tool errors naming the argument), its enum is
// storage's list, and the store's errors reach the right channel.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "sciorex/common/tool_adapter.hpp"
#include "sciorex/storage/errors.hpp"
#include "test_support.hpp"

namespace sciorex::test_tools {

using nlohmann::json;
namespace args = protocol::args;

// ---- the tool, as a server's tool family file holds it ----

const std::vector<common::EmbeddedSchema>& embedded_schemas();  // generated from schemas/

common::ToolCatalogue& tool_catalogue() {
  static common::ToolCatalogue catalogue("tests/servers/common/schemas", embedded_schemas());
  return catalogue;
}

struct RateParams {
  std::string ticket_id;
  storage::Priority priority = storage::Priority::Medium;
  std::optional<std::string> note;
  static RateParams from_json(const json& a) {
    args::only(a, {"ticketId", "priority", "note"});
    RateParams p;
    p.ticket_id = args::required_string(a, "ticketId", 200);
    p.priority = common::required_enum<storage::Priority>(a, "priority");
    p.note = args::optional_string(a, "note", 500);
    return p;
  }
};

void register_rate_tool(protocol::Server& server) {
  tool_catalogue().add<RateParams>(
      server, "sciorex_test_rate", common::Access::read, [](const RateParams& p, protocol::RequestContext&) {
        // Two ids stand for the store's failures: one an agent can act on, one it cannot.
        if (p.ticket_id == "T-404")
          throw storage::StoreError::not_found("Ticket T-404 not found.", storage::NextStep::FindTicketIds);
        if (p.ticket_id == "T-500") throw storage::StoreError::internal("disk I/O error at page 7");
        json out = {{"ticketId", p.ticket_id},
                    {"priority", std::string(storage::to_string(p.priority))},
                    {"note", p.note ? json(*p.note) : json(nullptr)}};
        const std::string text = p.ticket_id + " rated " + out["priority"].get<std::string>();
        return protocol::ToolResult::structured_with_text(out, text);
      });
}

// ---- its tests ----

namespace {

struct RateServer {
  protocol::Server server{protocol::ServerInfo{"sciorex-test", "0.0.1", "Test", "", ""}};
  sciorex::test::Client client{server};
  RateServer() {
    register_rate_tool(server);
    client.initialize();
  }
  json call(json arguments) {
    return client.request("tools/call", {{"name", "sciorex_test_rate"}, {"arguments", std::move(arguments)}},
                          7);
  }
  // The text of a call that must end as a tool error (isError, not a JSON-RPC error).
  std::string tool_error(json arguments) {
    json r = call(std::move(arguments));
    INFO(r.dump());
    REQUIRE(r.contains("result"));
    CHECK(r["result"]["isError"] == true);
    return r["result"]["content"][0]["text"].get<std::string>();
  }
};

json schema_file() {
  std::ifstream in(SCIOREX_TEST_TOOL_SCHEMA);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

}  // namespace

TEST_CASE("a tool added by the recipe is listed with its schema file as written", "[servers][adapter]") {
  RateServer s;
  json tools = s.client.request("tools/list", json::object(), 3)["result"]["tools"];
  REQUIRE(tools.size() == 1);
  CHECK(tools[0] == schema_file());
  CHECK(tool_catalogue().names() == std::vector<std::string>{"sciorex_test_rate"});
  CHECK(tool_catalogue().definition("sciorex_test_rate") == schema_file());
}

TEST_CASE("its handler gets typed params and its answer goes out as written", "[servers][adapter]") {
  RateServer s;
  json r = s.call({{"ticketId", "T-042"}, {"priority", "high"}, {"note", "Blocks the release"}});
  INFO(r.dump());
  CHECK(r["result"]["structuredContent"] ==
        json{{"ticketId", "T-042"}, {"priority", "high"}, {"note", "Blocks the release"}});
  CHECK(r["result"]["content"][0]["text"] == "T-042 rated high");
  CHECK_FALSE(r["result"].value("isError", false));
}

TEST_CASE("bad arguments are tool errors that name the argument", "[servers][adapter]") {
  RateServer s;
  CHECK(s.tool_error({{"priority", "high"}}) == "Invalid argument \"ticketId\": required");
  CHECK(s.tool_error({{"ticketId", "T-1"}}) == "Invalid argument \"priority\": required");
  CHECK(s.tool_error({{"ticketId", "T-1"}, {"priority", nullptr}}) ==
        "Invalid argument \"priority\": required");
  CHECK(s.tool_error({{"ticketId", "T-1"}, {"priority", "urgent"}}) ==
        "Invalid argument \"priority\": 'urgent' is not one of: critical, high, medium, low");
  CHECK(s.tool_error({{"ticketId", 42}, {"priority", "low"}}) ==
        "Invalid argument \"ticketId\": expected a string, got number");
  CHECK_THAT(s.tool_error({{"ticketId", "T-1"}, {"priority", "low"}, {"colour", "red"}}),
             Catch::StartsWith("Unknown argument \"colour\". Valid arguments: ticketId, priority, note"));
  // Arguments that are not an object never reach the parser: the dispatcher answers -32602.
  json r = s.client.request("tools/call", {{"name", "sciorex_test_rate"}, {"arguments", json::array()}}, 8);
  CHECK(r["error"]["code"] == -32602);
}

TEST_CASE("the schema's enum is storage's list, and the catalogue keeps the parser for the schema test",
          "[servers][adapter]") {
  RateServer s;
  const json priority = schema_file()["inputSchema"]["properties"]["priority"]["enum"];
  CHECK(priority ==
        json(std::vector<std::string>(storage::kPriorityNames.begin(), storage::kPriorityNames.end())));
  const auto registered = tool_catalogue().registered();
  REQUIRE(registered.count("sciorex_test_rate"));
  CHECK(registered.at("sciorex_test_rate").access == common::Access::read);
  const auto& parse = registered.at("sciorex_test_rate").parser;
  CHECK_NOTHROW(parse(schema_file()["inputSchema"]["examples"][0]));
  CHECK_THROWS_AS(parse(json{{"ticketId", "T-1"}}), protocol::ToolError);
}

TEST_CASE("the store's errors reach the right channel", "[servers][adapter]") {
  RateServer s;
  // NotFound: a tool error with the store's message and its next step worded as a tool to call.
  CHECK(s.tool_error({{"ticketId", "T-404"}, {"priority", "low"}}) ==
        "Ticket T-404 not found. Use sciorex_list_tickets or sciorex_search_tickets to find valid ids.");
  // Internal: -32603 with a generic message; the detail stays in the log.
  json r = s.call({{"ticketId", "T-500"}, {"priority", "low"}});
  INFO(r.dump());
  CHECK(r["error"]["code"] == -32603);
  CHECK(r.dump().find("disk I/O") == std::string::npos);
}

TEST_CASE("a tool without its schema file is refused at registration", "[servers][adapter]") {
  protocol::Server server{protocol::ServerInfo{"sciorex-test", "0.0.1", "Test", "", ""}};
  CHECK_THROWS_WITH(tool_catalogue().add<RateParams>(server, "sciorex_test_missing", common::Access::write,
                                                     [](const RateParams&, protocol::RequestContext&) {
                                                       return protocol::ToolResult::text("never");
                                                     }),
                    "no schema file tests/servers/common/schemas/sciorex_test_missing.json");
}

TEST_CASE("a schema's _meta.ui is kept for clients with MCP Apps; app-only tools need the extension",
          "[servers][adapter][apps]") {
  const std::string ui = "io.modelcontextprotocol/ui";
  static const std::vector<common::EmbeddedSchema> files{
      {"view_tool",
       R"({"name":"view_tool","title":"t","_meta":{"ui":{"resourceUri":"ui://x/v"},"other":1}})"},
      {"app_tool", R"({"name":"app_tool","_meta":{"ui":{"resourceUri":"ui://x/v","visibility":["app"]}}})"},
      {"marked_tool", R"({"name":"marked_tool","x-requiresExtension":"io.modelcontextprotocol/ui"})"},
      {"bad_tool", R"({"name":"bad_tool","_meta":{"ui":{"visibility":["robot"]}}})"}};
  common::ToolCatalogue c("inline", files);
  auto view = c.tool_definition("view_tool");
  CHECK(view.definition == json{{"name", "view_tool"}, {"title", "t"}, {"_meta", {{"other", 1}}}});
  CHECK(view.requires_extension.empty());
  CHECK(view.extension_meta.at(ui) == json{{"ui", {{"resourceUri", "ui://x/v"}}}});
  CHECK(c.definition("view_tool") == view.definition);
  CHECK(c.definition_for_extension("view_tool", ui) == json::parse(files[0].text));
  auto app = c.tool_definition("app_tool");
  CHECK(app.requires_extension == ui);
  CHECK_FALSE(app.definition.contains("_meta"));
  auto marked = c.tool_definition("marked_tool");
  CHECK(marked.requires_extension == ui);
  CHECK(marked.definition == json{{"name", "marked_tool"}});
  CHECK_THROWS_AS(c.tool_definition("bad_tool"), std::logic_error);
}

}  // namespace sciorex::test_tools
