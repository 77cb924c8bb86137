// Forms and answers: what a person may answer, from the client's form or the command line.
#include <catch2/catch.hpp>

#include "forms.hpp"
#include "interactions.hpp"
#include "sciorex/protocol/features.hpp"
#include "tools.hpp"

using namespace sciorex::interactions;

namespace {
Question single(bool custom = true) {
  return Question::from_json({{"question", "Q?"}, {"options", {"a", "b"}}, {"allowCustomText", custom}});
}
}  // namespace

TEST_CASE("question forms follow responseType and allowCustomText", "[interactions][forms]") {
  auto form = form_for(single(false))["requestedSchema"];
  CHECK(form["properties"]["choice"]["enum"] == json::array({"a", "b"}));
  CHECK_FALSE(form["properties"].contains("customText"));
  CHECK(form["required"] == json::array({"choice"}));
  auto multi =
      form_for(Question::from_json({{"question", "Q?"}, {"responseType", "multiple"}, {"options", {"a"}}}));
  CHECK(multi["requestedSchema"]["properties"]["choices"]["items"]["enum"] == json::array({"a"}));
  auto text = form_for(Question::from_json({{"question", "Q?"}, {"placeholder", "e.g. teal"}}));
  CHECK(text["requestedSchema"]["properties"]["answer"]["description"] == "e.g. teal");
  CHECK(Question::from_json({{"question", "Q?"}}).response_type == "text");
  CHECK_THROWS_AS(Question::from_json({{"question", "Q?"}, {"options", {"a", "a"}}}),
                  sciorex::protocol::ToolError);
}

TEST_CASE("form answers outside the offered options are refused", "[interactions][forms]") {
  CHECK_THROWS_AS(answer_from_elicitation(single(), {{"action", "accept"}, {"content", {{"choice", "zzz"}}}}),
                  std::invalid_argument);
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

  Approval ap = Approval::from_json({{"action", "x"}, {"reason", "y"}, {"alternatives", {"z"}}});
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

TEST_CASE("a form answer with custom text is refused where allowCustomText is false, as on the command line",
          "[interactions][forms][hostile]") {
  CHECK_THROWS_WITH(
      answer_from_elicitation(single(false),
                              {{"action", "accept"}, {"content", {{"choice", "a"}, {"customText", "mine"}}}}),
      Catch::Contains("only the options offered: a, b"));
  auto multi = Question::from_json(
      {{"question", "Q?"}, {"responseType", "multiple"}, {"options", {"a"}}, {"allowCustomText", false}});
  CHECK_THROWS_AS(
      answer_from_elicitation(multi, {{"action", "accept"}, {"content", {{"customText", "mine"}}}}),
      std::invalid_argument);
  CHECK(answer_from_elicitation(single(false),
                                {{"action", "accept"}, {"content", {{"choice", "a"}}}})["selectedOptions"] ==
        json::array({"a"}));
}

TEST_CASE(
    "malformed or wrongly typed form answers and unknown actions do not fit (they never end the question)",
    "[interactions][forms][hostile]") {
  auto multi =
      Question::from_json({{"question", "Q?"}, {"responseType", "multiple"}, {"options", {"a", "b"}}});
  Approval ap = Approval::from_json({{"action", "x"}, {"reason", "y"}, {"alternatives", {"z"}}});
  for (const json& bad :
       {json(nullptr), json("accept"), json{{"action", "maybe"}}, json{{"content", {{"choice", "a"}}}},
        json{{"action", "accept"}, {"content", "a"}}}) {
    INFO(bad.dump());
    CHECK_THROWS_AS(answer_from_elicitation(single(), bad), std::invalid_argument);
    CHECK_THROWS_AS(answer_from_elicitation(ap, bad), std::invalid_argument);
  }
  auto accept = [](json content) { return json{{"action", "accept"}, {"content", std::move(content)}}; };
  CHECK_THROWS_WITH(answer_from_elicitation(single(), accept({{"choice", {"a"}}})),
                    Catch::Contains("\"choice\" must be a string"));
  CHECK_THROWS_AS(answer_from_elicitation(single(), accept({{"choice", 1}})), std::invalid_argument);
  CHECK_THROWS_AS(answer_from_elicitation(multi, accept({{"choices", "a"}})), std::invalid_argument);
  CHECK_THROWS_AS(answer_from_elicitation(multi, accept({{"choices", {"a", 2}}})), std::invalid_argument);
  CHECK_THROWS_WITH(answer_from_elicitation(multi, accept({{"choices", {"a", "q"}}})),
                    Catch::Contains("\"q\" is not one of the options"));
  CHECK_THROWS_WITH(answer_from_elicitation(single(), accept({{"answer", "x"}})),
                    Catch::Contains("no field \"answer\""));
  CHECK_THROWS_WITH(answer_from_elicitation(ap, accept({{"approved", "yes"}})),
                    Catch::Contains("\"approved\" must be a boolean"));
  CHECK_THROWS_WITH(answer_from_elicitation(ap, accept({{"comment", "go"}})),
                    Catch::Contains("\"approved\" is required"));
  CHECK_THROWS_AS(answer_from_elicitation(ap, accept({{"approved", true}, {"comment", 3}})),
                  std::invalid_argument);
  CHECK(answer_from_elicitation(multi, accept({{"choices", {"b", "a"}}}))["selectedOptions"] ==
        json::array({"b", "a"}));
  CHECK(answer_from_elicitation(ap, accept({{"approved", true}, {"comment", "go"}}))["approved"] == true);
  CHECK(answer_from_elicitation(ap, {{"action", "decline"}})["approved"] == false);
  CHECK(answer_from_elicitation(single(), {{"action", "decline"}, {"content", nullptr}})["skipped"] == true);
  // A cancel is no person's choice and no answer: the question waits on (cancelled_form_tests.cpp).
  json cancel = {{"action", "cancel"}, {"content", nullptr}};
  CHECK(form_cancelled(cancel));
  CHECK_THROWS_WITH(answer_from_elicitation(single(), cancel), Catch::Contains("cancelled"));
  CHECK_THROWS_AS(answer_from_elicitation(ap, cancel), std::invalid_argument);
  for (const json& other :
       {json{{"action", "decline"}}, json{{"action", "accept"}}, json(nullptr), json("cancel")})
    CHECK_FALSE(form_cancelled(other));
}

TEST_CASE("an empty option or alternative, and duplicate alternatives, are refused with a clear message",
          "[interactions][forms][hostile]") {
  using sciorex::protocol::ToolError;
  CHECK_THROWS_WITH(Question::from_json({{"question", "Q?"}, {"options", {"a", ""}}}),
                    Catch::Contains("\"options\": item 2 is empty"));
  CHECK_THROWS_WITH(Approval::from_json({{"action", "x"}, {"reason", "y"}, {"alternatives", {"z", "z"}}}),
                    Catch::Contains("\"alternatives\": \"z\" is given twice"));
  CHECK_THROWS_AS(Approval::from_json({{"action", "x"}, {"reason", "y"}, {"alternatives", {""}}}), ToolError);
  // The schemas say the same, for clients that check before calling.
  auto options = sciorex::interactions::tool_catalogue().definition(
      "sciorex_ask_user")["inputSchema"]["properties"]["options"];
  CHECK(options["uniqueItems"] == true);
  CHECK(options["items"]["minLength"] == 1);
  auto alternatives = sciorex::interactions::tool_catalogue().definition(
      "sciorex_request_approval")["inputSchema"]["properties"]["alternatives"];
  CHECK(alternatives["uniqueItems"] == true);
  CHECK(alternatives["items"]["minLength"] == 1);
}
