// The schemas are the published contract: every tool has its file, served as written; the real
// argument parser accepts each schema's example and refuses it without a required key; every
// example's structured result validates against the outputSchema; descriptions and tools/list
// stay inside Claude Code's budgets.
#include <set>

#include "tickets_test_support.hpp"
#include "tool_schemas.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets::test {

namespace {

const std::vector<std::string> kTools = {
    "sciorex_create_ticket",    "sciorex_get_ticket",          "sciorex_update_ticket",   "sciorex_change_status",
    "sciorex_list_tickets",     "sciorex_create_epic",         "sciorex_get_epic",        "sciorex_list_epics",
    "sciorex_update_epic",      "sciorex_add_subtask",         "sciorex_complete_subtask", "sciorex_update_subtask",
    "sciorex_list_subtasks",    "sciorex_search_tickets",      "sciorex_get_ready_tickets", "sciorex_get_blocked_tickets",
    "sciorex_report_progress",  "sciorex_add_comment",         "sciorex_add_blocker",     "sciorex_remove_blocker",
    "sciorex_link_resource",    "sciorex_link_session"};

// A small JSON Schema check: type, enum, required, properties, items (what our schemas use).
void validate(const json& value, const json& schema, const std::string& path, std::vector<std::string>& problems) {
  if (auto t = schema.find("type"); t != schema.end()) {
    std::vector<std::string> types = t->is_array() ? t->get<std::vector<std::string>>() : std::vector{t->get<std::string>()};
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
      if (!value.contains(r.get<std::string>())) problems.push_back(path + ": missing " + r.get<std::string>());
    const json props = schema.value("properties", json::object());
    for (const auto& [k, sub] : props.items())
      if (value.contains(k)) validate(value[k], sub, path + "." + k, problems);
  }
  if (value.is_array() && schema.contains("items"))
    for (std::size_t i = 0; i < value.size(); ++i) validate(value[i], schema["items"], path + "[" + std::to_string(i) + "]", problems);
}

}  // namespace

TEST_CASE("every registered tool has its schema file, served as written", "[tickets][schemas]") {
  TicketServer s;
  json listed = s.rpc("tools/list")["result"]["tools"];
  std::set<std::string> names;
  for (const auto& t : listed) {
    names.insert(t["name"]);
    CHECK(t == tool_definition(t["name"]));
  }
  CHECK(names == std::set<std::string>(kTools.begin(), kTools.end()));
  std::set<std::string> files;
  for (const auto& e : embedded_schemas()) files.insert(e.name);
  CHECK(files == names);
}

TEST_CASE("each schema has the contract's shape and budgets", "[tickets][schemas]") {
  TicketServer s;  // registers the parsers
  for (const auto& name : kTools) {
    DYNAMIC_SECTION(name) {
      json def = tool_definition(name);
      CHECK(def["title"].is_string());
      CHECK(def["description"].get<std::string>().size() < 2048);
      CHECK(def["inputSchema"]["type"] == "object");
      CHECK(def["inputSchema"]["additionalProperties"] == false);
      CHECK(def["outputSchema"]["type"] == "object");
      for (const char* hint : {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"})
        CHECK(def["annotations"][hint].is_boolean());
      CHECK(def["annotations"]["openWorldHint"] == false);
      // Read-only tools are exactly those registered to run inline (Access::read).
      CHECK(def["annotations"]["readOnlyHint"] == (name.find("_get_") != std::string::npos ||
                                                   name.find("_list_") != std::string::npos ||
                                                   name.find("_search_") != std::string::npos));
    }
  }
}

TEST_CASE("the parser accepts each schema's example and refuses it without a required key", "[tickets][schemas]") {
  TicketServer s;
  const auto& parsers = argument_parsers();
  for (const auto& name : kTools) {
    DYNAMIC_SECTION(name) {
      json in = tool_definition(name)["inputSchema"];
      REQUIRE(in["examples"].size() >= 1);
      const json& example = in["examples"][0];
      REQUIRE(parsers.count(name));
      CHECK_NOTHROW(parsers.at(name)(example));
      for (const auto& key : in.value("required", json::array())) {
        json without = example;
        without.erase(key.get<std::string>());
        CHECK_THROWS_AS(parsers.at(name)(without), protocol::ToolError);
      }
      json extra = example;
      extra["noSuchArgument"] = 1;
      CHECK_THROWS_AS(parsers.at(name)(extra), protocol::ToolError);
      // Every property the schema names is one the parser knows.
      for (const auto& [key, sub] : in["properties"].items()) {
        json one = example;
        if (!one.contains(key)) continue;
        CHECK_NOTHROW(parsers.at(name)(one));
      }
    }
  }
}

TEST_CASE("tools/list stays under 48 KB", "[tickets][schemas][budget]") {
  TicketServer s;
  json r = s.rpc("tools/list");
  CHECK(r["result"]["tools"].size() == kTools.size());
  CHECK(r.dump().size() < 48 * 1024);
}

TEST_CASE("each example's structured result validates against the tool's outputSchema", "[tickets][schemas]") {
  TicketServer s;
  // The ids the examples name: T-001..T-099 (T-042 planned with two subtasks), E-001.
  s.ok("sciorex_create_epic", {{"title", "User profiles"}});
  for (int n = 1; n <= 99; ++n) {
    json extra = json::object();
    if (n == 42) extra["subtasks"] = {"Design upload UI", "Implement backend upload endpoint"};
    if (n == 42) extra["epicId"] = "E-001";
    s.create("Ticket " + std::to_string(n), extra);
  }
  s.ok("sciorex_change_status", {{"ticketId", "T-042"}, {"status", "planned"}});
  // An order in which every example applies (e.g. add_blocker before remove_blocker).
  const std::vector<std::string> order = {
      "sciorex_create_ticket",   "sciorex_get_ticket",        "sciorex_list_tickets",       "sciorex_create_epic",
      "sciorex_get_epic",        "sciorex_list_epics",        "sciorex_update_epic",        "sciorex_add_subtask",
      "sciorex_complete_subtask", "sciorex_update_subtask",   "sciorex_list_subtasks",      "sciorex_search_tickets",
      "sciorex_get_ready_tickets", "sciorex_change_status",   "sciorex_update_ticket",      "sciorex_report_progress",
      "sciorex_add_comment",     "sciorex_add_blocker",       "sciorex_get_blocked_tickets", "sciorex_remove_blocker",
      "sciorex_link_resource",   "sciorex_link_session"};
  REQUIRE(std::set<std::string>(order.begin(), order.end()) == std::set<std::string>(kTools.begin(), kTools.end()));
  for (const auto& name : order) {
    json def = tool_definition(name);
    json structured = s.ok(name, def["inputSchema"]["examples"][0]);
    std::vector<std::string> problems;
    validate(structured, def["outputSchema"], name, problems);
    INFO(structured.dump());
    for (const auto& p : problems) FAIL_CHECK(p);
  }
}

}  // namespace sciorex::tickets::test
