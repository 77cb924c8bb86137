// The tree of a parsed condition expression and its evaluation (issue 12): the values, JavaScript's
// truthiness and comparisons, and one node type per construct. Private to expression.cpp, which
// parses text into this tree; expression.hpp has the grammar and the semantics.
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sciorex/text/utf8.hpp"

namespace sciorex::flows::expr_tree {

using nlohmann::json;

// A value during evaluation: undefined, a reference into the scope or a literal, or a value made
// here (a comparison's boolean).
class ExprValue {
 public:
  ExprValue() = default;
  static ExprValue ref(const json& j) { return ExprValue(&j); }
  static ExprValue own(json j) { return ExprValue(std::move(j)); }
  const json* get() const {
    if (const auto* p = std::get_if<const json*>(&v_)) return *p;
    if (const auto* o = std::get_if<json>(&v_)) return o;
    return nullptr;
  }

 private:
  explicit ExprValue(const json* p) : v_(p) {}
  explicit ExprValue(json j) : v_(std::move(j)) {}
  std::variant<std::monostate, const json*, json> v_;
};

inline bool expr_truthy(const json* v) {
  if (v == nullptr || v->is_null()) return false;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_number_float()) {
    const double d = v->get<double>();
    return !std::isnan(d) && d != 0.0;
  }
  if (v->is_number()) return *v != 0;
  if (v->is_string()) return !v->get_ref<const std::string&>().empty();
  return true;  // objects and arrays
}

// ===: same kind and equal (numbers by value, objects and arrays by their contents: there are no
// object literals, so JavaScript's identity would make every such comparison false).
inline bool expr_strict_equal(const json* a, const json* b) {
  if (a == nullptr || b == nullptr) return a == b;
  if (a->is_number() && b->is_number()) return *a == *b;
  if (a->type() != b->type()) return false;
  return *a == *b;
}

inline bool expr_loose_equal(const json* a, const json* b) {
  const bool a_nullish = a == nullptr || a->is_null();
  const bool b_nullish = b == nullptr || b->is_null();
  if (a_nullish || b_nullish) return a_nullish && b_nullish;
  return expr_strict_equal(a, b);
}

enum class ExprOp { StrictEq, StrictNe, Eq, Ne, Lt, Gt, Le, Ge };

inline bool expr_compare(ExprOp op, const json* a, const json* b) {
  switch (op) {
    case ExprOp::StrictEq:
      return expr_strict_equal(a, b);
    case ExprOp::StrictNe:
      return !expr_strict_equal(a, b);
    case ExprOp::Eq:
      return expr_loose_equal(a, b);
    case ExprOp::Ne:
      return !expr_loose_equal(a, b);
    default:
      break;
  }
  if (a == nullptr || b == nullptr) return false;
  const bool numbers = a->is_number() && b->is_number();
  const bool strings = a->is_string() && b->is_string();
  if (!numbers && !strings) return false;
  switch (op) {
    case ExprOp::Lt:
      return *a < *b;
    case ExprOp::Gt:
      return *b < *a;
    case ExprOp::Le:
      return *a < *b || *a == *b;
    case ExprOp::Ge:
      return *b < *a || *a == *b;
    default:
      return false;
  }
}

// ---- the tree ------------------------------------------------------------------------------------
struct ExprNode {
  virtual ~ExprNode() = default;
  virtual ExprValue eval(const json& scope) const = 0;
  int depth = 1;
};
using ExprPtr = std::unique_ptr<ExprNode>;

struct LiteralNode : ExprNode {
  explicit LiteralNode(std::optional<json> v) : value(std::move(v)) {}
  ExprValue eval(const json& /*scope*/) const override {
    return value ? ExprValue::ref(*value) : ExprValue();
  }
  std::optional<json> value;  // nullopt: undefined
};

struct MemberNode : ExprNode {
  std::vector<std::string> path;  // the root name, then each member
  ExprValue eval(const json& scope) const override {
    const json* cur = &scope;
    for (const std::string& name : path) {
      if (cur->is_object()) {
        const auto it = cur->find(name);
        if (it == cur->end()) return {};
        cur = &*it;
      } else if (cur->is_array()) {
        std::size_t index = 0;
        if (name.empty() || name.size() > 9 || name.find_first_not_of("0123456789") != std::string::npos)
          return {};
        index = std::stoul(name);
        if (index >= cur->size()) return {};
        cur = &(*cur)[index];
      } else if (cur->is_string() && name == "length") {
        return ExprValue::own(utf8::character_count(cur->get_ref<const std::string&>()));
      } else {
        return {};
      }
    }
    return ExprValue::ref(*cur);
  }
};

struct NotNode : ExprNode {
  ExprPtr operand;
  ExprValue eval(const json& scope) const override {
    return ExprValue::own(!expr_truthy(operand->eval(scope).get()));
  }
};

struct CompareNode : ExprNode {
  ExprOp op = ExprOp::StrictEq;
  ExprPtr left, right;
  ExprValue eval(const json& scope) const override {
    const ExprValue a = left->eval(scope);
    const ExprValue b = right->eval(scope);
    return ExprValue::own(expr_compare(op, a.get(), b.get()));
  }
};

// a || b || c (or &&): JavaScript's value, the first operand that decides.
struct LogicNode : ExprNode {
  bool is_or = true;
  std::vector<ExprPtr> operands;
  ExprValue eval(const json& scope) const override {
    ExprValue v;
    for (const ExprPtr& o : operands) {
      v = o->eval(scope);
      if (expr_truthy(v.get()) == is_or) return v;
    }
    return v;
  }
};

}  // namespace sciorex::flows::expr_tree
