// Strict reading of definition files (see definitions_yaml.hpp): known keys, types and lines.
#include "definitions_yaml.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "sciorex/text/utf8.hpp"

namespace sciorex::flows::defs {

namespace {

constexpr std::uintmax_t kMaxDefinitionBytes = std::uintmax_t{1024} * 1024;

std::string yaml_list_keys(std::initializer_list<std::string_view> known) {
  std::string out;
  for (const std::string_view k : known) out += (out.empty() ? "" : ", ") + std::string(k);
  return out;
}

std::string yaml_kind_of(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    default:
      return "a single value";
  }
}

}  // namespace

int line_of(const YAML::Node& node, int fallback) {
  if (!node.IsDefined()) return fallback;
  const YAML::Mark m = node.Mark();
  return m.is_null() ? fallback : m.line + 1;
}

YAML::Node load_yaml_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DefinitionFailure(0, "cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxDefinitionBytes) throw DefinitionFailure(0, "is larger than 1 MB");
  // Names and texts go into the store and into JSON: refuse bad UTF-8 at its line.
  const std::string& all = text.str();
  const auto* p = reinterpret_cast<const unsigned char*>(all.data());
  const auto* end = p + all.size();
  for (int line = 1; p < end;) {
    const std::size_t n = utf8::sequence_length(p, end);
    if (n == 0) throw DefinitionFailure(line, "is not valid UTF-8");
    line += *p == '\n';
    p += n;
  }
  try {
    return YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    throw DefinitionFailure(e.mark.is_null() ? 0 : e.mark.line + 1, "not valid YAML: " + e.msg);
  }
}

YamlFields::YamlFields(const YAML::Node& map, std::string what, int line)
    : map_(map), what_(std::move(what)), line_(line_of(map, line)) {
  if (!map_.IsMap())
    throw DefinitionFailure(line_, what_ + ": expected a mapping, found " + yaml_kind_of(map_));
}

void YamlFields::only(std::initializer_list<std::string_view> known) const {
  std::set<std::string> seen;
  for (const auto& kv : map_) {
    const int line = line_of(kv.first, line_);
    if (!kv.first.IsScalar()) throw DefinitionFailure(line, what_ + ": a key must be a plain name");
    const std::string key = kv.first.Scalar();
    bool ok = false;
    for (const std::string_view k : known) ok = ok || k == key;
    if (!ok)
      throw DefinitionFailure(line,
                              what_ + ": unknown key '" + key + "' (known: " + yaml_list_keys(known) + ")");
    if (!seen.insert(key).second) throw DefinitionFailure(line, what_ + ": '" + key + "' is written twice");
  }
}

bool YamlFields::has(const std::string& key) const { return node(key).IsDefined(); }

YAML::Node YamlFields::node(const std::string& key) const {
  const YAML::Node& m = map_;
  return m[key];
}

int YamlFields::line(const std::string& key) const {
  for (const auto& kv : map_)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return line_of(kv.second, line_of(kv.first, line_));
  return line_;
}

int YamlFields::item_line(const std::string& key, std::size_t index) const {
  const YAML::Node n = node(key);
  return n.IsSequence() && index < n.size() ? line_of(n[index], line(key)) : line(key);
}

void YamlFields::fail_item(const std::string& key, std::size_t index, const std::string& why) const {
  throw DefinitionFailure(item_line(key, index), what_ + ": " + key + ": " + why);
}

void YamlFields::fail(const std::string& key, const std::string& why) const {
  throw DefinitionFailure(line(key), what_ + ": " + key + ": " + why);
}

std::string YamlFields::required_string(const std::string& key) const {
  auto v = optional_string(key);
  if (!v) throw DefinitionFailure(line_, what_ + ": '" + key + "' is missing");
  return *v;
}

std::optional<std::string> YamlFields::optional_string(const std::string& key) const {
  const YAML::Node n = node(key);
  if (!n.IsDefined()) return std::nullopt;
  if (!n.IsScalar()) fail(key, "expected text, found " + yaml_kind_of(n));
  if (n.Scalar().empty()) fail(key, "must not be empty");
  if (n.Scalar().find('\0') != std::string::npos) fail(key, "contains a NUL character");
  return n.Scalar();
}

std::optional<int> YamlFields::optional_int(const std::string& key, int min, int max) const {
  const YAML::Node n = node(key);
  if (!n.IsDefined()) return std::nullopt;
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  if (!n.IsScalar()) fail(key, "expected a whole number " + range + ", found " + yaml_kind_of(n));
  const std::string& s = n.Scalar();
  long long v = 0;
  std::size_t used = 0;
  try {
    v = std::stoll(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != s.size()) fail(key, "expected a whole number " + range + ", found '" + s + "'");
  if (v < min || v > max) fail(key, "must be " + range + ", found " + s);
  return static_cast<int>(v);
}

std::vector<std::string> YamlFields::string_list(const std::string& key, bool single_ok) const {
  const YAML::Node n = node(key);
  std::vector<std::string> out;
  if (!n.IsDefined()) return out;
  if (n.IsScalar() && single_ok) return {*optional_string(key)};
  if (!n.IsSequence()) fail(key, "expected a list of names, found " + yaml_kind_of(n));
  for (const auto& item : n) {
    if (!item.IsScalar() || item.Scalar().empty())
      throw DefinitionFailure(line_of(item, line(key)),
                              what_ + ": " + key + ": each item must be a non-empty name");
    out.push_back(item.Scalar());
  }
  return out;
}

std::optional<YamlFields> YamlFields::mapping(const std::string& key, bool required) const {
  const YAML::Node n = node(key);
  if (!n.IsDefined()) {
    if (required) throw DefinitionFailure(line_, what_ + ": '" + key + "' is missing");
    return std::nullopt;
  }
  return YamlFields(n, what_ == "flow" || what_ == "agent" ? key : what_ + "." + key, line(key));
}

}  // namespace sciorex::flows::defs
