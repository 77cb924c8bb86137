// The interaction tools through the protocol, in process: the form path in both eras, the inbox
// path answered through another store handle (another process's write), timeouts, cancellation,
// many waiting at once, notifications.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <thread>

#include "fixture.hpp"
#include "interactions.hpp"
#include "sciorex/storage/ticket_repository.hpp"

using namespace sciorex;
using test::Client;
using test::json;
using test::modern_meta;

namespace {

using Fixture = test::InboxFixture;
using test::call;

json structured(const std::shared_ptr<test::CollectingSink>& sink) {
  REQUIRE(sink->wait_finished(1, std::chrono::seconds(10)) == 1);
  return sink->messages().back()["result"]["structuredContent"];
}

// The handler writes the question to the store on a worker thread and nothing signals that:
// a bounded poll of the store (at most 5 s).
std::string wait_for_pending(interactions::Inbox& inbox, std::size_t count) {
  std::string id;
  testing::poll_until(
      [&] {
        auto pending = inbox.repo().list(true, 100);
        if (pending.size() >= count) id = pending.front().id;
        return !id.empty();
      },
      std::chrono::seconds(5));
  if (id.empty()) FAIL("no pending interaction appeared");
  return id;
}

}  // namespace

TEST_CASE(
    "2025 client with elicitation: the question is a form and the answer comes back in the contract's shape",
    "[interactions][elicitation]") {
  Fixture f;
  Client c(*f.server);
  c.initialize({{"elicitation", json::object()}});
  auto sink =
      c.post(call("sciorex_ask_user",
                  {{"question", "S3 or disk?"}, {"options", {"S3", "Disk"}}, {"urgency", "blocking"}}));
  auto msgs = sink->wait_for(1);
  REQUIRE(msgs.size() == 1);
  const json ask = msgs[0];
  CHECK(ask["method"] == "elicitation/create");
  CHECK(ask["params"]["message"].get<std::string>().find("S3 or disk?") != std::string::npos);
  CHECK(ask["params"]["requestedSchema"]["properties"]["choice"]["enum"] == json::array({"S3", "Disk"}));
  SECTION("accept") {
    c.post({{"jsonrpc", "2.0"},
            {"id", ask["id"]},
            {"result", {{"action", "accept"}, {"content", {{"choice", "Disk"}}}}}});
    auto r = structured(sink);
    CHECK(r["status"] == "answered");
    CHECK(r["selectedOptions"] == json::array({"Disk"}));
    CHECK(r["skipped"] == false);
    CHECK(r["answeredVia"] == "elicitation");
    CHECK(f.inbox->repo().get(r["interactionId"]).status == storage::InteractionStatus::Answered);
  }
  SECTION("decline is skipped") {
    c.post({{"jsonrpc", "2.0"}, {"id", ask["id"]}, {"result", {{"action", "decline"}}}});
    auto r = structured(sink);
    CHECK(r["skipped"] == true);
    CHECK(r["selectedOptions"] == json::array());
  }
}

TEST_CASE("2025 approval declined in the form is not approved", "[interactions][elicitation]") {
  Fixture f;
  Client c(*f.server);
  c.initialize({{"elicitation", json::object()}});
  auto sink = c.post(call("sciorex_request_approval",
                          {{"action", "Drop table"}, {"reason", "Migrated"}, {"impact", "high"}}));
  auto ask = sink->wait_for(1).at(0);
  CHECK(ask["params"]["requestedSchema"]["required"] == json::array({"approved"}));
  c.post({{"jsonrpc", "2.0"}, {"id", ask["id"]}, {"result", {{"action", "decline"}}}});
  auto r = structured(sink);
  CHECK(r["approved"] == false);
  CHECK(r["status"] == "answered");
  CHECK(r["answeredVia"] == "elicitation");
}

