// Client-extension gating (issue 15; MCP Apps is the first user): tools and resources that need an
// extension are offered only to clients that declare it (the 2025 initialize, or each 2026
// request's client capabilities), extension _meta is served only to them, and the server names
// the extension back in its capabilities only to them. Other clients get exactly the plain answers.
#include <catch2/catch.hpp>
#include <set>

#include "sciorex/protocol/errors.hpp"
#include "test_support.hpp"

using namespace sciorex;
using test::Client;
using test::json;
using test::modern_meta;

namespace {

const char* const kExtUi = "io.modelcontextprotocol/ui";

json ext_ui_caps() { return {{"extensions", {{kExtUi, {{"mimeTypes", {"text/html;profile=mcp-app"}}}}}}}; }

protocol::ToolDefinition ext_tool(const std::string& name) {
  return {{{"name", name}, {"description", name}, {"inputSchema", {{"type", "object"}}}}, true};
}

// plain, shown (extension _meta), app_only (needs the extension); a plain and a ui resource.
std::unique_ptr<protocol::Server> ext_server(std::size_t page_size = 100) {
  protocol::ServerOptions o;
  o.page_size = page_size;
  auto s = std::make_unique<protocol::Server>(protocol::ServerInfo{"ext-server", "1.0", "", "", ""}, o);
  auto echo = [](const json& a, protocol::RequestContext& ctx) {
    const json* ui = ctx.client_extension(kExtUi);
    return protocol::ToolResult::structured_with_text({{"args", a}, {"ui", ui ? *ui : json()}}, "ok");
  };
  s->add_tool(ext_tool("plain"), echo);
  auto shown = ext_tool("shown");
  shown.definition["_meta"] = {{"other", 1}};
  shown.extension_meta[kExtUi] = {{"ui", {{"resourceUri", "ui://t/view"}}}};
  s->add_tool(shown, echo);
  auto app_only = ext_tool("app_only");
  app_only.requires_extension = kExtUi;
  app_only.extension_meta[kExtUi] = {{"ui", {{"resourceUri", "ui://t/view"}, {"visibility", {"app"}}}}};
  s->add_tool(app_only, echo);
  auto text = [](const std::string& uri) {
    return json::array({{{"uri", uri}, {"mimeType", "text/plain"}, {"text", "x"}}});
  };
  s->add_resource({{"uri", "x://plain"}, {"name", "plain"}},
                  [text](const std::string& uri, protocol::RequestContext&) { return text(uri); });
  s->add_resource(
      {{"uri", "ui://t/view"}, {"name", "view"}, {"mimeType", "text/html;profile=mcp-app"}},
      [text](const std::string& uri, protocol::RequestContext&) { return text(uri); }, kExtUi);
  return s;
}

json ext_send(Client& c, const std::string& method, json params, const json& caps) {
  params["_meta"] = modern_meta(caps);
  return c.request(method, std::move(params), 9);
}

std::vector<std::string> names_of_tools(const json& list) {
  std::vector<std::string> out;
  for (const auto& t : list["result"]["tools"]) out.push_back(t["name"]);
  return out;
}

}  // namespace

TEST_CASE("extensions: a 2025 client without the extension sees exactly the plain catalogue",
          "[protocol][extensions]") {
  auto s = ext_server();
  Client c(*s);
  json init = c.initialize();
  CHECK_FALSE(init["result"]["capabilities"].contains("extensions"));
  json list = c.request("tools/list");
  CHECK(names_of_tools(list) == std::vector<std::string>{"plain", "shown"});
  CHECK(list["result"]["tools"][1]["_meta"] == json{{"other", 1}});  // no ui key
  json call = c.request("tools/call", {{"name", "app_only"}, {"arguments", json::object()}});
  CHECK(call["error"]["code"] == -32602);
  CHECK(call["error"]["message"].get<std::string>().find("Unknown tool: app_only") != std::string::npos);
  json res = c.request("resources/list");
  REQUIRE(res["result"]["resources"].size() == 1);
  CHECK(res["result"]["resources"][0]["uri"] == "x://plain");
  json read = c.request("resources/read", {{"uri", "ui://t/view"}});
  CHECK(read["error"]["code"] == -32002);
  json sub = c.request("resources/subscribe", {{"uri", "ui://t/view"}});
  CHECK(sub.contains("error"));
  // The handler sees no settings either.
  json plain = c.request("tools/call", {{"name", "plain"}, {"arguments", json::object()}});
  CHECK(plain["result"]["structuredContent"]["ui"].is_null());
}

