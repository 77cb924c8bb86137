// What handlers do through their RequestContext: progress, logging, cancellation, client input in
// both eras, and change notifications.
#include <catch2/catch.hpp>
#include <thread>

#include "../conformance_server/fixture.hpp"
#include "http_guard.hpp"
#include "test_support.hpp"

using namespace sciorex;
using test::Client;
using test::json;
using test::modern_meta;

namespace {

std::unique_ptr<protocol::Server> context_server() {
  auto s = std::make_unique<protocol::Server>(protocol::ServerInfo{"test-server", "1.0", "", "", ""});
  fixture::register_tools(*s);
  fixture::register_input_required_tools(*s);
  fixture::register_resources_and_prompts(*s);
  return s;
}

json call(const std::string& tool, json meta = json::object(), json extra = json::object()) {
  json params = {{"name", tool}, {"arguments", json::object()}};
  if (!meta.empty()) params["_meta"] = meta;
  for (auto& [k, v] : extra.items()) params[k] = v;
  return {{"jsonrpc", "2.0"}, {"id", 42}, {"method", "tools/call"}, {"params", params}};
}

std::vector<json> with_method(const std::vector<json>& msgs, const std::string& method) {
  std::vector<json> out;
  for (auto& m : msgs)
    if (m.value("method", "") == method) out.push_back(m);
  return out;
}

}  // namespace

TEST_CASE("progress goes out only with a token, increasing, before the result", "[protocol][context]") {
  auto server = context_server();
  Client c(*server);
  c.initialize();
  auto with_token = c.post(call("test_tool_with_progress", {{"progressToken", "tok"}}));
  with_token->wait_finished(1);
  auto msgs = with_token->messages();
  auto progress = with_method(msgs, "notifications/progress");
  REQUIRE(progress.size() == 3);
  CHECK(progress[0]["params"]["progress"] == 0);
  CHECK(progress[2]["params"]["progress"] == 100);
  CHECK(progress[1]["params"]["progressToken"] == "tok");
  CHECK(msgs.back().contains("result"));
  auto without = c.post(call("test_tool_with_progress"));
  without->wait_finished(1);
  CHECK(with_method(without->messages(), "notifications/progress").empty());
}

TEST_CASE("log messages go out only when the client asked for them", "[protocol][context]") {
  auto server = context_server();
  SECTION("2025: after logging/setLevel, at or above the level") {
    Client c(*server);
    c.initialize();
    auto before = c.post(call("test_tool_with_logging"));
    before->wait_finished(1);
    CHECK(with_method(before->messages(), "notifications/message").empty());
    CHECK(c.request("logging/setLevel", {{"level", "info"}})["result"] == json::object());
    auto after = c.post(call("test_tool_with_logging"));
    after->wait_finished(1);
    auto logs = with_method(after->messages(), "notifications/message");
    REQUIRE(logs.size() == 3);
    CHECK(logs[0]["params"]["level"] == "info");
    CHECK(logs[0]["params"]["data"] == "Tool execution started");
    CHECK(c.request("logging/setLevel", {{"level", "error"}})["result"] == json::object());
    auto quiet = c.post(call("test_tool_with_logging"));
    quiet->wait_finished(1);
    CHECK(with_method(quiet->messages(), "notifications/message").empty());
    CHECK(c.request("logging/setLevel", {{"level", "shouting"}})["error"]["code"] == -32602);
  }
  SECTION("2026: only with the request's _meta logLevel") {
    Client c(*server);
    auto silent = c.post(call("test_logging_tool", modern_meta()));
    silent->wait_finished(1);
    CHECK(with_method(silent->messages(), "notifications/message").empty());
    json meta = modern_meta();
    meta["io.modelcontextprotocol/logLevel"] = "debug";
    auto loud = c.post(call("test_logging_tool", meta));
    loud->wait_finished(1);
    CHECK(with_method(loud->messages(), "notifications/message").size() == 1);
  }
}

TEST_CASE("a cancelled request sends nothing more, and a slow call does not block ping",
          "[protocol][context]") {
  protocol::Server server({"t", "1", "", "", ""});
  std::atomic<bool> saw_cancel{false};
  server.add_tool({json{{"name", "wait"}, {"inputSchema", {{"type", "object"}}}}, false},
                  [&](const json&, protocol::RequestContext& ctx) {
                    saw_cancel = ctx.sleep_for(std::chrono::seconds(10));
                    return protocol::ToolResult::text("woke");
                  });
  Client c(server);
  c.initialize();
  auto slow =
      c.post({{"jsonrpc", "2.0"}, {"id", "slow"}, {"method", "tools/call"}, {"params", {{"name", "wait"}}}});
  auto started = std::chrono::steady_clock::now();
  CHECK(c.request("ping", json::object(), 2)["result"] == json::object());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  c.post({{"jsonrpc", "2.0"},
          {"method", "notifications/cancelled"},
          {"params", {{"requestId", "slow"}, {"reason", "test"}}}});
  REQUIRE(slow->wait_finished(1) == 1);
  CHECK(slow->messages().empty());
  CHECK(slow->dispositions()[0].cancelled);
  CHECK(saw_cancel);
}

