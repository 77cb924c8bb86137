// Reading the typed fields of one YAML document (text, timestamps, enums, ids, actors, details),
// each failure a FieldError with the line and field of the bad value, every text counted against
// the document's text budget. Private to the storage library.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sciorex/storage/config.hpp"
#include "sciorex/storage/types.hpp"
#include "yaml_reader.hpp"

namespace sciorex::storage::yaml {

int line_of(const YAML::Node& n);  // 1-based; 0 when the node has no mark
[[noreturn]] void fail(const YAML::Node& n, const std::string& field, const std::string& message);
// A required child: reported at its parent's line when missing.
YAML::Node req(const YAML::Node& parent, const char* key, const std::string& field);
// The list under `key`, or an undefined/null node when absent; fails on anything else.
YAML::Node seq_of(const YAML::Node& doc, const char* key);

// What to_json may build. yaml-cpp shares an aliased node instead of copying it, but converting
// expands every use of it, so a document of a few hundred bytes can stand for billions of values
// ("billion laughs"); the budget counts each use.
struct JsonBudget {
  std::size_t values = 10'000;
  std::size_t bytes =
      std::size_t{512} * 1024;  // of keys and scalars; an "updated" event holds two descriptions
  int depth = 64;
};

// A YAML node as JSON: quoted scalars stay strings, plain ones resolve (null, bool, numbers).
// Throws std::length_error when the result would exceed `budget` (which it uses up).
nlohmann::json to_json(const YAML::Node& node, JsonBudget& budget);

// One reader per document: it owns the budget of text that document may hand over in all.
// yaml-cpp shares an aliased node, but every use of it is read again, so a file of a few MB listing
// `*big` a million times would stand for terabytes.
class FieldReader {
 public:
  static constexpr std::size_t kMaxDocumentText = 64 << 20;

  explicit FieldReader(const StoreConfig& config, std::size_t text_budget = kMaxDocumentText)
      : config_(config), text_left_(text_budget) {}

  // A scalar as valid UTF-8 text, paid for from the budget.
  std::string text(const YAML::Node& n, const std::string& field);
  std::optional<std::string> opt_text(const YAML::Node& n, const std::string& field);
  std::string timestamp(const YAML::Node& n, const std::string& field);  // ISO-8601 UTC
  std::optional<std::string> opt_timestamp(const YAML::Node& n, const std::string& field);
  bool boolean(const YAML::Node& n, const std::string& field);
  // Text of at most `max` characters; not blank when `required`.
  std::string checked(const YAML::Node& n, const std::string& field, std::size_t max, bool required);
  // An id as the store spells it (its prefixes from the config).
  std::string id_field(const YAML::Node& n, const std::string& field);
  Actor actor(const YAML::Node& n, const std::string& field);
  // A history entry's details mapping as JSON text, within the document's budget too.
  std::string details_json(const YAML::Node& d, const std::string& field);

  template <class Parse>
  auto enum_value(const YAML::Node& n, const std::string& field, Parse parse, const std::string& valid) {
    const std::string s = text(n, field);
    auto v = parse(s);
    if (!v) fail(n, field, "invalid value '" + s + "'; valid values: " + valid);
    return *v;
  }

  std::size_t text_left() const { return text_left_; }

 private:
  const StoreConfig& config_;
  std::size_t text_left_;
};

}  // namespace sciorex::storage::yaml
