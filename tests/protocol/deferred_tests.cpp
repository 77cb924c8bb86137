// RequestContext::defer(): a tools/call suspended without holding a thread and finished later,
// from another thread, exactly once; cancellation, dropping, shutdown, and a 2025 client's input
// request read without waiting.
#include <catch2/catch.hpp>
#include <map>

#include "sciorex/protocol/deferred.hpp"
#include "test_support.hpp"

using namespace sciorex;
using protocol::DeferredCall;
using test::Client;
using test::json;

namespace {

// The calls the "wait" tool suspended, for the test to finish.
struct Held {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::shared_ptr<DeferredCall>> calls;   // in the order they were deferred
  std::map<int, std::shared_ptr<DeferredCall>> by_n;  // by the call's argument n

  void add(int n, std::shared_ptr<DeferredCall> c) {
    std::lock_guard lock(mu);
    calls.push_back(c);
    by_n[n] = std::move(c);
    cv.notify_all();
  }
  std::vector<std::shared_ptr<DeferredCall>> wait_for(std::size_t n) {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return calls.size() >= n; });
    return calls;
  }
  void clear() {
    std::lock_guard lock(mu);
    calls.clear();
    by_n.clear();
  }
};

std::unique_ptr<protocol::Server> server_with(Held& held, std::size_t workers = 4) {
  protocol::ServerOptions o;
  o.max_worker_threads = workers;
  auto s = std::make_unique<protocol::Server>(protocol::ServerInfo{"deferred-test", "1.0", "", "", ""}, o);
  json schema = {{"type", "object"}};
  s->add_tool({{{"name", "wait"}, {"inputSchema", schema}}, false},
              [&held](const json& args, protocol::RequestContext& ctx) {
                auto call = ctx.defer();
                if (!call) throw std::logic_error("a tools/call could not be deferred");
                held.add(args.value("n", -1), call);
                return protocol::ToolResult::text("ignored: the deferred call answers");
              });
  s->add_tool({{{"name", "now"}, {"inputSchema", schema}}, false},
              [](const json&, protocol::RequestContext&) { return protocol::ToolResult::text("now"); });
  return s;
}

json numbered_call(const std::string& tool, json id, json meta = json::object()) {
  json params = {{"name", tool}, {"arguments", {{"n", id.is_number_integer() ? id.get<int>() : -1}}}};
  if (!meta.empty()) params["_meta"] = std::move(meta);
  return {{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"method", "tools/call"}, {"params", std::move(params)}};
}

// A server whose "wait" tool was called once (request `id`) and is now deferred.
struct OneWaiting {
  Held held;
  std::unique_ptr<protocol::Server> server = server_with(held);
  Client c{*server};
  std::shared_ptr<test::CollectingSink> sink;
  std::shared_ptr<DeferredCall> deferred;

  explicit OneWaiting(json id) {
    c.initialize();
    sink = c.post(numbered_call("wait", std::move(id)));
    auto calls = held.wait_for(1);
    if (calls.size() != 1) throw std::runtime_error("the call was not deferred");
    deferred = calls[0];
  }
};

}  // namespace

TEST_CASE(
    "200 deferred calls wait on a pool of 4 threads; other calls answer at once; each answers when completed",
    "[protocol][deferred]") {
  Held held;
  auto server = server_with(held);
  Client c(*server);
  c.initialize();
  std::size_t before = test::thread_count();
  std::vector<std::shared_ptr<test::CollectingSink>> sinks;
  for (int i = 0; i < 200; ++i) sinks.push_back(c.post(numbered_call("wait", i, {{"progressToken", i}})));
  auto calls = held.wait_for(200);
  REQUIRE(calls.size() == 200);
  CHECK(test::thread_count() <= before + 4);
  auto quick = c.post(numbered_call("now", "quick"));
  REQUIRE(quick->wait_finished(1, std::chrono::seconds(2)) == 1);
  CHECK(quick->messages().back()["result"]["content"][0]["text"] == "now");
  for (auto& s : sinks) CHECK(s->messages().empty());  // the handlers' own return values were not sent

  auto& by_n = held.by_n;
  by_n[7]->progress(1, 2, "half way");
  for (auto& [n, c] : by_n) c->complete(protocol::ToolResult::text("done " + std::to_string(n)));
  by_n[3]->complete(protocol::ToolResult::text("twice"));  // ignored: a call answers once
  for (std::size_t i = 0; i < sinks.size(); ++i) {
    REQUIRE(sinks[i]->wait_finished(1) == 1);
    CHECK(sinks[i]->messages().back()["result"]["content"][0]["text"] == "done " + std::to_string(i));
  }
  CHECK(sinks[3]->messages().size() == 1);
  auto progressed = sinks[7]->messages();
  REQUIRE(progressed.size() == 2);
  CHECK(progressed[0]["method"] == "notifications/progress");
  CHECK(progressed[0]["params"]["message"] == "half way");
}

