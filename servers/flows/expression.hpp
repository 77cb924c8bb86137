// Condition expressions (issue 12): the seed's JavaScript-like form, e.g.
// `nodes.review.output.passed === true`, parsed once at load and evaluated safely (no code runs)
// against a JSON scope ({trigger: {...}, nodes: {id: {output: ...}}}).
//
// Grammar: member access (a.b.c, a["b"]), === !== == != < > <= >=, && || !, parentheses, and
// string ('..' or ".."), number, true/false/null literals. A missing member is undefined (like
// JavaScript): `nodes.review.output.passed === true` is false when passed is missing; undefined ==
// null. == and != compare like === / !== except that null and undefined are equal (no coercion).
// < > <= >= compare two numbers or two strings; anything else is false. Truthiness is JavaScript's.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sciorex::flows {

struct ExpressionError : std::runtime_error {
  ExpressionError(std::size_t column, const std::string& message);
  std::size_t column;  // 1-based, within the expression text
};

class Expression {
 public:
  // Throws ExpressionError for a syntax error or an expression over 1,000 characters.
  static std::shared_ptr<const Expression> parse(std::string_view text);
  virtual ~Expression() = default;

  // Truthiness of the value; never throws for any scope.
  virtual bool test(const nlohmann::json& scope) const = 0;
  // Every member path the expression reads, e.g. {"nodes","review","output","passed"}.
  virtual std::vector<std::vector<std::string>> paths() const = 0;
  virtual const std::string& text() const = 0;
};

}  // namespace sciorex::flows
