// Condition expressions (issue 12; the grammar and semantics are in expression.hpp): a lexer, a
// recursive-descent parser that builds a small tree, and an evaluator over a JSON scope.
//
// Safety: no name is ever resolved to code; the only thing an expression can do is read members
// of the scope and compare them. The text is bounded (1,000 characters) and so is the tree's depth
// (64, checked while parsing, so the recursion of the parser, the evaluator and the destructor is
// bounded too). `&&` and `||` chains are one node each, so a long chain is not a deep tree.
// Evaluation never throws: a missing member is undefined, a comparison of unlike values is false.
#include "expression.hpp"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <utility>
#include <variant>

#include "expression_tree.hpp"
#include "sciorex/text/utf8.hpp"

namespace sciorex::flows {

using nlohmann::json;

ExpressionError::ExpressionError(std::size_t column, const std::string& message)
    : std::runtime_error("column " + std::to_string(column) + ": " + message), column(column) {}

namespace {

constexpr std::size_t kMaxExpressionChars = 1000;
constexpr int kMaxExpressionDepth = 64;

using namespace expr_tree;  // NOLINT(google-build-using-namespace): the tree is this file's own

// ---- the lexer and parser ------------------------------------------------------------------------
class ExprParser {
 public:
  explicit ExprParser(std::string_view text) : s_(text) {}

  ExprPtr parse_all(std::vector<std::vector<std::string>>& paths) {
    paths_ = &paths;
    skip_space();
    if (pos_ == s_.size()) fail(pos_, "an empty expression");
    ExprPtr e = parse_or();
    skip_space();
    if (pos_ != s_.size()) fail(pos_, "unexpected '" + std::string(token_text()) + "' after the expression");
    return e;
  }

 private:
  [[noreturn]] void fail(std::size_t at, const std::string& why) const {
    throw ExpressionError(utf8::character_count(s_.substr(0, at)) + 1, why);
  }

  // The text at pos_ for a message: up to a space or about 12 bytes, never half a character.
  std::string_view token_text() const {
    std::size_t end = pos_ + 1;
    while (end < s_.size() && end - pos_ < 12 && s_[end] != ' ') ++end;
    while (end < s_.size() && utf8::is_continuation(static_cast<unsigned char>(s_[end]))) ++end;
    return s_.substr(pos_, end - pos_);
  }

  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }

  bool eat(std::string_view op) {
    skip_space();
    if (s_.substr(pos_, op.size()) != op) return false;
    pos_ += op.size();
    return true;
  }

  template <class N>
  ExprPtr finish(std::unique_ptr<N> n, std::size_t at, int child_depth) {
    n->depth = child_depth + 1;
    if (n->depth > kMaxExpressionDepth)
      fail(at, "the expression is nested more than " + std::to_string(kMaxExpressionDepth) + " deep");
    return n;
  }

  ExprPtr parse_logic(bool is_or) {
    const std::size_t at = pos_;
    ExprPtr first = is_or ? parse_logic(false) : parse_equality();
    const std::string_view op = is_or ? "||" : "&&";
    if (!eat(op)) return first;
    auto n = std::make_unique<LogicNode>();
    n->is_or = is_or;
    int depth = first->depth;
    n->operands.push_back(std::move(first));
    do {
      n->operands.push_back(is_or ? parse_logic(false) : parse_equality());
      depth = std::max(depth, n->operands.back()->depth);
    } while (eat(op));
    return finish(std::move(n), at, depth);
  }
  ExprPtr parse_or() { return parse_logic(true); }

  std::optional<ExprOp> equality_op() {
    skip_space();
    for (const auto& [text, op] : {std::pair{"===", ExprOp::StrictEq}, std::pair{"!==", ExprOp::StrictNe},
                                   std::pair{"==", ExprOp::Eq}, std::pair{"!=", ExprOp::Ne}})
      if (eat(text)) return op;
    return std::nullopt;
  }
  std::optional<ExprOp> relational_op() {
    skip_space();
    for (const auto& [text, op] : {std::pair{"<=", ExprOp::Le}, std::pair{">=", ExprOp::Ge},
                                   std::pair{"<", ExprOp::Lt}, std::pair{">", ExprOp::Gt}})
      if (eat(text)) return op;
    return std::nullopt;
  }

  ExprPtr binary(ExprPtr left, ExprOp op, ExprPtr right, std::size_t at) {
    auto n = std::make_unique<CompareNode>();
    n->op = op;
    const int depth = std::max(left->depth, right->depth);
    n->left = std::move(left);
    n->right = std::move(right);
    return finish(std::move(n), at, depth);
  }

  ExprPtr parse_equality() {
    const std::size_t at = pos_;
    ExprPtr left = parse_relational();
    while (const auto op = equality_op()) left = binary(std::move(left), *op, parse_relational(), at);
    return left;
  }

  ExprPtr parse_relational() {
    const std::size_t at = pos_;
    ExprPtr left = parse_unary();
    while (const auto op = relational_op()) left = binary(std::move(left), *op, parse_unary(), at);
    return left;
  }

  ExprPtr parse_unary() {
    skip_space();
    const std::size_t at = pos_;
    if (s_.substr(pos_, 1) == "!" && s_.substr(pos_, 2) != "!=") {
      ++pos_;
      enter(at);
      auto n = std::make_unique<NotNode>();
      n->operand = parse_unary();
      --nesting_;
      const int depth = n->operand->depth;
      return finish(std::move(n), at, depth);
    }
    return parse_primary();
  }