TEST_CASE("2025: a handler's input request goes to the client and its answer comes back",
          "[protocol][context][legacy]") {
  auto server = context_server();
  Client c(*server);
  c.initialize({{"elicitation", json::object()}, {"sampling", json::object()}});
  auto sink = c.post(call("test_elicitation", {}, {{"arguments", {{"message", "Who are you?"}}}}));
  auto msgs = sink->wait_for(1);
  REQUIRE(msgs.size() == 1);
  const json& ask = msgs[0];
  CHECK(ask["method"] == "elicitation/create");
  CHECK(ask["params"]["message"] == "Who are you?");
  CHECK(ask["params"]["requestedSchema"]["required"] == json::array({"username", "email"}));
  c.post(
      {{"jsonrpc", "2.0"},
       {"id", ask["id"]},
       {"result", {{"action", "accept"}, {"content", {{"username", "ada"}, {"email", "ada@example.com"}}}}}});
  REQUIRE(sink->wait_finished(1) == 1);
  auto text = sink->messages().back()["result"]["content"][0]["text"].get<std::string>();
  CHECK(text.find("ada@example.com") != std::string::npos);
}

TEST_CASE("2025: a client that did not declare a capability is not asked", "[protocol][context][legacy]") {
  auto server = context_server();
  Client c(*server);
  c.initialize();
  auto r = c.request("tools/call", {{"name", "test_sampling"}, {"arguments", {{"prompt", "hi"}}}});
  CHECK(r["error"]["code"] == -32602);
  CHECK(r["error"]["data"]["requiredCapabilities"].contains("sampling"));
}

TEST_CASE("2026: input_required, then the retry with the answer completes", "[protocol][context][modern]") {
  auto server = context_server();
  Client c(*server);
  json meta = modern_meta({{"elicitation", json::object()}});
  auto r1 = c.request("tools/call",
                      {{"name", "test_input_required_result_elicitation"}, {"_meta", meta}})["result"];
  CHECK(r1["resultType"] == "input_required");
  CHECK(r1["inputRequests"]["user_name"]["method"] == "elicitation/create");
  CHECK(r1["inputRequests"]["user_name"]["params"]["message"] == "What is your name?");
  json answer = {{"user_name", {{"action", "accept"}, {"content", {{"name", "Alice"}}}}}, {"extra", 1}};
  json retry = {{"name", "test_input_required_result_elicitation"},
                {"_meta", meta},
                {"requestState", r1["requestState"]}};
  auto with = [&](json extra) {
    json params = retry;
    for (auto& [k, v] : extra.items()) params[k] = v;
    return c.request("tools/call", params);
  };
  auto r2 = with({{"inputResponses", answer}})["result"];
  CHECK(r2["resultType"] == "complete");
  CHECK(r2["content"][0]["text"] == "Hello, Alice!");
  SECTION("a wrong key asks again") {
    auto r = with({{"inputResponses", {{"wrong", {{"action", "accept"}}}}}})["result"];
    CHECK(r["resultType"] == "input_required");
  }
  SECTION("an answer without the requestState that asked for it answers nothing: the question is asked") {
    json bare = retry;
    bare.erase("requestState");
    bare["inputResponses"] = answer;
    auto r = c.request("tools/call", bare)["result"];
    CHECK(r["resultType"] == "input_required");
    CHECK(r["inputRequests"].contains("user_name"));
  }
  SECTION("an answer of the wrong shape, or inputResponses null, is -32602") {
    CHECK(with({{"inputResponses", {{"user_name", 12345}}}})["error"]["code"] == -32602);
    CHECK(with({{"inputResponses", nullptr}})["error"]["code"] == -32602);
  }
}

