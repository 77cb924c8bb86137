// The schemas are the published contract, for both servers: every tool has its file, served as
// written; the real argument parser accepts each schema's example and refuses it without a
// required key; each schema's `enum` lists exactly the names the parser offers (for the ticket
// tools, storage's k*Names lists); every ticket example's structured result validates against the
// outputSchema; descriptions and tools/list stay inside Claude Code's budgets. The tool lists come
// from the embedded schema files (each server's ToolCatalogue), never from a list kept here.
#include <set>

#include "interactions.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "tickets_test_support.hpp"
#include "tool_support.hpp"
#include "tools.hpp"

namespace sciorex::tickets::test {

namespace {

const char* const kSchemaUiExtension = "io.modelcontextprotocol/ui";

// Both servers in process on one store, their tools registered (which fills each catalogue); a
// client of each without client extensions, and one of each that shows MCP Apps views (issue 15).
struct BothServers {
  TicketServer tickets;
  interactions::Inbox inbox{tickets.dir.db(), storage::StoreConfig{}};
  protocol::Server interaction_server{interactions::server_info()};
  sciorex::test::Client interaction_client{interaction_server};
  sciorex::test::Client tickets_apps_client{tickets.server};
  sciorex::test::Client interaction_apps_client{interaction_server};
  BothServers() {
    interactions::register_all(interaction_server, inbox);
    interaction_client.initialize();
    tickets_apps_client.initialize(apps_client_capabilities());
    interaction_apps_client.initialize(apps_client_capabilities());
  }
  json tools_list(const std::string& server) {
    if (server == "tickets") return tickets.rpc("tools/list");
    return interaction_client.request("tools/list", json::object(), 2);
  }
  json apps_tools_list(const std::string& server) {
    return (server == "tickets" ? tickets_apps_client : interaction_apps_client)
        .request("tools/list", json::object(), 3);
  }
  json apps_read(const std::string& server, const std::string& uri) {
    return (server == "tickets" ? tickets_apps_client : interaction_apps_client)
        .request("resources/read", {{"uri", uri}}, 4);
  }
};

// The tools a client without the extension is offered: every schema file but those that need one.
std::set<std::string> plain_tools(const common::ToolCatalogue& tools) {
  std::set<std::string> out;
  for (const auto& name : tools.names())
    if (tools.tool_definition(name).requires_extension.empty()) out.insert(name);
  return out;
}

struct Catalogue {
  std::string server;
  common::ToolCatalogue& tools;
};
std::vector<Catalogue> catalogues() {
  return {{"tickets", tickets::tool_catalogue()}, {"interactions", interactions::tool_catalogue()}};
}

std::string joined(const json& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n.get<std::string>();
  return out;
}

// A small JSON Schema check: type, enum, required, properties, items (what our schemas use).
void validate(const json& value, const json& schema, const std::string& path,
              std::vector<std::string>& problems) {
  if (auto t = schema.find("type"); t != schema.end()) {
    std::vector<std::string> types =
        t->is_array() ? t->get<std::vector<std::string>>() : std::vector{t->get<std::string>()};
    bool match = false;
    for (const auto& ty : types)
      match = match || (ty == "object" && value.is_object()) || (ty == "array" && value.is_array()) ||
              (ty == "string" && value.is_string()) || (ty == "integer" && value.is_number_integer()) ||
              (ty == "number" && value.is_number()) || (ty == "boolean" && value.is_boolean()) ||
              (ty == "null" && value.is_null());
    if (!match) problems.push_back(path + ": expected " + t->dump() + ", got " + value.dump().substr(0, 80));
  }
  if (auto e = schema.find("enum"); e != schema.end() && std::find(e->begin(), e->end(), value) == e->end())
    problems.push_back(path + ": " + value.dump() + " not in " + e->dump());
  if (value.is_object()) {
    for (const auto& r : schema.value("required", json::array()))
      if (!value.contains(r.get<std::string>()))
        problems.push_back(path + ": missing " + r.get<std::string>());
    const json props = schema.value("properties", json::object());
    for (const auto& [k, sub] : props.items())
      if (value.contains(k)) validate(value[k], sub, path + "." + k, problems);
  }
  if (value.is_array() && schema.contains("items"))
    for (std::size_t i = 0; i < value.size(); ++i)
      validate(value[i], schema["items"], path + "[" + std::to_string(i) + "]", problems);
}

}  // namespace

TEST_CASE("every registered tool has its schema file, served as written", "[servers][schemas]") {
  BothServers s;
  for (const auto& c : catalogues()) {
    DYNAMIC_SECTION(c.server) {
      const std::vector<std::string> files = c.tools.names();
      REQUIRE_FALSE(files.empty());
      // A client without the extension: today's tools, each without any extension _meta.
      const json tools = s.tools_list(c.server)["result"]["tools"];
      std::set<std::string> listed;
      for (const auto& t : tools) {
        listed.insert(t["name"]);
        CHECK(t == c.tools.definition(t["name"]));
        CHECK_FALSE(t.value("_meta", json::object()).contains("ui"));
        CHECK_FALSE(t.contains("x-requiresExtension"));
      }
      CHECK(listed == plain_tools(c.tools));
      // A client with MCP Apps: every file, as written (less the x-requiresExtension marker).
      const json apps_tools = s.apps_tools_list(c.server)["result"]["tools"];
      std::set<std::string> apps_listed;
      for (const auto& t : apps_tools) {
        apps_listed.insert(t["name"]);
        CHECK(t == c.tools.definition_for_extension(t["name"], kSchemaUiExtension));
      }
      CHECK(apps_listed == std::set<std::string>(files.begin(), files.end()));
      std::set<std::string> registered;
      for (const auto& [name, tool] : c.tools.registered()) registered.insert(name);
      CHECK(registered == apps_listed);
    }
  }
}

TEST_CASE("each schema has the contract's shape and budgets", "[servers][schemas]") {
  BothServers s;
  for (const auto& c : catalogues()) {
    const auto registered = c.tools.registered();
    for (const auto& name : c.tools.names()) {
      DYNAMIC_SECTION(name) {
        json def = c.tools.definition(name);
        CHECK(def["title"].is_string());
        CHECK(def["description"].get<std::string>().size() < 2048);
        CHECK(def["inputSchema"]["type"] == "object");
        CHECK(def["inputSchema"]["additionalProperties"] == false);
        CHECK(def["outputSchema"]["type"] == "object");
        for (const char* hint : {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"})
          CHECK(def["annotations"][hint].is_boolean());
        // The ticket tools touch only the store; asking and notifying reach a person.
        if (c.server == "tickets") CHECK(def["annotations"]["openWorldHint"] == false);
        // Read-only tools are exactly those registered to run inline (Access::read).
        REQUIRE(registered.count(name));
        CHECK(def["annotations"]["readOnlyHint"] == (registered.at(name).access == common::Access::read));
        // MCP Apps metadata (issue 15): the current nested form only, naming a view this server
        // serves; app-only tools and those that say so are offered only with the extension.
        json ext = c.tools.definition_for_extension(name, kSchemaUiExtension);
        CHECK_FALSE(ext.value("_meta", json::object()).contains("ui/resourceUri"));
        if (ext.value("_meta", json::object()).contains("ui")) {
          const json ui = ext["_meta"]["ui"];
          const std::string uri = ui.value("resourceUri", "");
          CHECK(uri.rfind("ui://sciorex/", 0) == 0);
          json read = s.apps_read(c.server, uri);
          INFO(read.dump().substr(0, 300));
          CHECK(read["result"]["contents"][0]["mimeType"] == "text/html;profile=mcp-app");
          const json vis = ui.value("visibility", json::array({"model", "app"}));
          if (std::find(vis.begin(), vis.end(), "model") == vis.end())
            CHECK(c.tools.tool_definition(name).requires_extension == kSchemaUiExtension);
        }
      }
    }
  }
}

TEST_CASE("the parser accepts each schema's example and refuses it without a required key",
          "[servers][schemas]") {
  BothServers s;
  for (const auto& c : catalogues()) {
    const auto registered = c.tools.registered();
    for (const auto& name : c.tools.names()) {
      DYNAMIC_SECTION(name) {
        json in = c.tools.definition(name)["inputSchema"];
        REQUIRE(in["examples"].size() >= 1);
        const json& example = in["examples"][0];
        REQUIRE(registered.count(name));
        const auto& parse = registered.at(name).parser;
        CHECK_NOTHROW(parse(example));
        for (const auto& key : in.value("required", json::array())) {
          json without = example;
          without.erase(key.get<std::string>());
          CHECK_THROWS_AS(parse(without), protocol::ToolError);
        }
        json extra = example;
        extra["noSuchArgument"] = 1;
        CHECK_THROWS_AS(parse(extra), protocol::ToolError);
      }
    }
  }
}

TEST_CASE("each schema's enum lists exactly the names the parser offers", "[servers][schemas]") {
  // The parser's refusal lists its names (for the ticket tools, storage's list): equal to the
  // schema's `enum`, in order; and it accepts each of them.
  BothServers s;
  int enums = 0;
  for (const auto& c : catalogues()) {
    const auto registered = c.tools.registered();
    for (const auto& name : c.tools.names()) {
      json in = c.tools.definition(name)["inputSchema"];
      const auto& parse = registered.at(name).parser;
      for (const auto& [key, property] : in["properties"].items()) {
        if (!property.contains("enum")) continue;
        ++enums;
        DYNAMIC_SECTION(name << " " << key) {
          for (const auto& value : property["enum"]) {
            json args = in["examples"][0];
            args[key] = value;
            INFO(args.dump());
            CHECK_NOTHROW(parse(args));
          }
          json args = in["examples"][0];
          args[key] = "no-such-value";
          CHECK_THROWS_WITH(parse(args), "Invalid argument \"" + key + "\": 'no-such-value' is not one of: " +
                                             joined(property["enum"]));
        }
      }
    }
  }
  CHECK(enums >= 16);  // today's schemas have 16 (status, priority, urgency, ...): the loop saw them
}

TEST_CASE("tools/list stays under 48 KB", "[servers][schemas][budget]") {
  BothServers s;
  for (const auto& c : catalogues()) {
    json r = s.tools_list(c.server);
    CHECK(r["result"]["tools"].size() == plain_tools(c.tools).size());
    CHECK(r.dump().size() < 48 * 1024);
    json apps = s.apps_tools_list(c.server);
    CHECK(apps["result"]["tools"].size() == c.tools.names().size());
    CHECK(apps.dump().size() < 48 * 1024);
  }
}

TEST_CASE("each ticket example's structured result validates against the tool's outputSchema",
          "[tickets][schemas]") {
  TicketServer s({}, apps_client_capabilities());  // the app-only tools' examples run too
  // The ids the examples name: T-001..T-099 (T-042 planned with two subtasks), E-001, run-1.
  s.ok("sciorex_create_epic", {{"title", "User profiles"}});
  for (int n = 1; n <= 99; ++n) {
    json extra = json::object();
    if (n == 42) extra["subtasks"] = {"Design upload UI", "Implement backend upload endpoint"};
    if (n == 42) extra["epicId"] = "E-001";
    s.create("Ticket " + std::to_string(n), extra);
  }
  s.ok("sciorex_change_status", {{"ticketId", "T-042"}, {"status", "planned"}});
  // run-1 on T-042, as the flows runner records it, with one finished node.
  storage::FlowRunRepository runs(s.store.writer());
  runs.register_runner({"host:1:schema", "host", 1});
  storage::NewFlowRun run{"Seed", ".sciorex/flows/seed.yaml", "T-042", "ticketStatusChanged", 1, "{}"};
  const std::string run_id = runs.claim(run, "host:1:schema")->id;
  const int node =
      runs.begin_node(run_id, {"plan", "agent", 1, "technical-planner", "Plan T-042"}, "host:1:schema");
  runs.finish_node(run_id, node, {storage::FlowNodeStatus::Succeeded, R"({"text":"plan"})", 0, "s-1"},
                   "host:1:schema");
  // In file-name order every example applies (add_blocker before get_blocked_tickets and
  // remove_blocker; T-042's subtasks before complete_subtask and update_subtask).
  for (const auto& name : tool_catalogue().names()) {
    json def = tool_catalogue().definition(name);
    json structured = s.ok(name, def["inputSchema"]["examples"][0]);
    std::vector<std::string> problems;
    validate(structured, def["outputSchema"], name, problems);
    INFO(structured.dump());
    for (const auto& p : problems) FAIL_CHECK(p);
  }
}

}  // namespace sciorex::tickets::test
