// The fields of one YAML document read with their line and field (see yaml_fields.hpp), and YAML
// values converted to JSON within a budget (to_json).
#include "yaml_fields.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "sciorex/storage/errors.hpp"
#include "sciorex/text/utf8.hpp"
#include "ticket_validation.hpp"
#include "tx.hpp"
#include "yaml_writer.hpp"

namespace sciorex::storage::yaml {

int line_of(const YAML::Node& n) {
  if (!n.IsDefined() || n.Mark().is_null()) return 0;
  return n.Mark().line + 1;
}

void fail(const YAML::Node& n, const std::string& field, const std::string& message) {
  throw FieldError(line_of(n), field, message);
}

YAML::Node req(const YAML::Node& parent, const char* key, const std::string& field) {
  YAML::Node n = parent[key];
  if (!n || n.IsNull()) fail(parent, field, "missing");
  return n;
}

std::string FieldReader::text(const YAML::Node& n, const std::string& field) {
  if (!n) fail(n, field, "missing");
  if (!n.IsScalar()) fail(n, field, "expected text");
  if (n.Scalar().size() > text_left_)
    fail(n, field, "the document holds more than 64 MiB of text (an alias counts every time it is used)");
  text_left_ -= n.Scalar().size();
  // yaml-cpp passes bytes through unchecked, and a "\uD800" escape becomes an encoded surrogate:
  // text that is not UTF-8 would reach the store, and the JSON written from it (labels, details)
  // would throw (found by fuzz_yaml_import, issue 5).
  if (!utf8::is_valid(n.Scalar())) fail(n, field, "not valid UTF-8 text");
  return n.Scalar();
}

std::optional<std::string> FieldReader::opt_text(const YAML::Node& n, const std::string& field) {
  if (!n || n.IsNull()) return std::nullopt;
  return text(n, field);
}

std::string FieldReader::timestamp(const YAML::Node& n, const std::string& field) {
  std::string s = text(n, field);
  if (!is_iso_timestamp(s))
    fail(n, field, "expected an ISO-8601 UTC timestamp like \"2024-12-06T15:45:00Z\"");
  return s;
}

std::optional<std::string> FieldReader::opt_timestamp(const YAML::Node& n, const std::string& field) {
  if (!n || n.IsNull()) return std::nullopt;
  return timestamp(n, field);
}

bool FieldReader::boolean(const YAML::Node& n, const std::string& field) {
  const auto v = resolve_plain(text(n, field));
  if (!v.is_boolean() || n.Tag() == "!") fail(n, field, "expected true or false");
  return v.get<bool>();
}

std::string FieldReader::checked(const YAML::Node& n, const std::string& field, std::size_t max,
                                 bool required) {
  std::string s = text(n, field);
  if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) fail(n, field, "must not be empty");
  if (s.size() > max && utf8::character_count(s) > max)  // a character takes at least one byte
    fail(n, field,
         "too long (" + std::to_string(utf8::character_count(s)) + " characters; at most " +
             std::to_string(max) + ")");
  return s;
}

YAML::Node seq_of(const YAML::Node& doc, const char* key) {
  const YAML::Node n = doc[key];
  if (n && !n.IsNull() && !n.IsSequence()) fail(n, key, "expected a list");
  return n;
}

// An id as the store spells it. Ids are matched exactly, so `t-716` in a store whose prefix is T
// would name a ticket that no tool finds (issue 16): a prefix must be the store's own, or in capitals.
std::string FieldReader::id_field(const YAML::Node& n, const std::string& field) {
  std::string s = text(n, field);
  try {
    detail::check_id_syntax(s, field);
  } catch (const StoreError& e) {
    fail(n, field, e.what());
  }
  const std::string prefix = s.substr(0, s.find('-'));
  if (prefix == config_.ticket_prefix || prefix == config_.epic_prefix) return s;
  auto upper = [](std::string t) {
    for (auto& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return t;
  };
  for (const std::string* own : {&config_.ticket_prefix, &config_.epic_prefix})
    if (upper(prefix) == upper(*own))
      fail(n, field,
           "invalid id '" + s + "': this store writes it " + *own + s.substr(prefix.size()) +
               " (ids are matched exactly)");
  if (upper(prefix) != prefix)
    fail(n, field,
         "invalid id '" + s + "': write its prefix in capitals, " + upper(prefix) + s.substr(prefix.size()) +
             " (ids are matched exactly)");
  return s;
}

Actor FieldReader::actor(const YAML::Node& n, const std::string& field) {
  if (!n.IsMap()) fail(n, field, "expected a mapping with type and id");
  Actor a;
  a.type =
      enum_value(req(n, "type", field + ".type"), field + ".type", parse_actor_type, "user, agent, system");
  a.id = checked(req(n, "id", field + ".id"), field + ".id", detail::kMaxShort, true);
  if (const auto c = n["client"]; c && !c.IsNull())
    a.client = checked(c, field + ".client", detail::kMaxShort, true);
  if (const auto p = n["onBehalfOf"]; p && !p.IsNull())
    a.on_behalf_of = checked(p, field + ".onBehalfOf", 64, true);
  return a;
}

std::string FieldReader::details_json(const YAML::Node& d, const std::string& field) {
  try {
    JsonBudget budget;
    budget.bytes = std::min(budget.bytes, text_left_);  // within the document's budget too
    const std::size_t before = budget.bytes;
    std::string out = to_json(d, budget).dump();
    text_left_ -= before - budget.bytes;
    return out;
  } catch (const nlohmann::json::type_error&) {  // 316: a key or value is not UTF-8
    fail(d, field, "not valid UTF-8 text");
  } catch (const std::length_error&) {
    const JsonBudget limits;
    fail(d, field,
         "too large: at most " + std::to_string(limits.values) + " values, " +
             std::to_string(limits.bytes / 1024) + " KiB of text and " + std::to_string(limits.depth) +
             " levels (an alias counts every time it is used)");
  }
}

nlohmann::json to_json(const YAML::Node& n, JsonBudget& budget) {
  auto spend = [&budget](std::size_t bytes) {
    if (budget.values == 0 || bytes > budget.bytes) throw std::length_error("YAML value over budget");
    --budget.values;
    budget.bytes -= bytes;
  };
  spend(0);
  if (n.IsMap() || n.IsSequence()) {
    if (budget.depth == 0) throw std::length_error("YAML value nested too deeply");
    --budget.depth;
    nlohmann::json j = n.IsMap() ? nlohmann::json::object() : nlohmann::json::array();
    if (n.IsMap()) {
      for (const auto& kv : n) {
        spend(kv.first.Scalar().size());
        j[kv.first.Scalar()] = to_json(kv.second, budget);
      }
    } else {
      for (const auto& v : n) j.push_back(to_json(v, budget));
    }
    ++budget.depth;
    return j;
  }
  if (!n || n.IsNull()) return nullptr;
  spend(n.Scalar().size());
  if (n.Tag() == "!") return n.Scalar();  // quoted: always a string
  return resolve_plain(n.Scalar());
}

}  // namespace sciorex::storage::yaml
