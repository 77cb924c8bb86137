// The tasks extension (io.modelcontextprotocol/tasks, 2026): task creation by become_task(),
// tasks/get, input through tasks/update, cancellation, expiry and the task cap, and the errors.
// A test waits for a task's round with Server::drain() (the worker pool signals when it is idle)
// and for its own handlers with a Signal; it never polls tasks/get on a timer.
#include <catch2/catch.hpp>
#include <thread>

#include "../conformance_server/fixture.hpp"
#include "sciorex/protocol/errors.hpp"
#include "test_support.hpp"
#include "wait_until.hpp"

using namespace sciorex;
using namespace std::chrono_literals;
using test::Client;
using test::json;
using test::modern_meta;
using testing::Signal;

namespace {

const char* const kExt = "io.modelcontextprotocol/tasks";

json with_tasks(json caps = json::object()) {
  caps["extensions"][kExt] = json::object();
  return caps;
}

// A 2026 request; the whole response.
json send(Client& c, const std::string& method, json params, const json& caps,
          const protocol::HttpHeaders* http = nullptr) {
  params["_meta"] = modern_meta(caps);
  auto sink =
      c.post({{"jsonrpc", "2.0"}, {"id", 7}, {"method", method}, {"params", std::move(params)}}, http);
  sink->wait_finished(1);
  auto all = sink->messages();
  return all.empty() ? json() : all.back();
}

json call_tool(Client& c, const std::string& name, json args = json::object(),
               const json& caps = with_tasks()) {
  return send(c, "tools/call", {{"name", name}, {"arguments", std::move(args)}}, caps);
}

json get_task(Client& c, const std::string& id) {
  return send(c, "tasks/get", {{"taskId", id}}, with_tasks());
}

// The task's tasks/get result once the rounds in flight ended (completed, failed or parked for
// input): Server::drain waits (at most 5 s) until the worker pool that runs them is idle.
json settled(protocol::Server& server, Client& c, const std::string& id) {
  server.drain(5s);
  return get_task(c, id)["result"];
}

std::unique_ptr<protocol::Server> tasks_server(protocol::ServerOptions options = {}) {
  auto s =
      std::make_unique<protocol::Server>(protocol::ServerInfo{"test-server", "1.0", "", "", ""}, options);
  fixture::register_task_tools(*s);
  return s;
}

}  // namespace

TEST_CASE("tasks: discover advertises the extension; 2025 clients see no tasks", "[protocol][tasks]") {
  auto server = tasks_server();
  Client c(*server);
  auto discover = send(c, "server/discover", json::object(), json::object());
  CHECK(discover["result"]["capabilities"]["extensions"][kExt] == json::object());
  CHECK_FALSE(discover["result"]["capabilities"].contains("tasks"));

  auto modern = send(c, "tools/list", json::object(), json::object())["result"]["tools"];
  for (auto& t : modern)
    if (t["name"] == "slow_compute") CHECK(t["execution"]["taskSupport"] == "optional");

  Client legacy(*server);
  auto init = legacy.initialize(with_tasks());
  CHECK_FALSE(init["result"]["capabilities"].contains("tasks"));
  // Keep the answer: a range-for over a member of a temporary reads freed memory (ASan).
  json legacy_tools = legacy.request("tools/list")["result"]["tools"];
  for (auto& t : legacy_tools) CHECK_FALSE(t.contains("execution"));
  // A task-required tool runs synchronously for a 2025 client, which has no tasks here.
  auto r = legacy.request("tools/call", {{"name", "failing_job"}, {"arguments", json::object()}});
  CHECK(r["result"]["isError"] == true);
  CHECK(legacy.request("tasks/get", {{"taskId", "x"}})["error"]["code"] == -32601);
}

