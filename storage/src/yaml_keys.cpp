// check_unique_keys (yaml_reader.hpp): yaml-cpp builds a mapping with two equal keys and answers
// the first, so `status: done` written twice, or a key left behind by a merge, was dropped without
// a word (issue 16). The check runs on parser events, where an alias is one event: a document of
// a few aliases cannot make it walk billions of nodes.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>

#include "yaml_reader.hpp"

namespace sciorex::storage::yaml {
namespace {

class KeyChecker : public YAML::EventHandler {
 public:
  int last_start = -1;  // where the last document started

  void OnDocumentStart(const YAML::Mark& mark) override {
    stack_.clear();
    // On some malformed input (`, a: b}`) yaml-cpp hands out the same document again and again
    // without advancing (YAML::LoadAll never returns): stop there (found by the fuzzer).
    if (mark.pos <= last_start) throw YAML::ParserException(mark, "malformed YAML: the parser cannot go on");
    last_start = mark.pos;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { leaf(mark, "null"); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    leaf(mark, "*" + std::to_string(anchor));
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    leaf(mark, value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(mark, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(mark, true);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    bool map;
    bool at_key = true;                          // a mapping: the next node is a key
    std::size_t index = 0;                       // a sequence: the next item's index
    std::string key;                             // a mapping: the key whose value comes next
    std::unordered_map<std::string, int> lines;  // a mapping: its keys so far, at their lines
  };

  // The field path of the node about to come, e.g. "subtasks[1].title".
  std::string path() const {
    std::string out;
    for (const Frame& f : stack_) {
      if (f.map && !f.at_key) out += (out.empty() ? "" : ".") + f.key;
      if (!f.map) out += "[" + std::to_string(f.index) + "]";
    }
    return out;
  }

  // A node starts in its parent: as a key, it must be new to the mapping.
  void enter(const YAML::Mark& mark, const std::string* key) {
    if (stack_.empty() || !stack_.back().map || !stack_.back().at_key) return;
    Frame& parent = stack_.back();
    parent.key = key ? *key : "?";
    if (!key) return;  // a mapping or list as a key: not one Sciorex writes, nothing to compare
    const int line = mark.is_null() ? 0 : mark.line + 1;
    const auto [it, added] = parent.lines.emplace(*key, line);
    if (!added) {
      const std::string prefix = path();
      throw FieldError(line, prefix + (prefix.empty() ? "" : ".") + *key,
                       "duplicate key '" + *key + "' (also at line " + std::to_string(it->second) +
                           "); a key may appear once in a mapping");
    }
  }
  // A node ends in its parent: a key is followed by its value, a value by the next key.
  void leave() {
    if (stack_.empty()) return;
    Frame& parent = stack_.back();
    if (parent.map)
      parent.at_key = !parent.at_key;
    else
      ++parent.index;
  }

  void leaf(const YAML::Mark& mark, const std::string& text) {
    enter(mark, &text);
    leave();
  }
  void open(const YAML::Mark& mark, bool map) {
    enter(mark, nullptr);
    stack_.push_back({map});
  }
  void close() {
    stack_.pop_back();
    leave();
  }

  std::vector<Frame> stack_;
};

}  // namespace

void check_unique_keys(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  KeyChecker checker;
  while (parser.HandleNextDocument(checker)) {
  }
}

}  // namespace sciorex::storage::yaml
