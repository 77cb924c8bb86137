// Reading what an agent printed: Claude Code's JSON result, another runner's JSON object or its
// plain text.
#include <catch2/catch.hpp>

#include "runner_output.hpp"

using namespace sciorex::flows;

TEST_CASE("Claude's --output-format json object", "[flows][output]") {
  auto r = parse_claude_output(
      R"({"type":"result","subtype":"success","is_error":false,"duration_ms":12,"result":"Done.\n{\"passed\": true}","session_id":"abc-1","total_cost_usd":0})");
  REQUIRE(r);
  CHECK(r->text == "Done.\n{\"passed\": true}");
  CHECK(r->session_id == "abc-1");
  CHECK_FALSE(r->error);

  r = parse_claude_output(
      "warning: something\n{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"ok\"}\n");
  REQUIRE(r);  // a line before the object (a warning on stdout) is skipped
  CHECK(r->text == "ok");
  CHECK_FALSE(r->session_id);

  r = parse_claude_output(
      R"({"type":"result","subtype":"error_during_execution","is_error":true,"result":"API Error: 529 Overloaded","session_id":"s"})");
  REQUIRE(r);
  CHECK(r->error == "claude reported an error (error_during_execution): API Error: 529 Overloaded");
  r = parse_claude_output(
      R"({"type":"result","subtype":"success","is_error":true,"result":"Credit balance is too low"})");
  REQUIRE(r);
  CHECK(r->error == "claude reported an error: Credit balance is too low");

  CHECK_FALSE(parse_claude_output(""));
  CHECK_FALSE(parse_claude_output("plain text"));
  CHECK_FALSE(parse_claude_output(R"({"type":"assistant","result":"x"})"));
}

TEST_CASE("another runner: a JSON object with result/session_id, else the whole text", "[flows][output]") {
  auto r = parse_runner_output("{\"result\": \"The plan\", \"session_id\": \"codex-7\"}\n");
  CHECK(r.text == "The plan");
  CHECK(r.session_id == "codex-7");
  r = parse_runner_output("working...\nstill working\n{\"session_id\": \"g-1\", \"result\": \"ok\"}");
  CHECK(r.text == "ok");
  CHECK(r.session_id == "g-1");
  // an object without either key is the agent's own output (the engine reads it)
  r = parse_runner_output("Review done.\n{\"passed\": false}\n");
  CHECK(r.text == "Review done.\n{\"passed\": false}");
  CHECK_FALSE(r.session_id);
  r = parse_runner_output("  just text \n\n");
  CHECK(r.text == "just text");
}

TEST_CASE("shortened cuts on a character boundary", "[flows][output]") {
  CHECK(shortened("héllo wörld", 5) == "héllo…");
  CHECK(shortened("short", 5) == "short");
  CHECK(shortened("", 3).empty());
}