  // Bounds the parser's own recursion before the tree exists to be measured.
  void enter(std::size_t at) {
    if (++nesting_ > kMaxExpressionDepth)
      fail(at, "the expression is nested more than " + std::to_string(kMaxExpressionDepth) + " deep");
  }

  ExprPtr parse_primary() {
    skip_space();
    const std::size_t at = pos_;
    if (pos_ == s_.size()) fail(pos_, "the expression ends where a value was expected");
    const char c = s_[pos_];
    if (c == '(') {
      ++pos_;
      enter(at);
      ExprPtr inner = parse_or();
      --nesting_;
      if (!eat(")")) fail(pos_, "expected ')' to close the '(' at column " + column_of(at));
      return inner;
    }
    if (c == '"' || c == '\'') return std::make_unique<LiteralNode>(json(read_string()));
    if (c == '-' || (c >= '0' && c <= '9')) return std::make_unique<LiteralNode>(read_number());
    if (is_name_start(c)) return parse_name();
    fail(pos_, "unexpected '" + std::string(token_text()) + "' where a value was expected");
  }

  std::string column_of(std::size_t at) const {
    return std::to_string(utf8::character_count(s_.substr(0, at)) + 1);
  }

  static bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
  }
  static bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

  std::string read_name() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && is_name_char(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  ExprPtr parse_name() {
    const std::size_t at = pos_;
    std::string name = read_name();
    if (name == "true") return std::make_unique<LiteralNode>(json(true));
    if (name == "false") return std::make_unique<LiteralNode>(json(false));
    if (name == "null") return std::make_unique<LiteralNode>(json(nullptr));
    if (name == "undefined") return std::make_unique<LiteralNode>(std::nullopt);
    auto n = std::make_unique<MemberNode>();
    n->path.push_back(std::move(name));
    for (;;) {
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == '.') {
        ++pos_;
        skip_space();
        if (pos_ == s_.size() || !is_name_start(s_[pos_])) fail(pos_, "expected a member name after '.'");
        n->path.push_back(read_name());
      } else if (pos_ < s_.size() && s_[pos_] == '[') {
        ++pos_;
        skip_space();
        if (pos_ < s_.size() && (s_[pos_] == '"' || s_[pos_] == '\'')) {
          n->path.push_back(read_string());
        } else if (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
          const std::size_t start = pos_;
          while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
          n->path.emplace_back(s_.substr(start, pos_ - start));
        } else {
          fail(pos_, "expected a string or an index inside '[ ]'");
        }
        if (!eat("]")) fail(pos_, "expected ']'");
      } else {
        break;
      }
      if (n->path.size() > static_cast<std::size_t>(kMaxExpressionDepth))
        fail(at, "the member path is too long");
    }
    paths_->push_back(n->path);
    return n;
  }

  std::string read_string() {
    const std::size_t open = pos_;
    const char quote = s_[pos_++];
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      char c = s_[pos_];
      if (static_cast<unsigned char>(c) < 0x20) fail(pos_, "a control character inside a string");
      if (c == '\\') {
        if (++pos_ == s_.size()) break;
        switch (s_[pos_]) {
          case 'n':
            c = '\n';
            break;
          case 't':
            c = '\t';
            break;
          case 'r':
            c = '\r';
            break;
          case '\\':
          case '\'':
          case '"':
          case '/':
            c = s_[pos_];
            break;
          default:
            fail(pos_ - 1,
                 "an unknown escape '\\" + std::string(1, s_[pos_]) + "' (known: \\n \\t \\r \\\\ \\' \\\")");
        }
      }
      out += c;
      ++pos_;
    }
    if (pos_ == s_.size()) fail(open, "a string that is never closed");
    ++pos_;
    return out;
  }

  json read_number() {
    const std::size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    const std::size_t digits = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    if (pos_ == digits) fail(start, "expected a number after '-'");
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      const std::size_t frac = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ == frac) fail(pos_, "expected digits after '.'");
    }
    if (pos_ < s_.size() && is_name_char(s_[pos_])) fail(pos_, "a number followed by a name");
    json n = json::parse(s_.substr(start, pos_ - start), nullptr, false);
    if (n.is_discarded() || !n.is_number()) fail(start, "a malformed number");
    return n;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  int nesting_ = 0;
  std::vector<std::vector<std::string>>* paths_ = nullptr;
};

class ParsedExpression final : public Expression {
 public:
  ParsedExpression(std::string text, ExprPtr root, std::vector<std::vector<std::string>> paths)
      : text_(std::move(text)), root_(std::move(root)), paths_(std::move(paths)) {}

  bool test(const json& scope) const override { return expr_truthy(root_->eval(scope).get()); }
  std::vector<std::vector<std::string>> paths() const override { return paths_; }
  const std::string& text() const override { return text_; }

 private:
  std::string text_;
  ExprPtr root_;
  std::vector<std::vector<std::string>> paths_;
};

}  // namespace

std::shared_ptr<const Expression> Expression::parse(std::string_view text) {
  if (!utf8::is_valid(text)) throw ExpressionError(1, "the expression is not valid UTF-8");
  if (utf8::character_count(text) > kMaxExpressionChars)
    throw ExpressionError(kMaxExpressionChars + 1, "the expression is longer than " +
                                                       std::to_string(kMaxExpressionChars) + " characters");
  std::vector<std::vector<std::string>> paths;
  ExprParser parser(text);
  ExprPtr root = parser.parse_all(paths);
  return std::make_shared<ParsedExpression>(std::string(text), std::move(root), std::move(paths));
}

}  // namespace sciorex::flows