TEST_CASE("tasks: lifecycle from CreateTaskResult to the inlined result", "[protocol][tasks]") {
  auto server = tasks_server();
  Client c(*server);
  auto created = call_tool(c, "slow_compute", {{"seconds", 0.3}, {"label", "one"}})["result"];
  REQUIRE(created["resultType"] == "task");
  std::string id = created["taskId"];
  CHECK(id.size() == 32);
  CHECK(created["status"] == "working");
  CHECK(created["ttlMs"].is_number_integer());
  CHECK(created["pollIntervalMs"].is_number_integer());
  CHECK(created["createdAt"].get<std::string>().ends_with("Z"));
  for (const char* absent :
       {"task", "result", "error", "inputRequests", "requestState", "ttl", "pollInterval"})
    CHECK_FALSE(created.contains(absent));

  auto now = get_task(c, id)["result"];  // resolvable at once (durable creation)
  CHECK(now["resultType"] == "complete");
  CHECK(now["taskId"] == id);
  CHECK(now["status"] == "working");
  CHECK_FALSE(now.contains("result"));

  auto done = settled(*server, c, id);
  CHECK(done["status"] == "completed");
  CHECK(done["result"]["content"][0]["text"] == "Computed one after 0.3 s");
  CHECK(done["result"]["resultType"] == "complete");
  CHECK_FALSE(done["result"].contains("_meta"));

  SECTION("the immediate path and sync tools answer synchronously") {
    auto instant = call_tool(c, "slow_compute", {{"seconds", 0}})["result"];
    CHECK(instant["resultType"] == "complete");
    CHECK_FALSE(instant.contains("taskId"));
    auto greet =
        send(c, "tools/call", {{"name", "greet"}, {"arguments", {{"name", "W"}}}, {"task", {{"ttl", 1000}}}},
             with_tasks())["result"];
    CHECK(greet["content"][0]["text"] == "Hello, W!");
    CHECK_FALSE(greet.contains("taskId"));
  }
  SECTION("without the extension a task-supporting tool runs synchronously") {
    auto sync = call_tool(c, "slow_compute", {{"seconds", 0.05}}, json::object())["result"];
    CHECK(sync["resultType"] == "complete");
    CHECK(sync["content"][0]["text"] == "Computed job after 0.05 s");
  }
}

TEST_CASE("tasks: tool errors complete with isError, protocol errors fail", "[protocol][tasks]") {
  auto server = tasks_server();
  Client c(*server);
  std::string failing = call_tool(c, "failing_job")["result"]["taskId"];
  std::string broken = call_tool(c, "protocol_error_job")["result"]["taskId"];
  auto f = settled(*server, c, failing);
  CHECK(f["status"] == "completed");
  CHECK(f["result"]["isError"] == true);
  auto b = settled(*server, c, broken);
  CHECK(b["status"] == "failed");
  CHECK(b["error"]["code"] == -32603);
  CHECK(b["error"]["message"] == "protocol_error_job failed on purpose");
  CHECK_FALSE(b.contains("result"));
}

TEST_CASE("tasks: cancellation reaches the handler and is idempotent", "[protocol][tasks]") {
  protocol::Server server({"test-server", "1.0", "", "", ""});
  Signal in_task, saw_cancel;
  server.add_tool(
      {json{{"name", "wait"}, {"inputSchema", {{"type", "object"}}}}, false, protocol::TaskSupport::optional},
      [&](const json&, protocol::RequestContext& ctx) {
        if (ctx.become_task()) in_task.notify();
        if (ctx.sleep_for(30s)) saw_cancel.notify();
        return protocol::ToolResult::text("finished");
      });
  Client c(server);
  std::string id = call_tool(c, "wait")["result"]["taskId"];
  REQUIRE(in_task.wait());  // the round is running
  auto ack = send(c, "tasks/cancel", {{"taskId", id}}, with_tasks())["result"];
  CHECK(ack.value("resultType", "") == "complete");
  for (const char* absent : {"taskId", "status", "result", "error", "inputRequests"})
    CHECK_FALSE(ack.contains(absent));
  CHECK(get_task(c, id)["result"]["status"] == "cancelled");
  CHECK(saw_cancel.wait());
  server.drain(5s);  // the round ended: the handler's late result is discarded
  CHECK(get_task(c, id)["result"]["status"] == "cancelled");
  CHECK(send(c, "tasks/cancel", {{"taskId", id}}, with_tasks())["result"]["resultType"] == "complete");
}

