#pragma once
// Writing JSON text straight to a string, member by member, byte for byte as `serialize` (wire.hpp)
// would write the same document: for a large answer that is cheaper written once than built as a
// document and walked again. Header-only; the caller gives each object's keys in sorted order, as
// the document's std::map would write them.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sciorex/protocol/wire.hpp"

namespace sciorex::protocol::json_text {

// One JSON object: '{' on construction, '}' on destruction.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  ~ObjectWriter() { out_ += '}'; }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  // Writes `"k":` and returns the text for the caller to write the value to. Keys are plain ASCII.
  std::string& key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += k;
    out_ += "\":";
    return out_;
  }
  void text(std::string_view k, const std::string& v) { append_json_string(key(k), v); }
  void text(std::string_view k, std::string_view v) { text(k, std::string(v)); }
  void opt_text(std::string_view k, const std::optional<std::string>& v) {
    if (v)
      text(k, *v);
    else
      key(k) += "null";
  }
  void number(std::string_view k, std::size_t v) { key(k) += std::to_string(v); }
  void boolean(std::string_view k, bool v) { key(k) += v ? "true" : "false"; }

 private:
  std::string& out_;
  bool first_ = true;
};

// [f(items[0]), ..., f(items[n-1])] with n = min(size, limit); f writes each item to `out`.
template <class Items, class F>
void write_array(std::string& out, const Items& items, std::size_t limit, F&& f) {
  out += '[';
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) {
    if (i) out += ',';
    f(items[i]);
  }
  out += ']';
}

// An array of strings, the first `limit` of them.
template <class Texts>
void write_texts(std::string& out, const Texts& items, std::size_t limit = std::string::npos) {
  write_array(out, items, limit, [&](const std::string& v) { append_json_string(out, v); });
}

}  // namespace sciorex::protocol::json_text