TEST_CASE("2026: a requestState belongs to the call's arguments; replayed with others it is refused",
          "[protocol][context][modern]") {
  auto server = context_server();
  Client c(*server);
  json meta = modern_meta({{"elicitation", json::object()}});
  json asked = {
      {"name", "test_input_required_result_elicitation"}, {"_meta", meta}, {"arguments", {{"who", "a"}}}};
  auto r1 = c.request("tools/call", asked)["result"];
  REQUIRE(r1["resultType"] == "input_required");
  json retry = asked;
  retry["requestState"] = r1["requestState"];
  retry["inputResponses"] = {{"user_name", {{"action", "accept"}, {"content", {{"name", "Alice"}}}}}};
  CHECK(c.request("tools/call", retry)["result"]["content"][0]["text"] == "Hello, Alice!");
  retry["arguments"] = {{"who", "b"}};
  auto replayed = c.request("tools/call", retry);
  CHECK(replayed["error"]["code"] == -32602);
  CHECK(replayed["error"]["message"].get<std::string>().find("requestState") != std::string::npos);
}

TEST_CASE("2026: state travels sealed across rounds; a tampered or moved state is refused",
          "[protocol][context][modern]") {
  auto server = context_server();
  Client c(*server);
  json meta = modern_meta({{"elicitation", json::object()}});
  auto tool = [&](const char* name, json extra) {
    json params = {{"name", name}, {"_meta", meta}};
    for (auto& [k, v] : extra.items()) params[k] = v;
    return c.request("tools/call", params)["result"];
  };
  auto accept = [](json content) { return json{{"action", "accept"}, {"content", std::move(content)}}; };
  auto r1 = tool("test_input_required_result_multi_round", {});
  REQUIRE(r1["resultType"] == "input_required");
  auto r2 = tool(
      "test_input_required_result_multi_round",
      {{"requestState", r1["requestState"]}, {"inputResponses", {{"step1", accept({{"name", "Alice"}})}}}});
  REQUIRE(r2["resultType"] == "input_required");
  CHECK(r2["inputRequests"].contains("step2"));
  CHECK(r2["requestState"] != r1["requestState"]);
  auto r3 = tool(
      "test_input_required_result_multi_round",
      {{"requestState", r2["requestState"]}, {"inputResponses", {{"step2", accept({{"color", "blue"}})}}}});
  CHECK(r3["content"][0]["text"] == "Alice likes blue");

  auto t1 = tool("test_input_required_result_tampered_state", {});
  std::string state = t1["requestState"];
  auto tampered = c.request("tools/call", {{"name", "test_input_required_result_tampered_state"},
                                           {"_meta", meta},
                                           {"requestState", state + "-TAMPERED"},
                                           {"inputResponses", {{"confirm", accept({{"ok", true}})}}}});
  CHECK(tampered["error"]["code"] == -32602);
  // A state issued for one tool is no good for another.
  auto moved = c.request("tools/call", {{"name", "test_input_required_result_request_state"},
                                        {"_meta", meta},
                                        {"requestState", state},
                                        {"inputResponses", {{"confirm", accept({{"ok", true}})}}}});
  CHECK(moved["error"]["code"] == -32602);
}

TEST_CASE("2026: a request needing an undeclared capability is -32021 with HTTP 400",
          "[protocol][context][modern]") {
  auto server = context_server();
  Client c(*server);
  auto sink = c.post(call("test_missing_capability", modern_meta()));
  sink->wait_finished(1);
  auto r = sink->messages().back();
  CHECK(r["error"]["code"] == -32021);
  CHECK(r["error"]["data"]["requiredCapabilities"] == json{{"sampling", json::object()}});
  CHECK(transport::http_rules::http_status_for(sink->dispositions()[0]) == 400);
}

TEST_CASE("2026: input_required only on tools/call, prompts/get and resources/read",
          "[protocol][context][modern]") {
  auto server = context_server();
  Client c(*server);
  auto p = c.request("prompts/get", {{"name", "test_input_required_result_prompt"},
                                     {"_meta", modern_meta({{"elicitation", json::object()}})}});
  CHECK(p["result"]["resultType"] == "input_required");
  CHECK(c.request("tools/list", {{"_meta", modern_meta()}})["result"]["resultType"] == "complete");
}