TEST_CASE("tasks: input_required parks the task until tasks/update answers", "[protocol][tasks]") {
  auto server = tasks_server();
  Client c(*server);
  auto caps = with_tasks({{"elicitation", json::object()}});
  std::string id = call_tool(c, "confirm_delete", {{"filename", "a.txt"}}, caps)["result"]["taskId"];
  auto parked = settled(*server, c, id);
  REQUIRE(parked["status"] == "input_required");
  REQUIRE(parked["inputRequests"].contains("confirm"));
  CHECK(parked["inputRequests"]["confirm"]["method"] == "elicitation/create");
  CHECK_FALSE(parked.contains("requestState"));

  auto update = [&](json responses) {
    return send(c, "tasks/update", {{"taskId", id}, {"inputResponses", responses}}, caps);
  };
  CHECK(update({{"confirm", 12}})["error"]["code"] == -32602);  // malformed answer: refused, nothing recorded
  CHECK(update({{"unknown", {{"ignored", true}}}})["result"]["resultType"] == "complete");
  CHECK(get_task(c, id)["result"]["status"] == "input_required");
  auto ack = update({{"confirm", {{"action", "accept"}, {"content", {{"confirm", true}}}}}})["result"];
  CHECK(ack.value("resultType", "") == "complete");
  CHECK_FALSE(ack.contains("status"));
  auto done = settled(*server, c, id);
  CHECK(done["status"] == "completed");
  CHECK(done["result"]["content"][0]["text"] == "Deleted a.txt");

  SECTION("a partial answer keeps the task waiting for the rest") {
    std::string multi = call_tool(c, "multi_input", json::object(), caps)["result"]["taskId"];
    auto both = settled(*server, c, multi);
    REQUIRE(both["inputRequests"].size() == 2);
    json answer = {{"action", "accept"}, {"content", {{"name", "A"}}}};
    send(c, "tasks/update", {{"taskId", multi}, {"inputResponses", {{"first", answer}}}}, caps);
    auto rest = get_task(c, multi)["result"];
    CHECK(rest["status"] == "input_required");
    CHECK(rest["inputRequests"].size() == 1);
    CHECK(rest["inputRequests"].contains("second"));
    answer["content"]["name"] = "B";
    send(c, "tasks/update", {{"taskId", multi}, {"inputResponses", {{"second", answer}}}}, caps);
    CHECK(settled(*server, c, multi)["result"]["content"][0]["text"] == "Received A and B");
  }
}

TEST_CASE("tasks: input_required rounds before the task carry into it", "[protocol][tasks]") {
  auto server = tasks_server();
  Client c(*server);
  auto caps = with_tasks({{"elicitation", json::object()}});
  auto round1 = call_tool(c, "test_tool_with_task", json::object(), caps)["result"];
  REQUIRE(round1["resultType"] == "input_required");
  CHECK_FALSE(round1.contains("taskId"));
  auto round2 =
      send(c, "tools/call",
           {{"name", "test_tool_with_task"},
            {"arguments", json::object()},
            {"inputResponses", {{"user_name", {{"action", "accept"}, {"content", {{"name", "Alice"}}}}}}},
            {"requestState", round1["requestState"]}},
           caps)["result"];
  REQUIRE(round2["resultType"] == "task");
  CHECK_FALSE(round2.contains("requestState"));
  CHECK(settled(*server, c, round2["taskId"])["result"]["content"][0]["text"] == "Hello, Alice!");
}

