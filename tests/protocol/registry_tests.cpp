// The registry (protocol/src/registry.hpp): order, replacement, removal, and snapshots that outlive
// changes (a call keeps the tool it resolved at admission).
#include <catch2/catch.hpp>

#include "registry.hpp"

using namespace sciorex::protocol;
using nlohmann::json;

namespace {

ToolDefinition tool_named(const std::string& name, std::string description = "") {
  ToolDefinition def;
  def.definition = {
      {"name", name}, {"description", std::move(description)}, {"inputSchema", {{"type", "object"}}}};
  return def;
}

ToolHandler answering(std::string text) {
  return [text](const json&, RequestContext&) { return ToolResult::text(text); };
}

std::vector<std::string> tool_names(const Registry& r) {
  std::vector<std::string> names;
  for (const auto& t : r.tools()) names.push_back(t->def.definition["name"]);
  return names;
}

}  // namespace

TEST_CASE("registry: tools keep the order they were first added; a replacement keeps its place",
          "[protocol][registry]") {
  Registry r;
  r.add_tool(tool_named("b"), answering("b"));
  r.add_tool(tool_named("a"), answering("a"));
  r.add_tool(tool_named("b", "second"), answering("b2"));
  CHECK(tool_names(r) == std::vector<std::string>{"b", "a"});
  CHECK(r.tool("b")->def.definition["description"] == "second");
  CHECK(r.remove_tool("b"));
  CHECK_FALSE(r.remove_tool("b"));
  CHECK(r.tool("b") == nullptr);
  CHECK(tool_names(r) == std::vector<std::string>{"a"});
}

TEST_CASE("registry: a resolved tool stays usable after it is replaced or removed", "[protocol][registry]") {
  Registry r;
  r.add_tool(tool_named("t", "first"), answering("first"));
  auto resolved = r.tool("t");
  r.add_tool(tool_named("t", "second"), answering("second"));
  r.remove_tool("t");
  REQUIRE(resolved);
  CHECK(resolved->def.definition["description"] == "first");
}

TEST_CASE("registry: prompts, their completers and resource matching", "[protocol][registry]") {
  Registry r;
  r.add_prompt({{"name", "p"}}, [](const json&, RequestContext&) { return PromptResult{}; });
  CHECK(r.prompt_definitions() == std::vector<json>{{{"name", "p"}}});
  auto none = r.prompt_completer("p");
  REQUIRE(none.has_value());  // a known prompt without a completer
  CHECK_FALSE(*none);
  CHECK_FALSE(r.prompt_completer("unknown").has_value());
  r.add_prompt_completer("p",
                         [](const std::string&, const std::string&, const json&) { return Completion{}; });
  CHECK(*r.prompt_completer("p"));
  CHECK(r.remove_prompt("p"));
  CHECK_FALSE(r.prompt_completer("p").has_value());

  r.add_resource({{"uri", "x://static"}},
                 [](const std::string&, RequestContext&) { return ResourceContents(); });
  r.add_template({{"uriTemplate", "x://items/{id}"}},
                 [](const std::string&, const std::map<std::string, std::string>&, RequestContext&) {
                   return ResourceContents();
                 });
  CHECK(r.match_resource("x://static", json::object()).reader);
  auto item = r.match_resource("x://items/42", json::object());
  CHECK_FALSE(item.reader);
  CHECK(item.template_reader);
  CHECK(item.vars == std::map<std::string, std::string>{{"id", "42"}});
  auto none_match = r.match_resource("x://other", json::object());
  CHECK_FALSE(none_match.reader);
  CHECK_FALSE(none_match.template_reader);
}
