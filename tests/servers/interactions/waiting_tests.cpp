// Waiting questions cost no thread: many wait at once while other calls answer promptly; a
// session may have only so many waiting; a form answer that does not fit (malformed, wrongly
// typed, custom text where none is allowed, an unknown action) leaves the question waiting in the
// inbox, in both eras; a 2026 requestState or inputResponses cannot answer another call's question.
#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "watcher.hpp"

using namespace sciorex;
using test::Client;
using test::json;
using test::modern_meta;
using Clock = std::chrono::steady_clock;

namespace {

using Fixture = test::InboxFixture;
using test::call;
using test::result_of;

// Waits (at most 5 s) until the watcher holds `n` questions. Nothing signals a change of its size:
// a bounded poll.
bool watching(Fixture& f, std::size_t n) {
  return testing::poll_until([&] { return f.inbox->watcher().size() == n; }, std::chrono::seconds(5),
                             std::chrono::milliseconds(5));
}

}  // namespace

TEST_CASE(
    "300 questions wait at once without holding threads; other calls answer at once; answers and cancels "
    "still arrive",
    "[interactions][waiting][hostile]") {
  Fixture f;
  std::vector<Client> clients;
  clients.reserve(6);
  for (int i = 0; i < 6; ++i) {
    clients.emplace_back(*f.server);
    clients.back().initialize();
  }
  std::size_t before = test::thread_count();
  std::vector<std::shared_ptr<test::CollectingSink>> asks;
  for (int i = 0; i < 300; ++i)
    asks.push_back(clients[static_cast<std::size_t>(i % 6)].post(
        call("sciorex_ask_user", {{"question", "Q" + std::to_string(i)}}, i, {{"progressToken", i}})));
  REQUIRE(f.wait_pending(300));
  CHECK(f.inbox->watcher().size() == 300);
  std::size_t during = test::thread_count();
  INFO("threads before " << before << ", with 300 questions waiting " << during);
  CHECK(during <=
        before + protocol::ServerOptions{}.max_worker_threads + 1);  // the pool and the watcher (was 258)

  auto start = Clock::now();
  auto note = clients[0].post(call("sciorex_notify_user", {{"message", "still here"}}, "n"));
  REQUIRE(note->wait_finished(1, std::chrono::seconds(2)) == 1);
  auto notify_took = Clock::now() - start;
  CHECK(notify_took < std::chrono::milliseconds(500));
  WARN("300 questions waiting: threads "
       << before << " -> " << during << "; sciorex_notify_user answered in "
       << std::chrono::duration_cast<std::chrono::microseconds>(notify_took).count() << " us");
  CHECK(note->messages().back()["result"]["structuredContent"]["delivered"] == true);

  // A person answers one from another terminal; another call is cancelled: both still work.
  auto first = f.inbox->repo().list(true, 500);
  std::string q0;
  for (const auto& i : first)
    if (i.summary == "Q0") q0 = i.id;
  f.answer_from_elsewhere(q0,
                          {{"selectedOptions", json::array()}, {"customText", "yes"}, {"skipped", false}});
  CHECK(result_of(asks[0])["structuredContent"]["customText"] == "yes");
  clients[1].post(
      {{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 1}}}});
  REQUIRE(asks[1]->wait_finished(1, std::chrono::seconds(5)) == 1);
  CHECK(asks[1]->dispositions().at(0).cancelled);  // no answer after the cancel
  for (const auto& m : asks[1]->messages()) CHECK_FALSE(m.contains("result"));
  CHECK(watching(f, 298));
  CHECK(f.pending() == 298);  // the cancelled one was withdrawn
}

TEST_CASE(
    "a session may have only so many questions waiting; past that a clear tool error and nothing stored",
    "[interactions][waiting][hostile]") {
  interactions::Options o;
  o.max_waiting_per_session = 2;
  o.max_waiting = 3;
  Fixture f(o);
  Client a(*f.server), b(*f.server);
  a.initialize();
  b.initialize();
  auto a1 = a.post(call("sciorex_ask_user", {{"question", "A1"}}, 1));
  auto a2 = a.post(call("sciorex_ask_user", {{"question", "A2"}}, 2));
  REQUIRE(f.wait_pending(2));
  auto refused = result_of(a.post(call("sciorex_ask_user", {{"question", "A3"}}, 3)));
  CHECK(refused["isError"] == true);
  CHECK(refused["content"][0]["text"].get<std::string>().find("already has 2 questions waiting") !=
        std::string::npos);
  CHECK(f.pending() == 2);
  // Another session still may, up to the server's cap.
  auto b1 = b.post(call("sciorex_request_approval", {{"action", "B1"}, {"reason", "r"}}, 1));
  REQUIRE(f.wait_pending(3));
  auto full = result_of(b.post(call("sciorex_ask_user", {{"question", "B2"}}, 2)));
  CHECK(full["content"][0]["text"].get<std::string>().find("Too many questions are waiting") !=
        std::string::npos);
  CHECK(f.pending() == 3);
  // Once one ends, there is room again.
  a.post({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 1}}}});
  REQUIRE(a1->wait_finished(1) == 1);
  REQUIRE(watching(f, 2));
  auto again = result_of(a.post(call("sciorex_ask_user", {{"question", "A4"}, {"timeoutSeconds", 1}}, 4)));
  CHECK(again["structuredContent"]["status"] == "pending");
}

