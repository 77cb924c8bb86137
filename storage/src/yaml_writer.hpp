// A small block-style YAML writer with exact control over key order and scalar styles (yaml-cpp's
// emitter decides quoting itself; Sciorex's layout wants quoted timestamps and `|` blocks).
// Private to the storage library.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace sciorex::storage::yaml {

struct Node {
  enum class Kind { Scalar, Map, Seq };
  // A key and its value. Not std::pair<std::string, Node>: a pair needs Node complete, and clang
  // (the fuzz build) refuses to instantiate it inside Node's own definition.
  struct Entry;
  Kind kind = Kind::Scalar;
  std::string text;      // scalar: already rendered (plain, quoted, null, number)
  bool literal = false;  // scalar: `text` is the raw string, written as a `|` block
  std::vector<Entry> map;
  std::vector<Node> seq;

  static Node map_node();
  static Node seq_node();
  Node& add(const std::string& key, Node value);
};

struct Node::Entry {
  Entry(std::string k, Node v) : first(std::move(k)), second(std::move(v)) {}
  std::string first;
  Node second;
};

inline Node Node::map_node() {
  Node n;
  n.kind = Kind::Map;
  return n;
}
inline Node Node::seq_node() {
  Node n;
  n.kind = Kind::Seq;
  return n;
}
inline Node& Node::add(const std::string& key, Node value) {
  map.emplace_back(key, std::move(value));
  return map.back().second;
}

Node str(const std::string& s);     // plain when safe, else double-quoted, `|` when multi-line
Node quoted(const std::string& s);  // always double-quoted (timestamps)
Node opt_str(const std::optional<std::string>& s);     // null when absent
Node opt_quoted(const std::optional<std::string>& s);  // null when absent
Node raw(const std::string& rendered);                 // e.g. "true", "null", "42"
Node boolean(bool b);
Node from_json(const nlohmann::json& j);
Node strings(const std::vector<std::string>& items);

// The document text of a top-level mapping.
std::string render(const Node& root);

// YAML 1.2 core-schema resolution of a plain scalar: null, bool, int, float or string.
nlohmann::json resolve_plain(const std::string& s);

}  // namespace sciorex::storage::yaml
