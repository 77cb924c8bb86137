// An agent's final text as a node's output (issue 12; the rule is in engine.hpp): the JSON object
// the text is, or ends with (a trailing ``` fence allowed), with `text` holding the whole text;
// otherwise the text as a JSON string. So a reviewer that ends with {"passed": true} makes
// `nodes.review.output.passed` true, and `{{nodes.review.output}}` still renders its whole answer.
#include <nlohmann/json.hpp>

#include "engine.hpp"

namespace sciorex::flows {

using nlohmann::json;

namespace {

// At most this many `{` are tried, from the end, as the start of the closing object.
constexpr int kMaxObjectStarts = 256;

std::string_view trim_end_spaces(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::optional<json> trailing_object(std::string_view text) {
  std::string_view s = trim_end_spaces(text);
  if (s.size() >= 3 && s.substr(s.size() - 3) == "```") s = trim_end_spaces(s.substr(0, s.size() - 3));
  if (s.empty() || s.back() != '}') return std::nullopt;
  std::size_t pos = s.size();
  for (int tries = 0; tries < kMaxObjectStarts; ++tries) {
    pos = s.rfind('{', pos == 0 ? 0 : pos - 1);
    if (pos == std::string_view::npos) return std::nullopt;
    json j = json::parse(s.substr(pos), nullptr, false);
    if (!j.is_discarded() && j.is_object()) return j;
    if (pos == 0) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

json agent_output(const std::string& text) {
  auto object = trailing_object(text);
  if (!object) return json(text);
  if (!object->contains("text")) (*object)["text"] = text;
  return *object;
}

}  // namespace sciorex::flows
