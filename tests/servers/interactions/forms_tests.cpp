// Forms and answers: what a person may answer, from the client's form or the command line.
#include <catch2/catch.hpp>

#include "forms.hpp"
#include "sciorex/protocol/features.hpp"

using namespace sciorex::interactions;

namespace {
Question single(bool custom = true) {
  return Question::from_arguments({{"question", "Q?"}, {"options", {"a", "b"}}, {"allowCustomText", custom}});
}
}  // namespace

TEST_CASE("question forms follow responseType and allowCustomText", "[interactions][forms]") {
  auto form = form_for(single(false))["requestedSchema"];
  CHECK(form["properties"]["choice"]["enum"] == json::array({"a", "b"}));
  CHECK_FALSE(form["properties"].contains("customText"));
  CHECK(form["required"] == json::array({"choice"}));
  auto multi = form_for(Question::from_arguments({{"question", "Q?"}, {"responseType", "multiple"}, {"options", {"a"}}}));
  CHECK(multi["requestedSchema"]["properties"]["choices"]["items"]["enum"] == json::array({"a"}));
  auto text = form_for(Question::from_arguments({{"question", "Q?"}, {"placeholder", "e.g. teal"}}));
  CHECK(text["requestedSchema"]["properties"]["answer"]["description"] == "e.g. teal");
  CHECK(Question::from_arguments({{"question", "Q?"}}).response_type == "text");
  CHECK_THROWS_AS(Question::from_arguments({{"question", "Q?"}, {"options", {"a", "a"}}}), sciorex::protocol::ToolError);
}

TEST_CASE("form answers outside the offered options are refused", "[interactions][forms]") {
  CHECK_THROWS_AS(answer_from_elicitation(single(), {{"action", "accept"}, {"content", {{"choice", "zzz"}}}}), std::invalid_argument);
  auto a = answer_from_elicitation(single(), {{"action", "accept"}, {"content", {{"customText", "mine"}}}});
  CHECK(a["customText"] == "mine");
  CHECK(a["skipped"] == false);
}

TEST_CASE("command-line answers are checked against what was asked", "[interactions][forms]") {
  CliAnswer a;
  a.options = {"a"};
  CHECK(answer_from_cli(single(), a)["selectedOptions"] == json::array({"a"}));
  a.options = {"a", "b"};
  CHECK_THROWS_WITH(answer_from_cli(single(), a), Catch::Contains("one --option"));
  a.options = {"c"};
  CHECK_THROWS_WITH(answer_from_cli(single(), a), Catch::Contains("not one of the options: a, b"));
  CliAnswer text;
  text.text = "free";
  CHECK_THROWS_WITH(answer_from_cli(single(false), text), Catch::Contains("only the options"));
  CHECK(answer_from_cli(single(true), text)["customText"] == "free");
  CliAnswer none;
  CHECK_THROWS_AS(answer_from_cli(single(), none), std::invalid_argument);
  CliAnswer skip;
  skip.skip = true;
  CHECK(answer_from_cli(single(), skip)["skipped"] == true);

  Approval ap = Approval::from_arguments({{"action", "x"}, {"reason", "y"}, {"alternatives", {"z"}}});
  CliAnswer approve;
  approve.approve = true;
  approve.comment = "ok";
  auto ok = answer_from_cli(ap, approve);
  CHECK(ok["approved"] == true);
  CHECK(ok["userComment"] == "ok");
  CliAnswer both;
  both.approve = both.deny = true;
  CHECK_THROWS_AS(answer_from_cli(ap, both), std::invalid_argument);
  CliAnswer alt;
  alt.alternative = "z";
  CHECK(answer_from_cli(ap, alt)["selectedAlternative"] == "z");
  alt.alternative = "q";
  CHECK_THROWS_WITH(answer_from_cli(ap, alt), Catch::Contains("not an alternative: z"));
  CHECK_THROWS_AS(answer_from_cli(ap, CliAnswer{}), std::invalid_argument);
  CHECK_THROWS_AS(answer_from_cli(single(), approve), std::invalid_argument);
}
