// A form the client cancels (action "cancel": no person chose, as Claude Code in print mode does at
// once) is no answer: the question stays pending in the inbox and the call keeps waiting, with
// progress, for an answer from the inbox until its timeout. A decline is a person's choice and
// still ends the question (skipped / not approved). Both eras.
#include <algorithm>
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace sciorex;
using test::Client;
using test::json;
using test::modern_meta;

namespace {

using Fixture = test::InboxFixture;
using test::call;
using test::result_of;

std::size_t progress_count(const std::vector<json>& all) {
  return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [](const json& m) {
    return m.value("method", "") == "notifications/progress";
  }));
}

// Waits until two more progress notifications than `before` went out. The watcher sends at most
// one per round, after reading the form's answer, so the second was sent by a round that began
// after the answer arrived: the watcher has read it.
bool two_more_beats(const std::shared_ptr<test::CollectingSink>& sink, std::size_t before) {
  return sink->wait_until([&](const std::vector<json>& all) { return progress_count(all) >= before + 2; });
}

json reply(const json& ask, json result) {
  return {{"jsonrpc", "2.0"}, {"id", ask["id"]}, {"result", std::move(result)}};
}

const json kCancel = {{"action", "cancel"}};
const json kTeal = {{"selectedOptions", json::array()}, {"customText", "teal"}, {"skipped", false}};

}  // namespace

TEST_CASE("2025: a cancelled form leaves the question in the inbox; the call returns the inbox's answer",
          "[interactions][elicitation][cancel]") {
  Fixture f;
  Client c(*f.server);
  c.initialize({{"elicitation", json::object()}});
  auto sink = c.post(call("sciorex_ask_user", {{"question", "Colour?"}}, 1, {{"progressToken", "p"}}));
  auto ask = sink->wait_for(1).at(0);
  REQUIRE(ask["method"] == "elicitation/create");
  std::size_t beats = progress_count(sink->messages());
  c.post(reply(ask, kCancel));
  REQUIRE(two_more_beats(sink, beats));
  CHECK(sink->dispositions().empty());  // still waiting
  auto pending = f.inbox->repo().list(true);
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].summary == "Colour?");
  f.answer_from_elsewhere(pending[0].id, kTeal);
  auto r = result_of(sink)["structuredContent"];
  CHECK(r["status"] == "answered");
  CHECK(r["customText"] == "teal");
  CHECK(r["skipped"] == false);
  CHECK(r["answeredVia"] == "inbox");
  CHECK(r["interactionId"] == pending[0].id);
}

TEST_CASE("2025: after a cancelled form the call returns pending at its deadline; a decline is a choice",
          "[interactions][elicitation][cancel]") {
  Fixture f;
  Client c(*f.server);
  c.initialize({{"elicitation", json::object()}});
  SECTION("cancel, then the deadline: pending, still answerable") {
    auto sink = c.post(call("sciorex_request_approval",
                            {{"action", "Deploy"}, {"reason", "Friday"}, {"timeoutSeconds", 1}}));
    c.post(reply(sink->wait_for(1).at(0), kCancel));
    auto r = result_of(sink);
    CHECK_FALSE(r.contains("isError"));
    CHECK(r["structuredContent"]["status"] == "pending");
    CHECK_FALSE(r["structuredContent"].contains("approved"));
    CHECK(f.inbox->repo().get(r["structuredContent"]["interactionId"]).status ==
          storage::InteractionStatus::Pending);
  }
  SECTION("decline: not approved, through the form") {
    auto sink = c.post(call("sciorex_request_approval", {{"action", "Deploy"}, {"reason", "Friday"}}));
    c.post(reply(sink->wait_for(1).at(0), {{"action", "decline"}}));
    auto r = result_of(sink)["structuredContent"];
    CHECK(r["status"] == "answered");
    CHECK(r["approved"] == false);
    CHECK(r["answeredVia"] == "elicitation");
    CHECK(f.inbox->repo().list(true).empty());
  }
}

TEST_CASE("2026: inputs that come back cancelled leave the question in the inbox; the retry waits for it",
          "[interactions][elicitation][modern][cancel]") {
  Fixture f;
  Client c(*f.server);
  json meta = modern_meta({{"elicitation", json::object()}});
  json args = {
      {"action", "Release 2.0"}, {"reason", "All tests pass"}, {"alternatives", {"Release 2.0-rc1"}}};
  json params = {{"name", "sciorex_request_approval"}, {"arguments", args}, {"_meta", meta}};
  auto r1 = c.request("tools/call", params)["result"];
  REQUIRE(r1["resultType"] == "input_required");
  params["requestState"] = r1["requestState"];
  params["inputResponses"] = {{"answer", kCancel}};
  params["_meta"]["progressToken"] = "p";
  auto sink = c.post({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/call"}, {"params", params}});
  REQUIRE(two_more_beats(sink, 0));
  CHECK(sink->dispositions().empty());  // still waiting
  auto pending = f.inbox->repo().list(true);
  REQUIRE(pending.size() == 1);
  f.answer_from_elsewhere(
      pending[0].id,
      {{"approved", false}, {"selectedAlternative", "Release 2.0-rc1"}, {"userComment", nullptr}});
  auto r = result_of(sink);
  CHECK(r["resultType"] == "complete");
  CHECK(r["structuredContent"]["status"] == "answered");
  CHECK(r["structuredContent"]["selectedAlternative"] == "Release 2.0-rc1");
  CHECK(r["structuredContent"]["answeredVia"] == "inbox");
  CHECK(f.inbox->repo().list(false).size() == 1);  // the same interaction throughout
}

TEST_CASE("2026: after cancelled inputs the call returns pending at its deadline; a decline is skipped",
          "[interactions][elicitation][modern][cancel]") {
  Fixture f;
  Client c(*f.server);
  json params = {
      {"name", "sciorex_ask_user"},
      {"arguments", {{"question", "S3 or disk?"}, {"options", {"S3", "Disk"}}, {"timeoutSeconds", 1}}},
      {"_meta", modern_meta({{"elicitation", json::object()}})}};
  auto r1 = c.request("tools/call", params)["result"];
  REQUIRE(r1["resultType"] == "input_required");
  params["requestState"] = r1["requestState"];
  SECTION("cancel, then the deadline: pending, still answerable") {
    params["inputResponses"] = {{"answer", kCancel}};
    auto r = result_of(c.post({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/call"}, {"params", params}}));
    CHECK(r["resultType"] == "complete");
    CHECK(r["structuredContent"]["status"] == "pending");
    CHECK(f.inbox->repo().get(r["structuredContent"]["interactionId"]).status ==
          storage::InteractionStatus::Pending);
  }
  SECTION("decline: skipped, through the form") {
    params["inputResponses"] = {{"answer", {{"action", "decline"}}}};
    auto r = c.request("tools/call", params, 2)["result"]["structuredContent"];
    CHECK(r["status"] == "answered");
    CHECK(r["skipped"] == true);
    CHECK(r["selectedOptions"] == json::array());
    CHECK(r["answeredVia"] == "elicitation");
    CHECK(f.inbox->repo().list(true).empty());
  }
}
