// Strict reading of definition files (issue 12), private to the definitions' sources: every value
// is read through a YamlFields of its mapping, which knows the keys allowed there, refuses unknown
// and duplicate keys, checks each value's type, and throws DefinitionFailure with the line of the
// value at fault. yaml-cpp stays inside servers/flows' .cpp files (this header is not public).
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sciorex::flows::defs {

// One refusal: the line (1-based; 0 for the whole file) and why. Caught per file by the loader.
struct DefinitionFailure : std::runtime_error {
  DefinitionFailure(int line, const std::string& message) : std::runtime_error(message), line(line) {}
  int line;
};

// The 1-based line of a node, or `fallback` when yaml-cpp has no mark for it (an empty value).
int line_of(const YAML::Node& node, int fallback = 0);

// Reads one YAML file; a syntax error is a DefinitionFailure at its line.
YAML::Node load_yaml_file(const std::string& path);

// The fields of one mapping (`what` names it in messages: "node 'plan'", "trigger", ...).
class YamlFields {
 public:
  // Throws when `map` is not a mapping; `line` is where the mapping is written (for empty values).
  YamlFields(const YAML::Node& map, std::string what, int line);

  // Refuses any key not in `known` and any key written twice, naming the known keys.
  void only(std::initializer_list<std::string_view> known) const;
  bool has(const std::string& key) const;
  int line() const { return line_; }
  int line(const std::string& key) const;  // the value's line (the mapping's when unknown)
  int item_line(const std::string& key, std::size_t index) const;  // a list item's line
  const std::string& what() const { return what_; }

  std::string required_string(const std::string& key) const;
  std::optional<std::string> optional_string(const std::string& key) const;
  // A whole number in [min, max].
  std::optional<int> optional_int(const std::string& key, int min, int max) const;
  // A list of strings; a single string is a list of one when `single_ok`.
  std::vector<std::string> string_list(const std::string& key, bool single_ok) const;
  // A mapping value (throws when missing and `required`).
  std::optional<YamlFields> mapping(const std::string& key, bool required) const;
  YAML::Node node(const std::string& key) const;

  [[noreturn]] void fail(const std::string& key, const std::string& why) const;
  [[noreturn]] void fail_item(const std::string& key, std::size_t index, const std::string& why) const;

 private:
  YAML::Node map_;
  std::string what_;
  int line_;
};

}  // namespace sciorex::flows::defs