TEST_CASE("subscriptions/listen: acknowledged first, every notification tagged, the filter honoured",
          "[protocol][context][modern]") {
  auto server = context_server();
  Client c(*server);
  auto tools_listener =
      c.post({{"jsonrpc", "2.0"},
              {"id", "L1"},
              {"method", "subscriptions/listen"},
              {"params", {{"_meta", modern_meta()}, {"notifications", {{"toolsListChanged", true}}}}}});
  auto prompts_listener =
      c.post({{"jsonrpc", "2.0"},
              {"id", "L2"},
              {"method", "subscriptions/listen"},
              {"params",
               {{"_meta", modern_meta()},
                {"notifications",
                 {{"promptsListChanged", true}, {"resourceSubscriptions", {"test://watched-resource"}}}}}}});
  auto ack = tools_listener->wait_for(1);
  REQUIRE(ack.size() == 1);
  CHECK(ack[0]["method"] == "notifications/subscriptions/acknowledged");
  CHECK(ack[0]["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"] == "L1");
  CHECK(ack[0]["params"]["notifications"] == json{{"toolsListChanged", true}});
  c.request("tools/call", {{"name", "test_trigger_tool_change"}, {"_meta", modern_meta()}});
  server->notify_resource_updated("test://watched-resource");
  auto tools_msgs = tools_listener->wait_for(2);
  REQUIRE(tools_msgs.size() == 2);
  CHECK(tools_msgs[1]["method"] == "notifications/tools/list_changed");
  CHECK(tools_msgs[1]["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"] == "L1");
  auto prompt_msgs = prompts_listener->wait_for(2);
  REQUIRE(prompt_msgs.size() == 2);
  CHECK(prompt_msgs[1]["method"] == "notifications/resources/updated");
  CHECK(prompt_msgs[1]["params"]["uri"] == "test://watched-resource");
  CHECK(tools_listener->messages().size() == 2);  // no resource update for the tools listener
  // Cancelling the listen request ends its stream.
  c.post({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", "L1"}}}});
  CHECK(tools_listener->wait_finished(1) == 1);
  c.request("tools/call", {{"name", "test_trigger_tool_change"}, {"_meta", modern_meta()}});
  CHECK(tools_listener->messages().size() == 2);
}

TEST_CASE("2025: list changes and subscribed resource updates reach the peer's standalone channel",
          "[protocol][context][legacy]") {
  auto server = context_server();
  Client c(*server);
  c.initialize();
  c.request("resources/subscribe", {{"uri", "test://watched-resource"}});
  server->notify_resource_updated("test://watched-resource");
  server->notify_resource_updated("test://other");
  c.request("tools/call", {{"name", "test_trigger_prompt_change"}});
  auto msgs = c.standalone()->wait_for(2);
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0]["method"] == "notifications/resources/updated");
  CHECK(msgs[1]["method"] == "notifications/prompts/list_changed");
  c.request("resources/unsubscribe", {{"uri", "test://watched-resource"}});
  server->notify_resource_updated("test://watched-resource");
  CHECK(c.standalone()->messages().size() == 2);
}

TEST_CASE("resources/subscribe refuses URIs that name no resource and bounds a session's subscriptions",
          "[protocol][context][legacy]") {
  auto server = context_server();
  Client c(*server);
  c.initialize();
  // Issue 16: every unknown URI was kept for the session's life (1 MB each).
  json r = c.request("resources/subscribe", {{"uri", "test://no-such-" + std::string(1000, 'x')}});
  CHECK(r["error"]["code"] == -32002);
  CHECK(r["error"]["data"]["uri"].get<std::string>().rfind("test://no-such-", 0) == 0);
  server->notify_resource_updated("test://no-such-" + std::string(1000, 'x'));
  CHECK(c.standalone()->messages().empty());  // nothing was kept

  auto uri = [](int i) { return "test://template/" + std::to_string(i) + "/data"; };
  for (int i = 0; i < 1000; ++i)
    REQUIRE(c.request("resources/subscribe", {{"uri", uri(i)}})["result"] == json::object());
  r = c.request("resources/subscribe", {{"uri", uri(1000)}});
  CHECK(r["error"]["code"] == -32602);
  CHECK(r["error"]["message"].get<std::string>().find("at most 1000") != std::string::npos);
  CHECK(c.request("resources/subscribe", {{"uri", uri(7)}})["result"] == json::object());  // already held
  c.request("resources/unsubscribe", {{"uri", uri(7)}});
  CHECK(c.request("resources/subscribe", {{"uri", uri(1000)}})["result"] == json::object());
  server->notify_resource_updated(uri(1000));
  auto msgs = c.standalone()->wait_for(1);
  REQUIRE(msgs.size() == 1);
  CHECK(msgs[0]["params"]["uri"] == uri(1000));
}

TEST_CASE("2026: one subscriptions/listen watches at most 1000 resources", "[protocol][context][modern]") {
  auto server = context_server();
  Client c(*server);
  json uris = json::array();
  for (int i = 0; i < 1001; ++i) uris.push_back("test://template/" + std::to_string(i) + "/data");
  json r = c.request("subscriptions/listen",
                     {{"_meta", modern_meta()}, {"notifications", {{"resourceSubscriptions", uris}}}});
  CHECK(r["error"]["code"] == -32602);
  CHECK(r["error"]["message"].get<std::string>().find("at most 1000") != std::string::npos);
}
