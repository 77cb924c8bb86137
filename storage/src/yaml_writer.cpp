// The block-style YAML writer (see yaml_writer.hpp).
#include "yaml_writer.hpp"

#include <regex>

namespace sciorex::storage::yaml {
namespace {

// Plain only when every YAML reader (1.1 or 1.2, yaml-cpp, js-yaml) reads it back as this string:
// a letter, `_` or `/` first (no numbers, dates, hex, .inf), no indicators, not a bool/null word.
bool plain_safe(const std::string& s) {
  static const std::regex re(R"(^[A-Za-z_/][A-Za-z0-9 _./()+=@,-]*$)");
  if (s.empty() || s.size() > 200 || s.back() == ' ') return false;
  if (!std::regex_match(s, re)) return false;
  if (!resolve_plain(s).is_string()) return false;
  static const std::regex yaml11(R"(^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$)");
  return !std::regex_match(s, yaml11);
}

std::string double_quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// A literal block keeps the text exactly when every line is free of control characters and
// trailing blanks and the text does not start with a blank or a line break.
bool literal_safe(const std::string& s) {
  if (s.find('\n') == std::string::npos || s.front() == ' ' || s.front() == '\n' || s.front() == '\t')
    return false;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    const std::string line = s.substr(start, end - start);
    if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) return false;
    for (unsigned char c : line)
      if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
    start = end + 1;
  }
  return true;
}

void write_literal(std::string& out, const std::string& s, int indent) {
  std::size_t trailing = 0;
  while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
  out += trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+";
  out += "\n";
  const std::string body = s.substr(0, s.size() - trailing);
  std::size_t start = 0;
  while (true) {
    auto end = body.find('\n', start);
    const std::string line = body.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty()) out += std::string(static_cast<std::size_t>(indent), ' ') + line;
    out += "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  for (std::size_t i = 1; i < trailing; ++i) out += "\n";
}

void write_map(std::string& out, const Node& n, int indent, bool first_inline);
void write_seq(std::string& out, const Node& n, int indent);

// Writes the value after "key:" or "-" (the caller wrote that much, without a space).
void write_value(std::string& out, const Node& v, int indent) {
  if (v.kind == Node::Kind::Scalar) {
    out += " ";
    if (v.literal)
      write_literal(out, v.text, indent + 2);
    else
      out += v.text + "\n";
  } else if (v.kind == Node::Kind::Map) {
    if (v.map.empty()) {
      out += " {}\n";
    } else {
      out += "\n";
      write_map(out, v, indent + 2, false);
    }
  } else if (v.seq.empty()) {
    out += " []\n";
  } else {
    out += "\n";
    write_seq(out, v, indent + 2);
  }
}

void write_map(std::string& out, const Node& n, int indent, bool first_inline) {
  bool first = true;
  for (const auto& [key, value] : n.map) {
    if (!(first && first_inline)) out += std::string(static_cast<std::size_t>(indent), ' ');
    first = false;
    out += (plain_safe(key) ? key : double_quote(key)) + ":";
    write_value(out, value, indent);
  }
}

void write_seq(std::string& out, const Node& n, int indent) {
  for (const auto& item : n.seq) {
    out += std::string(static_cast<std::size_t>(indent), ' ') + "-";
    if (item.kind == Node::Kind::Map && !item.map.empty()) {
      out += " ";
      write_map(out, item, indent + 2, true);
    } else {
      write_value(out, item, indent);
    }
  }
}

}  // namespace

nlohmann::json resolve_plain(const std::string& s) {
  static const std::regex null_re(R"(^(~|null|Null|NULL|)$)");
  static const std::regex true_re(R"(^(true|True|TRUE)$)");
  static const std::regex false_re(R"(^(false|False|FALSE)$)");
  static const std::regex int_re(R"(^[-+]?[0-9]+$)");
  static const std::regex float_re(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
  static const std::regex special_re(R"(^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$)");
  if (std::regex_match(s, null_re)) return nullptr;
  if (std::regex_match(s, true_re)) return true;
  if (std::regex_match(s, false_re)) return false;
  if (std::regex_match(s, int_re)) {
    try {
      return std::stoll(s);
    } catch (const std::exception&) {
      return s;
    }
  }
  if (std::regex_match(s, float_re)) return std::stod(s);
  if (std::regex_match(s, special_re)) return s;  // not representable in JSON: keep the text
  return s;
}

Node str(const std::string& s) {
  if (literal_safe(s)) return Node{Node::Kind::Scalar, s, true, {}, {}};
  return raw(plain_safe(s) ? s : double_quote(s));
}
Node quoted(const std::string& s) { return raw(double_quote(s)); }
Node opt_str(const std::optional<std::string>& s) { return s ? str(*s) : raw("null"); }
Node opt_quoted(const std::optional<std::string>& s) { return s ? quoted(*s) : raw("null"); }
Node raw(const std::string& rendered) { return Node{Node::Kind::Scalar, rendered, false, {}, {}}; }
Node boolean(bool b) { return raw(b ? "true" : "false"); }

Node strings(const std::vector<std::string>& items) {
  Node n = Node::seq_node();
  for (const auto& s : items) n.seq.push_back(str(s));
  return n;
}

Node from_json(const nlohmann::json& j) {
  if (j.is_object()) {
    Node n = Node::map_node();
    for (const auto& [k, v] : j.items()) n.add(k, from_json(v));
    return n;
  }
  if (j.is_array()) {
    Node n = Node::seq_node();
    for (const auto& v : j) n.seq.push_back(from_json(v));
    return n;
  }
  if (j.is_string()) return str(j.get<std::string>());
  if (j.is_null()) return raw("null");
  if (j.is_boolean()) return boolean(j.get<bool>());
  return raw(j.dump());
}

std::string render(const Node& root) {
  std::string out;
  write_map(out, root, 0, false);
  return out;
}

}  // namespace sciorex::storage::yaml
