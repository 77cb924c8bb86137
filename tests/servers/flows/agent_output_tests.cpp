// An agent's final text as a node's output (servers/flows/engine.hpp's agent_output): the JSON
// object the text is or ends with (so `nodes.review.output.passed` works), with `text` keeping the
// whole answer; any other text stays a string.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine.hpp"

using nlohmann::json;
using sciorex::flows::agent_output;

TEST_CASE("a text that is or ends with a JSON object is that object, with its text",
          "[flows][agent_output]") {
  CHECK(agent_output(R"({"passed": true})") == json{{"passed", true}, {"text", R"({"passed": true})"}});
  const std::string review =
      "Checked every criterion.\n\n{\"passed\": false, \"issues\": [\"no {tests}\"]}\n";
  const json out = agent_output(review);
  CHECK(out["passed"] == false);
  CHECK(out["issues"] == json::array({"no {tests}"}));
  CHECK(out["text"] == review);
  SECTION("a closing code fence is allowed") {
    const json fenced =
        agent_output("Done.\n```json\n{\"passed\": true, \"notes\": {\"style\": \"ok\"}}\n```\n");
    CHECK(fenced["passed"] == true);
    CHECK(fenced["notes"]["style"] == "ok");
  }
  SECTION("an object's own `text` is kept") {
    CHECK(agent_output(R"(Summary {"text": "mine", "passed": true})")["text"] == "mine");
  }
}

TEST_CASE("any other text is the output as a string", "[flows][agent_output]") {
  for (const std::string text :
       {"1. Create the endpoint\n2. Test it", "", "Result: [1, 2]", "ends with } only", "{\"open\": true",
        "prose {not json}", "{\"a\": 1} and then more words"})
    CHECK(agent_output(text) == json(text));
  SECTION("many braces are bounded work, not a quadratic search") {
    const std::string braces = std::string(100'000, '{') + "\"a\"}";  // no object closes it
    CHECK(agent_output(braces) == json(braces));
  }
}
