// Condition expressions (servers/flows/expression.hpp): the seed's JavaScript-like syntax, its
// operators and precedence, undefined members, truthiness, syntax errors with their columns, and
// hostile input (deep nesting, long text) refused at parse.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "expression.hpp"
#include "sciorex/text/utf8.hpp"

using nlohmann::json;
using sciorex::flows::Expression;
using sciorex::flows::ExpressionError;

namespace {

const json& review_scope() {
  static const json scope = json::parse(R"({
    "trigger": {"type": "ticketStatusChanged", "toStatus": "in_progress",
                "ticket": {"id": "T-042", "priority": "high", "labels": ["ui", "backend"], "epicId": null}},
    "nodes": {"review": {"output": {"passed": true, "score": 7, "text": "LGTM", "issues": []}},
              "plan": {"output": "1. do it"},
              "check": {"output": {"result": false}}}
  })");
  return scope;
}

bool eval(const std::string& text, const json& scope = review_scope()) {
  return Expression::parse(text)->test(scope);
}

std::size_t error_column(const std::string& text) {
  try {
    Expression::parse(text);
  } catch (const ExpressionError& e) {
    return e.column;
  }
  FAIL("no error for: " << text);
  return 0;
}

}  // namespace

TEST_CASE("the seed's expression reads an agent's output", "[flows][expression]") {
  CHECK(eval("nodes.review.output.passed === true"));
  json failed = review_scope();
  failed["nodes"]["review"]["output"]["passed"] = false;
  CHECK_FALSE(eval("nodes.review.output.passed === true", failed));
  SECTION("a missing member is undefined, so the comparison is false, never an error") {
    json none = review_scope();
    none["nodes"].erase("review");
    CHECK_FALSE(eval("nodes.review.output.passed === true", none));
    CHECK(eval("nodes.review.output.passed === undefined", none));
    CHECK_FALSE(eval("nodes.plan.output.passed === true"));  // a string has no members but length
    CHECK(eval("nodes.plan.output.length === 8"));
  }
}

TEST_CASE("comparison operators follow JavaScript without coercion", "[flows][expression]") {
  CHECK(eval("trigger.ticket.id === 'T-042'"));
  CHECK(eval("trigger.ticket.id !== \"T-041\""));
  CHECK(eval("nodes.review.output.score > 5"));
  CHECK(eval("nodes.review.output.score >= 7"));
  CHECK_FALSE(eval("nodes.review.output.score < 7"));
  CHECK(eval("nodes.review.output.score <= 7.0"));
  CHECK(eval("nodes.review.output.score === 7.0"));  // numbers compare by value
  CHECK(eval("-1 < 0"));
  CHECK(eval("'abc' < 'abd'"));
  CHECK_FALSE(eval("nodes.review.output.score == '7'"));  // no coercion between kinds
  CHECK_FALSE(eval("nodes.review.output.score > '5'"));   // unlike kinds: ordering is false
  CHECK_FALSE(eval("nodes.missing < 3"));
  SECTION("== and != make null and undefined equal; === does not") {
    CHECK(eval("trigger.ticket.epicId == null"));
    CHECK(eval("trigger.ticket.epicId === null"));
    CHECK(eval("trigger.ticket.nothing == null"));
    CHECK_FALSE(eval("trigger.ticket.nothing === null"));
    CHECK_FALSE(eval("trigger.ticket.nothing != null"));
    CHECK(eval("trigger.ticket.nothing !== null"));
  }
  SECTION("members by brackets and array indexes") {
    CHECK(eval("trigger[\"ticket\"]['labels'][1] === 'backend'"));
    CHECK(eval("trigger.ticket.labels[2] === undefined"));
    CHECK(eval("nodes.review.output.issues == nodes.review.output.issues"));
  }
}

TEST_CASE("logic, negation, truthiness and precedence", "[flows][expression]") {
  CHECK(eval("nodes.review.output.passed && nodes.review.output.score > 5"));
  CHECK(eval("nodes.check.output.result || nodes.review.output.passed"));
  CHECK(eval("!nodes.check.output.result"));
  CHECK(eval("!!nodes.review.output.text"));
  CHECK_FALSE(eval("!nodes.review.output.issues"));  // an empty array is truthy
  CHECK_FALSE(eval("0"));
  CHECK_FALSE(eval("''"));
  CHECK_FALSE(eval("null"));
  CHECK_FALSE(eval("undefined"));
  CHECK(eval("'0'"));
  CHECK(eval("1.5"));
  SECTION("&& binds tighter than ||, and comparisons tighter than both") {
    CHECK(eval("true || false && false"));
    CHECK_FALSE(eval("(true || false) && false"));
    CHECK(eval("1 === 2 || 2 === 2 && 3 === 3"));
    CHECK_FALSE(eval("!true === true"));  // (!true) === true
  }
  SECTION("&& and || give the operand that decides, as in JavaScript") {
    CHECK(eval("(nodes.missing || 'fallback') === 'fallback'"));
    CHECK(eval("(nodes.review.output.score && 'yes') === 'yes'"));
  }
}