TEST_CASE("2025: a form answer that does not fit leaves the question waiting in the inbox until its deadline",
          "[interactions][waiting][elicitation][hostile]") {
  Fixture f;
  Client c(*f.server);
  c.initialize({{"elicitation", json::object()}});
  struct Case {
    json args;
    json reply;
  };
  json single = {
      {"question", "Q?"}, {"options", {"a", "b"}}, {"allowCustomText", false}, {"timeoutSeconds", 1}};
  json approval = {{"action", "Deploy"}, {"reason", "r"}, {"timeoutSeconds", 1}};
  std::vector<Case> cases = {
      {single, {{"result", nullptr}}},                                                   // malformed
      {single, {{"result", {{"action", "accept"}, {"content", {{"choice", {"a"}}}}}}}},  // wrongly typed
      {single,
       {{"result",
         {{"action", "accept"}, {"content", {{"choice", "a"}, {"customText", "x"}}}}}}},     // no custom text
      {single, {{"result", {{"action", "maybe"}}}}},                                         // unknown action
      {approval, {{"result", {{"action", "accept"}, {"content", {{"approved", "yes"}}}}}}},  // not a boolean
      {approval, {{"error", {{"code", -32603}, {"message", "the form broke"}}}}},  // the form failed
  };
  std::vector<std::shared_ptr<test::CollectingSink>> sinks;  // all at once: each waits out its second
  for (std::size_t i = 0; i < cases.size(); ++i) {
    bool is_approval = cases[i].args.contains("action");
    sinks.push_back(c.post(call(is_approval ? "sciorex_request_approval" : "sciorex_ask_user", cases[i].args,
                                static_cast<int>(i))));
  }
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto ask = sinks[i]->wait_for(1).at(0);
    REQUIRE(ask["method"] == "elicitation/create");
    json reply = cases[i].reply;
    reply["jsonrpc"] = "2.0";
    reply["id"] = ask["id"];
    c.post(reply);
  }
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO("case " << i << ": " << cases[i].reply.dump());
    auto r = result_of(sinks[i]);
    CHECK_FALSE(r.contains("isError"));
    CHECK(r["structuredContent"]["status"] == "pending");  // not skipped, not an error: still asked
    CHECK(f.inbox->repo().get(r["structuredContent"]["interactionId"]).status ==
          storage::InteractionStatus::Pending);
  }
}

TEST_CASE("2025: while the form is out, an answer from the inbox ends the wait",
          "[interactions][waiting][elicitation]") {
  Fixture f;
  Client c(*f.server);
  c.initialize({{"elicitation", json::object()}});
  auto sink = c.post(call("sciorex_ask_user", {{"question", "Colour?"}}));
  REQUIRE(sink->wait_for(1).at(0)["method"] == "elicitation/create");
  REQUIRE(f.wait_pending(1));
  std::string id = f.inbox->repo().list(true).at(0).id;
  f.answer_from_elsewhere(id,
                          {{"selectedOptions", json::array()}, {"customText", "teal"}, {"skipped", false}});
  auto r = result_of(sink)["structuredContent"];
  CHECK(r["customText"] == "teal");
  CHECK(r["answeredVia"] == "inbox");
}

TEST_CASE(
    "2026: an answer that does not fit waits in the inbox; input without the requestState that asked is no "
    "answer",
    "[interactions][waiting][modern][hostile]") {
  Fixture f;
  Client c(*f.server);
  json meta = modern_meta({{"elicitation", json::object()}});
  json args = {
      {"question", "Q?"}, {"options", {"a", "b"}}, {"allowCustomText", false}, {"timeoutSeconds", 1}};
  auto tool = [&](json extra) {
    json params = {{"name", "sciorex_ask_user"}, {"arguments", args}, {"_meta", meta}};
    for (auto& [k, v] : extra.items()) params[k] = v;
    return c.request("tools/call", params);
  };
  auto accept = [](json content) {
    return json{{"answer", {{"action", "accept"}, {"content", std::move(content)}}}};
  };

  SECTION("custom text where none is allowed, a wrongly typed choice, an unknown action") {
    for (const json& answer : {accept({{"choice", "a"}, {"customText", "x"}}), accept({{"choice", {"a"}}}),
                               json{{"answer", {{"action", "maybe"}}}}}) {
      INFO(answer.dump());
      auto r1 = tool(json::object())["result"];
      REQUIRE(r1["resultType"] == "input_required");
      auto r2 = tool({{"requestState", r1["requestState"]}, {"inputResponses", answer}})["result"];
      CHECK(r2["resultType"] == "complete");
      CHECK(r2["structuredContent"]["status"] == "pending");
      CHECK(f.inbox->repo().get(r2["structuredContent"]["interactionId"]).status ==
            storage::InteractionStatus::Pending);
    }
  }
  SECTION("inputResponses without requestState ask the question instead of answering it") {
    auto r = tool({{"inputResponses", accept({{"choice", "a"}})}})["result"];
    CHECK(r["resultType"] == "input_required");
    auto all = f.inbox->repo().list(false);
    REQUIRE(all.size() == 1);
    CHECK(all[0].status == storage::InteractionStatus::Pending);
  }
  SECTION("a requestState replayed on a call with other arguments is refused") {
    auto r1 = tool(json::object())["result"];
    auto r2 =
        tool({{"requestState", r1["requestState"]}, {"inputResponses", accept({{"choice", "b"}})}})["result"];
    REQUIRE(r2["structuredContent"]["selectedOptions"] == json::array({"b"}));
    args["question"] = "Delete the production database?";
    auto replayed = tool({{"requestState", r1["requestState"]}});
    CHECK(replayed["error"]["code"] == -32602);
  }
}