TEST_CASE(
    "2026 client with elicitation: input_required, then the retry records the answer on the same interaction",
    "[interactions][elicitation][modern]") {
  Fixture f;
  Client c(*f.server);
  json meta = modern_meta({{"elicitation", json::object()}});
  json args = {
      {"action", "Release 2.0"}, {"reason", "All tests pass"}, {"alternatives", {"Release 2.0-rc1"}}};
  auto r1 = c.request("tools/call",
                      {{"name", "sciorex_request_approval"}, {"arguments", args}, {"_meta", meta}})["result"];
  REQUIRE(r1["resultType"] == "input_required");
  CHECK(r1["inputRequests"]["answer"]["method"] == "elicitation/create");
  REQUIRE(f.inbox->repo().list(true).size() == 1);  // stored before anyone answered
  json answer = {{"action", "accept"}, {"content", {{"approved", true}, {"comment", "go"}}}};
  auto r2 = c.request("tools/call", {{"name", "sciorex_request_approval"},
                                     {"arguments", args},
                                     {"_meta", meta},
                                     {"inputResponses", {{"answer", answer}}},
                                     {"requestState", r1["requestState"]}})["result"];
  CHECK(r2["resultType"] == "complete");
  CHECK(r2["structuredContent"]["approved"] == true);
  CHECK(r2["structuredContent"]["userComment"] == "go");
  CHECK(f.inbox->repo().list(false).size() == 1);  // the same interaction, not a second one
}

TEST_CASE("a client without elicitation waits on the inbox and gets the answer given elsewhere",
          "[interactions][inbox]") {
  Fixture f;
  Client c(*f.server);
  c.initialize();
  auto sink = c.post(call("sciorex_ask_user", {{"question", "Which color?"}, {"responseType", "text"}}, 7,
                          {{"progressToken", "t"}}));
  std::string id = wait_for_pending(*f.inbox, 1);
  // Two heartbeats go out while it waits (the fixture beats every 50 ms).
  sink->wait_until([](const std::vector<json>& all) {
    return std::count_if(all.begin(), all.end(), [](const json& m) {
             return m.value("method", "") == "notifications/progress";
           }) >= 2;
  });
  f.answer_from_elsewhere(id,
                          {{"selectedOptions", json::array()}, {"customText", "teal"}, {"skipped", false}});
  auto r = structured(sink);
  CHECK(r["status"] == "answered");
  CHECK(r["customText"] == "teal");
  CHECK(r["answeredVia"] == "inbox");
  int progress = 0;
  double last = -1;
  for (const auto& m : sink->messages())
    if (m.value("method", "") == "notifications/progress") {
      ++progress;
      CHECK(m["params"]["progress"].get<double>() > last);
      last = m["params"]["progress"];
    }
  CHECK(progress >= 2);
}

TEST_CASE("when timeoutSeconds passes the call returns pending; the answer is fetched later",
          "[interactions][inbox]") {
  Fixture f;
  Client c(*f.server);
  c.initialize();
  auto r = structured(c.post(call("sciorex_ask_user", {{"question", "Later?"}, {"timeoutSeconds", 1}})));
  CHECK(r["status"] == "pending");
  std::string id = r["interactionId"];
  auto before = structured(c.post(call("sciorex_get_interaction", {{"interactionId", id}})));
  CHECK(before["status"] == "pending");
  f.answer_from_elsewhere(id,
                          {{"selectedOptions", json::array()}, {"customText", "now"}, {"skipped", false}});
  auto after = structured(c.post(call("sciorex_get_interaction", {{"interactionId", id}})));
  CHECK(after["status"] == "answered");
  CHECK(after["answer"]["customText"] == "now");
  CHECK(after["askedBy"]["id"] == "test-client");
}