TEST_CASE("tasks: the errors", "[protocol][tasks]") {
  auto server = tasks_server();
  Client c(*server);
  for (const char* method : {"tasks/get", "tasks/update", "tasks/cancel"}) {
    auto e =
        send(c, method, {{"taskId", "nope"}, {"inputResponses", json::object()}}, json::object())["error"];
    CHECK(e["code"] == -32021);
    CHECK(e["data"]["requiredCapabilities"]["extensions"].contains(kExt));
    CHECK(send(c, method, {{"taskId", "nope"}, {"inputResponses", json::object()}},
               with_tasks())["error"]["code"] == -32602);
    CHECK(send(c, method, {{"inputResponses", json::object()}}, with_tasks())["error"]["code"] == -32602);
  }
  auto required = call_tool(c, "failing_job", json::object(), json::object())["error"];
  CHECK(required["code"] == -32021);
  CHECK(required["data"]["requiredCapabilities"]["extensions"].contains(kExt));
  // Task status notifications need the extension; with it they are simply not offered.
  CHECK(send(c, "subscriptions/listen", {{"notifications", {{"taskIds", {"a"}}}}},
             json::object())["error"]["code"] == -32021);
  auto listen =
      c.post({{"jsonrpc", "2.0"},
              {"id", 8},
              {"method", "subscriptions/listen"},
              {"params", {{"notifications", {{"taskIds", {"a"}}}}, {"_meta", modern_meta(with_tasks())}}}});
  auto ack = listen->wait_for(1);
  REQUIRE(ack.size() == 1);
  CHECK(ack[0]["method"] == "notifications/subscriptions/acknowledged");
  CHECK_FALSE(ack[0]["params"]["notifications"].contains("taskIds"));
  c.post({{"jsonrpc", "2.0"},
          {"method", "notifications/cancelled"},
          {"params", {{"requestId", 8}, {"_meta", modern_meta(with_tasks())}}}});
  CHECK(listen->wait_finished(1) == 1);
  CHECK(send(c, "tasks/result", {{"taskId", "x"}}, with_tasks())["error"]["code"] == -32601);
  CHECK(send(c, "tasks/list", json::object(), with_tasks())["error"]["code"] == -32601);
}

TEST_CASE("tasks: Mcp-Name must name the task over HTTP", "[protocol][tasks]") {
  auto server = tasks_server();
  Client c(*server);
  std::string id = call_tool(c, "slow_compute", {{"seconds", 5}})["result"]["taskId"];
  protocol::HttpHeaders h;
  h.protocol_version = "2026-07-28";
  h.mcp_method = "tasks/get";
  h.mcp_name = id;
  CHECK(send(c, "tasks/get", {{"taskId", id}}, with_tasks(), &h)["result"]["taskId"] == id);
  h.mcp_name = "another-task";
  CHECK(send(c, "tasks/get", {{"taskId", id}}, with_tasks(), &h)["error"]["code"] == -32020);
  h.mcp_name.reset();
  CHECK(send(c, "tasks/get", {{"taskId", id}}, with_tasks(), &h)["error"]["code"] == -32020);
  send(c, "tasks/cancel", {{"taskId", id}}, with_tasks());
}

TEST_CASE("tasks: expiry after ttl and the cap on tasks held", "[protocol][tasks]") {
  protocol::ServerOptions options;
  options.task_ttl = 200ms;
  options.max_tasks = 2;
  protocol::Server server({"test-server", "1.0", "", "", ""}, options);
  Signal cancelled_rounds;
  server.add_tool(
      {json{{"name", "hold"}, {"inputSchema", {{"type", "object"}}}}, false, protocol::TaskSupport::optional},
      [&](const json&, protocol::RequestContext& ctx) {
        if (!ctx.become_task()) return protocol::ToolResult::text("synchronous");
        if (ctx.sleep_for(30s)) cancelled_rounds.notify();
        return protocol::ToolResult::text("held");
      });
  Client c(server);
  std::string first = call_tool(c, "hold")["result"]["taskId"];
  std::string second = call_tool(c, "hold")["result"]["taskId"];
  REQUIRE_FALSE(first.empty());
  REQUIRE_FALSE(second.empty());
  auto third = call_tool(c, "hold")["result"];  // at the cap: the call stays synchronous
  CHECK(third["resultType"] == "complete");
  CHECK(third["content"][0]["text"] == "synchronous");
  CHECK(get_task(c, first)["result"]["taskId"] == first);  // still within its ttl

  std::this_thread::sleep_for(250ms);  // the ttl passing is what is tested: only time expires a task
  CHECK(get_task(c, first)["error"]["code"] == -32602);  // expired: dropped, its round cancelled
  auto fourth = call_tool(c, "hold")["result"];          // creation sweeps the expired ones
  CHECK(fourth["resultType"] == "task");
  cancelled_rounds.wait(2);
  CHECK(cancelled_rounds.count() == 2);
}
