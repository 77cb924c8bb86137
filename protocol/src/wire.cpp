// The wire serializer (wire.hpp): messages to compact JSON text, byte-for-byte as nlohmann writes
// them but faster on plain text, and raw pre-serialized JSON spliced in whole.
#include "sciorex/protocol/wire.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#include "sciorex/text/utf8.hpp"

namespace sciorex::protocol {

using nlohmann::json;

namespace {

// Byte-for-byte what nlohmann's dump(-1, ' ', false, replace) writes, without its per-byte UTF-8
// state machine: runs of plain ASCII are copied whole, well-formed UTF-8 sequences pass raw, and
// a string with any ill-formed sequence is handed to nlohmann so the replacement is exactly its
// own. Numbers other than integers (floats, binary) go to nlohmann too.

// Whether any of the 8 bytes in w needs a look of its own: a control byte (< 0x20), '"', '\\' or
// a byte of a multi-byte UTF-8 sequence (>= 0x80). Exact as a yes/no (the "has less than" and
// "has zero byte" word tricks), so plain text is skipped 8 bytes at a time.
bool needs_look(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  auto has_zero = [&](std::uint64_t x) { return ((x - ones) & ~x & highs) != 0; };
  const bool control = ((w - ones * 0x20) & ~w & highs) != 0;
  return control || (w & highs) != 0 || has_zero(w ^ (ones * '"')) || has_zero(w ^ (ones * '\\'));
}

void write_string(std::string& out, const std::string& s) {
  const std::size_t mark = out.size();
  out.push_back('"');
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  const auto* run = p;
  while (p < end) {
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (needs_look(w)) break;
      p += 8;
    }
    if (p == end) break;
    const unsigned char c = *p;
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++p;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t n = utf8::sequence_length(p, end);
      if (n == 0) {  // ill-formed: nlohmann's replacement rules, exactly
        out.resize(mark);
        out += json(s).dump(-1, ' ', false, json::error_handler_t::replace);
        return;
      }
      p += n;
      continue;
    }
    out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default: {
        static const char hex[] = "0123456789abcdef";
        const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        out.append(u, 6);
      }
    }
    run = ++p;
  }
  out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(end - run));
  out.push_back('"');
}

void write_value(std::string& out, const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, value] : j.get_ref<const json::object_t&>()) {
        if (!first) out.push_back(',');
        first = false;
        write_string(out, key);
        out.push_back(':');
        write_value(out, value);
      }
      out.push_back('}');
      return;
    }
    case json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& value : j.get_ref<const json::array_t&>()) {
        if (!first) out.push_back(',');
        first = false;
        write_value(out, value);
      }
      out.push_back(']');
      return;
    }
    case json::value_t::string:
      write_string(out, j.get_ref<const std::string&>());
      return;
    case json::value_t::boolean:
      out += j.get<bool>() ? "true" : "false";
      return;
    case json::value_t::null:
      out += "null";
      return;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: {
      char buf[24];
      auto r = j.is_number_unsigned() ? std::to_chars(buf, buf + sizeof buf, j.get<std::uint64_t>())
                                      : std::to_chars(buf, buf + sizeof buf, j.get<std::int64_t>());
      out.append(buf, r.ptr);
      return;
    }
    case json::value_t::binary:
      if (is_raw_json(j)) {
        const auto& bytes = j.get_binary();
        out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return;
      }
      [[fallthrough]];
    default:
      out += j.dump(-1, ' ', false, json::error_handler_t::replace);
      return;  // floats, binary
  }
}

}  // namespace

bool nests_deeper_than(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

namespace {
constexpr std::uint64_t kRawJsonSubtype = 0x5C4A;  // marks a binary value as JSON text (raw_json)
}  // namespace

json raw_json(std::string_view serialized) {
  return json::binary(json::binary_t::container_type(serialized.begin(), serialized.end()), kRawJsonSubtype);
}

bool is_raw_json(const json& value) {
  return value.is_binary() && value.get_binary().has_subtype() &&
         value.get_binary().subtype() == kRawJsonSubtype;
}

void append_json_string(std::string& out, const std::string& text) { write_string(out, text); }

std::string serialize(const nlohmann::json& message) {
  std::string out;
  out.reserve(512);
  write_value(out, message);
  return out;
}
}  // namespace sciorex::protocol