TEST_CASE("extensions: a 2025 client that declares the extension gets the tools, meta and resources",
          "[protocol][extensions]") {
  auto s = ext_server();
  Client c(*s);
  json init = c.initialize(ext_ui_caps());
  CHECK(init["result"]["capabilities"]["extensions"] == json{{kExtUi, json::object()}});
  json list = c.request("tools/list");
  CHECK(names_of_tools(list) == std::vector<std::string>{"plain", "shown", "app_only"});
  CHECK(list["result"]["tools"][0].contains("_meta") == false);
  CHECK(list["result"]["tools"][1]["_meta"] == json{{"other", 1}, {"ui", {{"resourceUri", "ui://t/view"}}}});
  CHECK(list["result"]["tools"][2]["_meta"]["ui"]["visibility"] == json{"app"});
  json call = c.request("tools/call", {{"name", "app_only"}, {"arguments", {{"a", 1}}}});
  CHECK(call["result"]["structuredContent"]["args"] == json{{"a", 1}});
  CHECK(call["result"]["structuredContent"]["ui"]["mimeTypes"][0] == "text/html;profile=mcp-app");
  json res = c.request("resources/list");
  CHECK(res["result"]["resources"].size() == 2);
  json read = c.request("resources/read", {{"uri", "ui://t/view"}});
  CHECK(read["result"]["contents"][0]["uri"] == "ui://t/view");
}

TEST_CASE("extensions: a declaration that is not an object does not count", "[protocol][extensions]") {
  auto s = ext_server();
  Client c(*s);
  c.initialize({{"extensions", {{kExtUi, true}}}});
  CHECK(names_of_tools(c.request("tools/list")) == std::vector<std::string>{"plain", "shown"});
}

TEST_CASE("extensions: 2026 requests are gated by their own client capabilities", "[protocol][extensions]") {
  auto s = ext_server();
  Client c(*s);
  SECTION("without the extension: today's answers, public catalogue") {
    json d = ext_send(c, "server/discover", json::object(), json::object());
    CHECK_FALSE(d["result"]["capabilities"].value("extensions", json::object()).contains(kExtUi));
    json list = ext_send(c, "tools/list", json::object(), json::object());
    CHECK(names_of_tools(list) == std::vector<std::string>{"plain", "shown"});
    CHECK(list["result"]["tools"][1]["_meta"] == json{{"other", 1}});
    CHECK(list["result"]["cacheScope"] == "public");
    json call =
        ext_send(c, "tools/call", {{"name", "app_only"}, {"arguments", json::object()}}, json::object());
    CHECK(call["error"]["code"] == -32602);
    json read = ext_send(c, "resources/read", {{"uri", "ui://t/view"}}, json::object());
    CHECK(read["error"]["code"] == -32602);
    json res = ext_send(c, "resources/list", json::object(), json::object());
    CHECK(res["result"]["resources"].size() == 1);
  }
  SECTION("with the extension: tailored, so not publicly cacheable") {
    json d = ext_send(c, "server/discover", json::object(), ext_ui_caps());
    CHECK(d["result"]["capabilities"]["extensions"][kExtUi] == json::object());
    json list = ext_send(c, "tools/list", json::object(), ext_ui_caps());
    CHECK(names_of_tools(list) == std::vector<std::string>{"plain", "shown", "app_only"});
    CHECK(list["result"]["tools"][1]["_meta"]["ui"]["resourceUri"] == "ui://t/view");
    CHECK(list["result"]["cacheScope"] == "private");
    json call =
        ext_send(c, "tools/call", {{"name", "app_only"}, {"arguments", json::object()}}, ext_ui_caps());
    CHECK(call["result"]["structuredContent"]["ui"].is_object());
    json read = ext_send(c, "resources/read", {{"uri", "ui://t/view"}}, ext_ui_caps());
    CHECK(read["result"]["contents"][0]["text"] == "x");
  }
}

TEST_CASE("extensions: pages are cut from each client's own list", "[protocol][extensions]") {
  auto s = ext_server(2);
  Client c(*s);
  auto walk = [&](const json& caps) {
    std::vector<std::string> names;
    std::set<std::string> scopes;
    json params = json::object();
    for (int i = 0; i < 5; ++i) {
      json page = ext_send(c, "tools/list", params, caps);
      for (const auto& n : names_of_tools(page)) names.push_back(n);
      scopes.insert(page["result"]["cacheScope"].get<std::string>());
      if (!page["result"].contains("nextCursor")) break;
      params = {{"cursor", page["result"]["nextCursor"]}};
    }
    CHECK(scopes.size() == 1);  // one cacheScope on every page of one list
    return names;
  };
  CHECK(walk(json::object()) == std::vector<std::string>{"plain", "shown"});
  CHECK(walk(ext_ui_caps()) == std::vector<std::string>{"plain", "shown", "app_only"});
  json first = ext_send(c, "resources/list", json::object(), ext_ui_caps());
  json plain_page = ext_send(c, "resources/list", json::object(), json::object());
  CHECK(first["result"]["resources"].size() == 2);
  CHECK_FALSE(plain_page["result"].contains("nextCursor"));
}