TEST_CASE("a cancelled deferred call says so, and what it then answers is discarded",
          "[protocol][deferred]") {
  OneWaiting w("x");
  CHECK_FALSE(w.deferred->cancelled());
  w.c.post({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", "x"}}}});
  CHECK(w.deferred->cancelled());
  w.deferred->complete(protocol::ToolResult::text("too late"));
  REQUIRE(w.sink->wait_finished(1) == 1);
  CHECK(w.sink->messages().empty());
  CHECK(w.sink->dispositions().at(0).cancelled);
}

TEST_CASE("a deferred call dropped unfinished answers an internal error instead of hanging",
          "[protocol][deferred]") {
  OneWaiting w(1);
  w.held.clear();
  w.deferred.reset();
  REQUIRE(w.sink->wait_finished(1) == 1);
  CHECK(w.sink->messages().back()["error"]["code"] == -32603);
}

TEST_CASE("drain waits for deferred calls; once the server is gone they are cancelled and finish nothing",
          "[protocol][deferred]") {
  OneWaiting w(1);
  auto start = std::chrono::steady_clock::now();
  w.server->drain(std::chrono::milliseconds(100));
  CHECK(std::chrono::steady_clock::now() - start >=
        std::chrono::milliseconds(100));  // it waited for the call
  w.server.reset();
  CHECK(w.deferred->cancelled());
  w.deferred->progress(1);
  w.deferred->complete(protocol::ToolResult::text("after the end"));
  CHECK(w.sink->wait_finished(1, std::chrono::milliseconds(0)) == 0);
}

TEST_CASE("2025: a deferred call asks the client and reads the answer when it comes",
          "[protocol][deferred]") {
  Held held;
  auto server = server_with(held);
  Client c(*server);
  c.initialize({{"elicitation", json::object()}});
  auto form =
      protocol::InputRequest::elicit_form("Name?", {{"type", "object"}, {"properties", json::object()}});
  json replies[] = {json{{"result", {{"action", "decline"}}}},
                    json{{"error", {{"code", -1}, {"message", "no"}}}}, json{{"result", nullptr}},
                    json{{"result", {{"action", "maybe"}}}}};
  for (std::size_t i = 0; i < std::size(replies); ++i) {
    auto sink = c.post(numbered_call("wait", static_cast<int>(i)));
    auto calls = held.wait_for(i + 1);
    REQUIRE(calls.size() == i + 1);
    auto& deferred = calls[i];
    CHECK_FALSE(deferred->input_response());  // nothing asked yet
    REQUIRE(deferred->send_input_request(form));
    CHECK_FALSE(deferred->send_input_request(form));  // one at a time
    auto sent = sink->wait_for(1).at(0);
    CHECK(sent["method"] == "elicitation/create");
    CHECK_FALSE(deferred->input_response());  // not answered yet
    json reply = replies[i];
    reply["jsonrpc"] = "2.0";
    reply["id"] = sent["id"];
    c.post(reply);
    if (i == 0) {
      auto answer = deferred->input_response();
      REQUIRE(answer);
      CHECK((*answer)["action"] == "decline");
    } else {
      INFO(reply.dump());  // an error, or an answer of the wrong shape, ends the request
      CHECK_THROWS_AS(deferred->input_response(), protocol::RpcError);
      CHECK_FALSE(deferred->input_response());
    }
    deferred->complete(protocol::ToolResult::text("ok"));
    REQUIRE(sink->wait_finished(1) == 1);
  }
}

TEST_CASE("2026: a deferred call sends no input request (the client answers through input_required rounds)",
          "[protocol][deferred][modern]") {
  Held held;
  auto server = server_with(held);
  Client c(*server);
  auto sink = c.post(numbered_call("wait", 1, test::modern_meta({{"elicitation", json::object()}})));
  auto calls = held.wait_for(1);
  REQUIRE(calls.size() == 1);
  CHECK_FALSE(
      calls[0]->send_input_request(protocol::InputRequest::elicit_form("Name?", {{"type", "object"}})));
  calls[0]->complete(protocol::ToolResult::text("ok"));
  REQUIRE(sink->wait_finished(1) == 1);
  CHECK(sink->messages().back()["result"]["resultType"] == "complete");
}
