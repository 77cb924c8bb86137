// Tool-argument readers (arguments.hpp): required and optional keys, with errors that name them.
#include "sciorex/protocol/arguments.hpp"

#include <cmath>

#include "sciorex/protocol/features.hpp"
#include "sciorex/text/utf8.hpp"

namespace sciorex::protocol::args {

namespace {

[[noreturn]] void bad(const char* key, const std::string& what) {
  throw ToolError("Invalid argument \"" + std::string(key) + "\": " + what);
}

const json* find(const json& a, const char* key) {
  auto it = a.find(key);
  return it == a.end() ? nullptr : &*it;
}

std::string checked_string(const json& v, const char* key, std::size_t max_length) {
  if (!v.is_string()) bad(key, std::string("expected a string, got ") + v.type_name());
  const auto& s = v.get_ref<const std::string&>();
  if (s.find('\0') != std::string::npos) bad(key, "must not contain a NUL character (U+0000)");
  if (s.size() > max_length && utf8::character_count(s) > max_length)
    bad(key, "longer than " + std::to_string(max_length) + " characters");
  return s;
}

}  // namespace

void only(const json& a, std::initializer_list<const char*> known) {
  for (auto it = a.begin(); it != a.end(); ++it) {
    bool ok = false;
    for (const char* k : known) ok = ok || it.key() == k;
    if (!ok) {
      std::string list;
      for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      throw ToolError("Unknown argument \"" + it.key() + "\". Valid arguments: " + list);
    }
  }
}

std::string required_string(const json& a, const char* key, std::size_t max_length) {
  const json* v = find(a, key);
  if (!v || v->is_null()) bad(key, "required");
  std::string s = checked_string(*v, key, max_length);
  if (s.find_first_not_of(" \t\r\n") == std::string::npos) bad(key, "must not be empty");
  return s;
}

std::optional<std::string> optional_string(const json& a, const char* key, std::size_t max_length) {
  const json* v = find(a, key);
  if (!v || v->is_null()) return std::nullopt;
  return checked_string(*v, key, max_length);
}

std::optional<std::optional<std::string>> nullable_string(const json& a, const char* key,
                                                          std::size_t max_length) {
  const json* v = find(a, key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>{};
  return std::optional<std::string>{checked_string(*v, key, max_length)};
}

std::optional<std::int64_t> optional_int(const json& a, const char* key, std::int64_t min, std::int64_t max) {
  const json* v = find(a, key);
  if (!v || v->is_null()) return std::nullopt;
  auto out_of_range = [&] {
    bad(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  };
  std::int64_t n = 0;
  if (v->is_number_unsigned()) {
    // Read as unsigned: past INT64_MAX it would wrap to a negative number.
    if (v->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) out_of_range();
    n = static_cast<std::int64_t>(v->get<std::uint64_t>());
  } else if (v->is_number_integer()) {
    n = v->get<std::int64_t>();
  } else if (v->is_number_float() && std::isfinite(v->get<double>()) &&
             v->get<double>() == std::trunc(v->get<double>())) {
    // A whole float (5.0). Range first: converting a double outside int64 is undefined behaviour
    // (UBSan in fuzz_tool_arguments on 2.5e112, issue 5).
    const double d = v->get<double>();
    if (d < static_cast<double>(min) || d > static_cast<double>(max) || d >= 9223372036854775808.0)
      out_of_range();
    n = static_cast<std::int64_t>(d);
  } else {
    bad(key, std::string("expected an integer, got ") + v->type_name());
  }
  if (n < min || n > max) out_of_range();
  return n;
}

std::optional<bool> optional_bool(const json& a, const char* key) {
  const json* v = find(a, key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_boolean()) bad(key, std::string("expected true or false, got ") + v->type_name());
  return v->get<bool>();
}

std::optional<std::vector<std::string>> optional_strings(const json& a, const char* key,
                                                         std::size_t max_items, std::size_t max_length) {
  const json* v = find(a, key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_array()) bad(key, std::string("expected an array of strings, got ") + v->type_name());
  if (v->size() > max_items) bad(key, "more than " + std::to_string(max_items) + " items");
  std::vector<std::string> out;
  out.reserve(v->size());
  for (const auto& item : *v) out.push_back(checked_string(item, key, max_length));
  return out;
}

std::optional<std::string> optional_enum(const json& a, const char* key, Names allowed) {
  auto s = optional_string(a, key, 100);
  if (!s) return s;
  for (std::string_view v : allowed)
    if (*s == v) return s;
  std::string list;
  for (std::string_view v : allowed) list += (list.empty() ? "" : ", ") + std::string(v);
  bad(key, "'" + *s + "' is not one of: " + list);
}

std::string required_enum(const json& a, const char* key, Names allowed) {
  auto s = optional_enum(a, key, allowed);
  if (!s) bad(key, "required");
  return *s;
}

}  // namespace sciorex::protocol::args
