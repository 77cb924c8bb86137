// People and toolsets on the ticket tools (issue 13): a request the transport authenticated as a
// person records its changes as the agent on behalf of them; a read-only person is refused on
// every write tool with a tool error and the store is untouched; --toolsets and --read-only leave
// fewer tools in tools/list, from one table that holds every schema file in exactly one toolset.
#include <algorithm>
#include <set>

#include "interaction_toolsets.hpp"
#include "sciorex/storage/event_feed.hpp"
#include "ticket_toolsets.hpp"
#include "tickets_test_support.hpp"
#include "tool_support.hpp"
#include "tools.hpp"

namespace sciorex::tickets::test {

namespace {

// tools/call carrying the person the HTTP transport authenticated.
json people_test_call(TicketServer& s, const std::string& tool, const json& arguments,
                      const protocol::Principal& person, int id) {
  protocol::HttpHeaders headers;  // a POST on the client's 2025 session, as the transport hands it over
  headers.has_session_id = true;
  headers.principal = person;
  auto sink = s.client.post({{"jsonrpc", "2.0"},
                             {"id", id},
                             {"method", "tools/call"},
                             {"params", {{"name", tool}, {"arguments", arguments}}}},
                            &headers);
  sink->wait_finished(1);
  json r = sink->messages().back();
  INFO(r.dump());
  REQUIRE(r.contains("result"));
  return r["result"];
}

std::set<std::string> people_test_listed(TicketServer& s) {
  std::set<std::string> out;
  const json listed = s.rpc("tools/list");
  for (const auto& t : listed["result"]["tools"]) out.insert(t["name"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("a person's change is recorded as the agent on behalf of them", "[tickets][people]") {
  TicketServer s;
  const protocol::Principal alice{"alice", false};
  json created = people_test_call(s, "sciorex_create_ticket", {{"title", "For alice"}}, alice, 1);
  REQUIRE_FALSE(created.value("isError", false));
  const std::string id = created["structuredContent"]["id"];
  REQUIRE_FALSE(people_test_call(s, "sciorex_add_comment", {{"ticketId", id}, {"comment", "noted"}}, alice, 2)
                    .value("isError", false));

  const storage::Ticket t = s.store.ticket_reads.get(id);
  CHECK(t.history.front().actor.type == storage::ActorType::Agent);
  CHECK(t.history.front().actor.id == "test-client");
  CHECK(t.history.front().actor.on_behalf_of == "alice");
  CHECK(t.comments.at(0).author.on_behalf_of == "alice");
  // The tools show it, and a call without a person is recorded as before.
  json detail = s.ok("sciorex_get_ticket", {{"ticketId", id}});
  CHECK(detail["comments"][0]["author"]["onBehalfOf"] == "alice");
  s.ok("sciorex_add_comment", {{"ticketId", id}, {"comment", "mine"}});
  CHECK_FALSE(s.store.ticket_reads.get(id).comments.at(1).author.on_behalf_of);
}

TEST_CASE("a read-only person is refused on every write tool and the store is untouched",
          "[tickets][people]") {
  TicketServer s({}, apps_client_capabilities());  // a host with MCP Apps: the views' tools too
  for (int i = 1; i <= 99; ++i) s.create("Ticket " + std::to_string(i));  // the examples' ids
  s.ok("sciorex_create_epic", {{"title", "Epic"}});
  const std::int64_t before = s.store.feed.last_event_id();
  const protocol::Principal reader{"bob", true};
  int id = 1;
  int writes = 0;
  for (const auto& [name, tool] : tool_catalogue().registered()) {
    const json example = tool_catalogue().definition(name)["inputSchema"]["examples"][0];
    json r = people_test_call(s, name, example, reader, ++id);
    INFO(name << ": " << r.dump());
    if (tool.access == common::Access::write) {
      ++writes;
      REQUIRE(r.value("isError", false));
      const std::string text = r["content"][0]["text"];
      CHECK(text.find("bob's token is read-only") != std::string::npos);
      CHECK(text.find(name) != std::string::npos);
    } else {
      CHECK(r["content"][0]["text"].get<std::string>().find("read-only") == std::string::npos);
    }
  }
  CHECK(writes >= 10);
  CHECK(s.store.feed.last_event_id() == before);
}

TEST_CASE("every tool schema of both servers is in exactly one toolset", "[tickets][toolsets]") {
  auto check = [](const common::ToolCatalogue& catalogue, const common::ToolsetTable& table) {
    std::set<std::string> schemas;
    for (const auto& n : catalogue.names()) schemas.insert(n);
    std::map<std::string, int> seen;
    for (const auto& set : table)
      for (auto tool : set.tools) ++seen[std::string(tool)];
    for (const auto& n : schemas) {
      INFO(n);
      CHECK(seen[n] == 1);
    }
    for (const auto& [tool, count] : seen) {
      INFO(tool);
      CHECK(schemas.count(tool) == 1);
    }
  };
  check(tool_catalogue(), toolsets());
  check(interactions::tool_catalogue(), interactions::toolsets());
}

TEST_CASE("--toolsets and --read-only leave fewer tools in tools/list", "[tickets][toolsets]") {
  TicketServer s;
  const std::set<std::string> all = people_test_listed(s);
  // A client without MCP Apps: every tool but the views' own (the toolset "apps").
  const auto& app_set = *std::find_if(toolsets().begin(), toolsets().end(),
                                      [](const auto& set) { return std::string(set.name) == "apps"; });
  REQUIRE(all.size() == tool_catalogue().names().size() - app_set.tools.size());
  common::ToolFilter filter;
  SECTION("toolsets: exactly their tools") {
    filter.toolsets = {"epics", "flows"};
    CHECK(common::apply_tool_filter(s.server, tool_catalogue(), toolsets(), filter) ==
          tool_catalogue().names().size() - 6);  // removed: every other tool, the views' too
    CHECK(people_test_listed(s) == std::set<std::string>{"sciorex_create_epic", "sciorex_get_epic",
                                                         "sciorex_list_epics", "sciorex_update_epic",
                                                         "sciorex_get_flow_run", "sciorex_list_flow_runs"});
    CHECK(s.rpc("tools/call", {{"name", "sciorex_create_ticket"}, {"arguments", {{"title", "x"}}}})
              .contains("error"));  // a removed tool is unknown
  }
  SECTION("read-only: exactly the read tools, each with readOnlyHint") {
    filter.read_only = true;
    common::apply_tool_filter(s.server, tool_catalogue(), toolsets(), filter);
    const json tools = s.rpc("tools/list")["result"]["tools"];
    std::set<std::string> reads;
    for (const auto& [name, tool] : tool_catalogue().registered())
      if (tool.access == common::Access::read && all.count(name)) reads.insert(name);
    CHECK(people_test_listed(s) == reads);
    for (const auto& t : tools) CHECK(t["annotations"]["readOnlyHint"] == true);
  }
  SECTION("both: the read tools of the toolsets") {
    filter.read_only = true;
    filter.toolsets = {"subtasks"};
    common::apply_tool_filter(s.server, tool_catalogue(), toolsets(), filter);
    CHECK(people_test_listed(s) == std::set<std::string>{"sciorex_list_subtasks"});
  }
}

}  // namespace sciorex::tickets::test