TEST_CASE("a cancelled call withdraws its question", "[interactions][inbox]") {
  Fixture f;
  Client c(*f.server);
  c.initialize();
  auto sink = c.post(call("sciorex_ask_user", {{"question", "Still there?"}}, "q"));
  std::string id = wait_for_pending(*f.inbox, 1);
  c.post({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", "q"}}}});
  REQUIRE(sink->wait_finished(1, std::chrono::seconds(5)) == 1);
  CHECK(sink->messages().empty());
  CHECK(f.inbox->repo().get(id).status == storage::InteractionStatus::Withdrawn);
}

TEST_CASE("ten questions wait at once and each answer reaches the call that asked it",
          "[interactions][inbox]") {
  Fixture f;
  Client c(*f.server);
  c.initialize();
  std::vector<std::shared_ptr<test::CollectingSink>> sinks;
  for (int i = 0; i < 10; ++i)
    sinks.push_back(c.post(call("sciorex_ask_user", {{"question", "Q" + std::to_string(i)}}, i)));
  wait_for_pending(*f.inbox, 10);
  auto pending = f.inbox->repo().list(true, 100);
  std::shuffle(pending.begin(), pending.end(), std::mt19937(42));
  for (const auto& p : pending)
    f.answer_from_elsewhere(
        p.id,
        {{"selectedOptions", json::array()}, {"customText", "answer to " + p.summary}, {"skipped", false}});
  for (int i = 0; i < 10; ++i) {
    auto r = structured(sinks[static_cast<std::size_t>(i)]);
    CHECK(r["customText"] == "answer to Q" + std::to_string(i));
  }
}

TEST_CASE("notifications are stored, and sent as a log message only when the client asked",
          "[interactions][notify]") {
  Fixture f;
  Client c(*f.server);
  c.initialize();
  auto quiet = c.post(call("sciorex_notify_user", {{"message", "Build done"}, {"type", "success"}}));
  CHECK(structured(quiet)["sentToClient"] == false);
  CHECK(quiet->messages().size() == 1);
  c.request("logging/setLevel", {{"level", "info"}}, 99);
  auto loud = c.post(call("sciorex_notify_user", {{"message", "Disk almost full"}, {"type", "warning"}}, 2));
  auto r = structured(loud);
  CHECK(r["sentToClient"] == true);
  auto msgs = loud->messages();
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0]["method"] == "notifications/message");
  CHECK(msgs[0]["params"]["level"] == "warning");
  CHECK(msgs[0]["params"]["data"]["message"] == "Disk almost full");
  auto all = f.inbox->repo().list(false);
  REQUIRE(all.size() == 2);
  CHECK(all[0].status == storage::InteractionStatus::Delivered);
}

TEST_CASE("bad arguments and unknown ids are tool errors an agent can act on; the inbox stays untouched",
          "[interactions][errors]") {
  Fixture f;
  Client c(*f.server);
  c.initialize();
  auto error_text = [&](const json& msg) {
    auto sink = c.post(msg);
    sink->wait_finished(1);
    auto r = sink->messages().back()["result"];
    CHECK(r["isError"] == true);
    return r["content"][0]["text"].get<std::string>();
  };
  CHECK(error_text(call("sciorex_ask_user", {{"question", "Q"}, {"ticketId", "T-404"}})).find("T-404") !=
        std::string::npos);
  CHECK(
      error_text(call("sciorex_ask_user", {{"question", "Q"}, {"responseType", "single"}})).find("options") !=
      std::string::npos);
  CHECK(error_text(call("sciorex_ask_user", {{"question", "Q"}, {"urgency", "now!"}})).find("blocking") !=
        std::string::npos);
  CHECK(error_text(call("sciorex_request_approval", {{"action", "x"}})).find("reason") != std::string::npos);
  CHECK(error_text(call("sciorex_get_interaction", {{"interactionId", "I-999"}})).find("inbox") !=
        std::string::npos);
  CHECK(f.inbox->repo().list(false).empty());
}

TEST_CASE("a question about a ticket adds history entries to it", "[interactions][tickets]") {
  Fixture f;
  storage::TicketRepository tickets(f.inbox->db());
  tickets.create({.title = "Avatar upload"}, storage::Actor::user("me"));
  Client c(*f.server);
  c.initialize();
  auto r = structured(c.post(
      call("sciorex_ask_user", {{"question", "Crop?"}, {"ticketId", "T-001"}, {"timeoutSeconds", 1}})));
  CHECK(r["status"] == "pending");
  auto history = tickets.get("T-001").history;
  REQUIRE(history.size() == 2);
  CHECK(history[1].action == "interaction_created");
  CHECK(history[1].actor.id == "test-client");
}
