// The question view's tools (MCP Apps, issue 15): in a host with the extension but no elicitation
// form, the question waits in the inbox; the view lists it (sciorex_ui_pending_interactions) and the
// person answers there (sciorex_ui_answer_interaction): the waiting call returns as with the inbox,
// recorded with channel "app" by the person. Clients without the extension are offered none of it.
// Both eras.
#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "sciorex/common/command_line.hpp"

using namespace sciorex;
using test::Client;
using test::json;
using test::modern_meta;

namespace {

using AppsFixture = test::InboxFixture;

json apps_caps() {
  return {{"extensions", {{"io.modelcontextprotocol/ui", {{"mimeTypes", {"text/html;profile=mcp-app"}}}}}}};
}

// A finished tools/call's result (2025 or 2026: the same shape).
json app_call(Client& c, const std::string& tool, json args, json meta = json::object()) {
  auto sink = c.post(test::call(tool, std::move(args), 50, std::move(meta)));
  REQUIRE(sink->wait_finished(1, std::chrono::seconds(10)) == 1);
  return sink->messages().back();
}

}  // namespace

TEST_CASE("2025: the person answers a waiting sciorex_ask_user in the question view",
          "[interactions][apps]") {
  AppsFixture f;
  f.inbox->repo().create({storage::InteractionKind::Question, "Older question?", "important",
                          R"({"question":"Older question?"})", std::nullopt},
                         storage::Actor::agent("other"));
  Client c(*f.server);
  c.initialize(apps_caps());  // MCP Apps, no elicitation: nothing shows a form
  auto sink =
      c.post(test::call("sciorex_ask_user", {{"question", "Colour?"}, {"options", {"teal", "red"}}}, 1));
  REQUIRE(f.wait_pending(2));
  CHECK(sink->dispositions().empty());  // still waiting

  json all = app_call(c, "sciorex_ui_pending_interactions", json::object())["result"]["structuredContent"];
  REQUIRE(all["count"] == 2);
  CHECK(all["items"][0]["summary"] == "Colour?");  // newest first
  json mine = app_call(c, "sciorex_ui_pending_interactions", {{"question", "Colour?"}})["result"];
  REQUIRE(mine["structuredContent"]["count"] == 1);
  const json item = mine["structuredContent"]["items"][0];
  CHECK(item["kind"] == "question");
  CHECK(item["request"]["options"] == json{"teal", "red"});
  CHECK(item["request"]["responseType"] == "single");
  CHECK(item["createdAt"].is_string());
  const std::string id = item["interactionId"];

  json answered =
      app_call(c, "sciorex_ui_answer_interaction", {{"interactionId", id}, {"options", {"teal"}}});
  INFO(answered.dump());
  CHECK(answered["result"]["structuredContent"]["status"] == "answered");
  CHECK(answered["result"]["structuredContent"]["answeredVia"] == "app");

  auto r = test::result_of(sink)["structuredContent"];
  CHECK(r["status"] == "answered");
  CHECK(r["selectedOptions"] == json{"teal"});
  CHECK(r["answeredVia"] == "inbox");  // as when answered from the inbox or the board
  CHECK(r["interactionId"] == id);
  const storage::Interaction stored = f.inbox->repo().get(id);
  CHECK(stored.channel == "app");
  REQUIRE(stored.answered_by);
  CHECK(*stored.answered_by == storage::Actor::user(common::person_name()));
}

TEST_CASE("2026: the person approves a waiting sciorex_request_approval in the question view",
          "[interactions][apps]") {
  AppsFixture f;
  Client c(*f.server);
  auto sink = c.post(test::call("sciorex_request_approval", {{"action", "Deploy"}, {"reason", "Friday"}}, 1,
                                modern_meta(apps_caps())));
  REQUIRE(f.wait_pending(1));
  json pending = app_call(c, "sciorex_ui_pending_interactions", {{"question", "Deploy"}},
                          modern_meta(apps_caps()))["result"];
  REQUIRE(pending["structuredContent"]["count"] == 1);
  CHECK(pending["structuredContent"]["items"][0]["kind"] == "approval");
  const std::string id = pending["structuredContent"]["items"][0]["interactionId"];
  json answered =
      app_call(c, "sciorex_ui_answer_interaction",
               {{"interactionId", id}, {"approve", true}, {"comment", "go"}}, modern_meta(apps_caps()));
  CHECK(answered["result"]["structuredContent"]["answer"]["approved"] == true);
  auto r = test::result_of(sink)["structuredContent"];
  CHECK(r["status"] == "answered");
  CHECK(r["approved"] == true);
  CHECK(r["userComment"] == "go");
  CHECK(r["answeredVia"] == "inbox");
}

