// Checks 2026 Mcp-Param-* headers against the x-mcp-header arguments of a tool call (param_headers.hpp).
#include "param_headers.hpp"

#include <cmath>

#include "sciorex/protocol/errors.hpp"

namespace sciorex::protocol::detail {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Field values are visible ASCII, space and tab (RFC 9110); anything else is refused.
bool valid_field_value(const std::string& v) {
  for (unsigned char c : v)
    if (!(c == '\t' || (c >= 0x20 && c < 0x7F))) return false;
  return true;
}

// The argument as a header would carry it; nullopt for a type headers cannot carry.
std::optional<std::string> header_form(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number_unsigned()) return std::to_string(v.get<unsigned long long>());
  if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>())
    return std::to_string(static_cast<long long>(v.get<double>()));
  return std::nullopt;
}

bool same_value(const nlohmann::json& arg, const std::string& decoded) {
  auto form = header_form(arg);
  if (!form) return false;
  if (arg.is_number()) {  // integers compare numerically ("007" is 7)
    try {
      std::size_t used = 0;
      long long n = std::stoll(decoded, &used);
      return used == decoded.size() && std::to_string(n) == *form;
    } catch (...) {
      return false;
    }
  }
  return *form == decoded;
}

}  // namespace

std::optional<std::string> base64_decode_strict(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = text[i + k];
      if (c == '=') {
        if (i + 4 != text.size() || k < 2) return std::nullopt;
        v[k] = 0;
        ++pad;
      } else {
        if (pad) return std::nullopt;  // data after padding
        v[k] = value(c);
        if (v[k] < 0) return std::nullopt;
      }
    }
    unsigned n = (unsigned(v[0]) << 18) | (unsigned(v[1]) << 12) | (unsigned(v[2]) << 6) | unsigned(v[3]);
    out += static_cast<char>((n >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(n & 0xFF);
  }
  return out;
}

void check_param_headers(const nlohmann::json& input_schema, const nlohmann::json& arguments,
                         const std::vector<std::pair<std::string, std::string>>& headers) {
  auto props = input_schema.find("properties");
  if (props == input_schema.end() || !props->is_object()) return;
  for (auto& [name, schema] : props->items()) {
    if (!schema.is_object()) continue;
    auto marker = schema.find("x-mcp-header");
    if (marker == schema.end() || !marker->is_string()) continue;
    const std::string header = "Mcp-Param-" + marker->get<std::string>();
    const std::string key = lower(marker->get<std::string>());
    const nlohmann::json* arg =
        arguments.is_object() && arguments.contains(name) ? &arguments[name] : nullptr;
    const std::string* raw = nullptr;
    for (const auto& [k, v] : headers)
      if (k == key) raw = &v;
    if (!arg || arg->is_null()) continue;  // nothing to mirror; a stray header is ignored
    if (!raw)
      throw errors::header_mismatch(header + " header is required: the request sets arguments." + name);
    if (!valid_field_value(*raw)) throw errors::header_mismatch(header + " header has invalid characters");
    std::string decoded = *raw;
    const std::string open = "=?base64?", close = "?=";
    if (raw->size() >= open.size() + close.size() && raw->compare(0, open.size(), open) == 0 &&
        raw->compare(raw->size() - close.size(), close.size(), close) == 0) {
      auto d = base64_decode_strict(raw->substr(open.size(), raw->size() - open.size() - close.size()));
      if (!d) throw errors::header_mismatch(header + " header has a malformed base64 value");
      decoded = std::move(*d);
    }
    if (!same_value(*arg, decoded))
      throw errors::header_mismatch(header + " header does not match arguments." + name);
  }
}

}  // namespace sciorex::protocol::detail