TEST_CASE("the paths an expression reads are listed for the load-time check", "[flows][expression]") {
  const auto e =
      Expression::parse("nodes.review.output.passed === true && trigger['ticket'].labels[0] != 'x'");
  const std::vector<std::vector<std::string>> want{{"nodes", "review", "output", "passed"},
                                                   {"trigger", "ticket", "labels", "0"}};
  CHECK(e->paths() == want);
  CHECK(e->text() == "nodes.review.output.passed === true && trigger['ticket'].labels[0] != 'x'");
}

TEST_CASE("bad syntax is refused with its column", "[flows][expression]") {
  CHECK(error_column("") == 1);
  CHECK(error_column("nodes.review.output.passed ==== true") == 31);
  CHECK(error_column("nodes.review.output.passed = true") == 28);
  CHECK(error_column("(a === b") == 9);
  CHECK(error_column("a === 'open") == 7);
  CHECK(error_column("a.") == 3);
  CHECK(error_column("a[b]") == 3);
  CHECK(error_column("a && ") == 6);
  CHECK(error_column("a + 1") == 3);
  CHECK(error_column("a.b()") == 4);
  CHECK(error_column("01 === 1") == 1);
  CHECK(error_column("'\\x'") == 2);
  SECTION("columns count characters, not bytes; a message never cuts a character") {
    CHECK(error_column("'é' === ") == 9);
    CHECK(error_column("a === ééééééééé") == 7);
    try {
      Expression::parse("a === ééééééééé");
    } catch (const ExpressionError& e) {
      CHECK(sciorex::utf8::is_valid(e.what()));
    }
  }
  SECTION("the message says what is wrong") {
    try {
      Expression::parse("nodes.review.output.passed ==");
      FAIL("no error");
    } catch (const ExpressionError& e) {
      CHECK(std::string(e.what()).find("column 30") != std::string::npos);
      CHECK(std::string(e.what()).find("value was expected") != std::string::npos);
    }
  }
}

TEST_CASE("hostile expressions are refused at parse, not at evaluation", "[flows][expression][hostile]") {
  SECTION("nesting deeper than 64 is refused; 60 is fine") {
    CHECK_NOTHROW(Expression::parse(std::string(60, '(') + "true" + std::string(60, ')')));
    CHECK_THROWS_AS(Expression::parse(std::string(200, '(') + "true" + std::string(200, ')')),
                    ExpressionError);
    CHECK_THROWS_AS(Expression::parse(std::string(500, '!') + "true"), ExpressionError);
    CHECK_THROWS_AS(Expression::parse(std::string(400, '(')), ExpressionError);
  }
  SECTION("a long && chain is one node, not a deep tree") {
    std::string chain = "true";
    for (int i = 0; i < 120; ++i) chain += " && true";  // 964 characters
    CHECK(eval(chain));
  }
  SECTION("a long comparison chain is refused by depth") {
    std::string chain = "1";
    for (int i = 0; i < 100; ++i) chain += "<1";
    CHECK_THROWS_AS(Expression::parse(chain), ExpressionError);
  }
  SECTION("over 1,000 characters is refused") {
    const std::string long_text = "'" + std::string(1000, 'a') + "' === 'a'";
    CHECK(error_column(long_text) == 1001);
    CHECK_NOTHROW(Expression::parse("'" + std::string(990, 'a') + "'"));
  }
  SECTION("control characters, NUL and invalid UTF-8") {
    CHECK_THROWS_AS(Expression::parse(std::string("a\0b", 3)), ExpressionError);
    CHECK_THROWS_AS(Expression::parse("'a\x01'"), ExpressionError);
    CHECK_THROWS_AS(Expression::parse("'\xff'"), ExpressionError);
  }
  SECTION("names are data, never code") {
    CHECK(eval("constructor.constructor === undefined"));
    CHECK(eval("process === undefined"));
  }
  SECTION("any scope evaluates without throwing") {
    const auto e = Expression::parse("a.b[0].c > 1 || a === a");
    for (const json& scope : {json(nullptr), json(3), json("x"), json::array({1, 2}), json::object()})
      CHECK_NOTHROW(e->test(scope));
  }
}