TEST_CASE("the question view's answer: bad answers and stale questions are tool errors, the store untouched",
          "[interactions][apps]") {
  AppsFixture f;
  Client c(*f.server);
  c.initialize(apps_caps());
  auto q = f.inbox->repo().create(
      {storage::InteractionKind::Question, "Colour?", "important",
       R"({"question":"Colour?","responseType":"single","options":["teal","red"]})", std::nullopt},
      storage::Actor::agent("a"));
  auto error_of = [&](json args) {
    json r = app_call(c, "sciorex_ui_answer_interaction", std::move(args))["result"];
    INFO(r.dump());
    REQUIRE(r.value("isError", false));
    return r["content"][0]["text"].get<std::string>();
  };
  CHECK(error_of({{"interactionId", q.id}, {"options", {"blue"}}}).find("blue") != std::string::npos);
  CHECK(error_of({{"interactionId", q.id}}).size() > 0);  // no decision
  CHECK(error_of({{"interactionId", "I-999"}}).find("I-999") != std::string::npos);
  CHECK(f.inbox->repo().get(q.id).status == storage::InteractionStatus::Pending);
  CHECK(error_of({{"interactionId", q.id}, {"bogus", 1}}).find("bogus") != std::string::npos);
  f.answer_from_elsewhere(q.id, {{"selectedOptions", {"red"}}, {"customText", nullptr}, {"skipped", false}});
  CHECK(error_of({{"interactionId", q.id}, {"options", {"teal"}}}).find("already answered") !=
        std::string::npos);
  CHECK(f.inbox->repo().get(q.id).channel == "inbox");
}

TEST_CASE("clients without the extension see no question view, no app-only tools and no _meta.ui",
          "[interactions][apps]") {
  AppsFixture f;
  Client legacy(*f.server);
  legacy.initialize();
  Client modern(*f.server);
  auto list_of = [](const json& r) {
    std::set<std::string> names;
    for (const auto& t : r["result"]["tools"]) {
      names.insert(t["name"]);
      CHECK_FALSE(t.contains("_meta"));
    }
    return names;
  };
  const std::set<std::string> today{"sciorex_ask_user", "sciorex_get_interaction", "sciorex_notify_user",
                                    "sciorex_request_approval"};
  CHECK(list_of(legacy.request("tools/list")) == today);
  json modern_params = {{"_meta", modern_meta(json::object())}};
  CHECK(list_of(modern.request("tools/list", modern_params)) == today);
  CHECK(legacy.request("resources/list")["result"]["resources"].empty());
  CHECK(legacy.request("resources/read", {{"uri", "ui://sciorex/question"}}).contains("error"));
  json call = legacy.request("tools/call",
                             {{"name", "sciorex_ui_pending_interactions"}, {"arguments", json::object()}});
  CHECK(call["error"]["code"] == -32602);
  json modern_call = app_call(modern, "sciorex_ui_answer_interaction", {{"interactionId", "I-001"}},
                              modern_meta(json::object()));
  CHECK(modern_call["error"]["code"] == -32602);
  // With the extension: the view and the link from both asking tools.
  Client apps(*f.server);
  apps.initialize(apps_caps());
  json tools = apps.request("tools/list")["result"]["tools"];
  for (const auto& t : tools)
    if (t["name"] == "sciorex_ask_user" || t["name"] == "sciorex_request_approval")
      CHECK(t["_meta"]["ui"]["resourceUri"] == "ui://sciorex/question");
  json read = apps.request("resources/read", {{"uri", "ui://sciorex/question"}});
  CHECK(read["result"]["contents"][0]["mimeType"] == "text/html;profile=mcp-app");
  CHECK(read["result"]["contents"][0]["_meta"]["ui"]["prefersBorder"] == true);
}
