// What an agent process printed, read as its outcome: see runner_output.hpp.
#include "runner_output.hpp"

#include <nlohmann/json.hpp>

#include "sciorex/text/utf8.hpp"

namespace sciorex::flows {

namespace {

using nlohmann::json;

std::string_view trimmed_output(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::optional<json> json_object_of(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

// The whole output as one object that `keep` accepts, else its last non-empty line as one.
template <class Keep>
std::optional<json> printed_json_object(std::string_view out, Keep keep) {
  const std::string_view all = trimmed_output(out);
  if (auto j = json_object_of(all); j && keep(*j)) return j;
  const auto nl = all.find_last_of('\n');
  if (nl == std::string_view::npos) return std::nullopt;
  if (auto j = json_object_of(trimmed_output(all.substr(nl + 1))); j && keep(*j)) return j;
  return std::nullopt;
}

std::optional<std::string> nonempty_string_member(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

std::string shortened(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (utf8::is_continuation(static_cast<unsigned char>(text[i]))) continue;
    if (chars == max_chars) return std::string(text.substr(0, i)) + "…";
    ++chars;
  }
  return std::string(text);
}

std::optional<RunnerOutput> parse_claude_output(std::string_view out) {
  const auto j = printed_json_object(out, [](const json& o) { return o.value("type", "") == "result"; });
  if (!j) return std::nullopt;
  RunnerOutput r;
  r.text = nonempty_string_member(*j, "result").value_or("");
  r.session_id = nonempty_string_member(*j, "session_id");
  const std::string subtype = j->value("subtype", "");
  const bool is_error = j->value("is_error", false);
  if (is_error || (!subtype.empty() && subtype != "success")) {
    std::string why = "claude reported an error";
    if (!subtype.empty() && subtype != "success") why += " (" + subtype + ")";
    if (!r.text.empty()) why += ": " + shortened(r.text, 300);
    r.error = why;
  }
  return r;
}

RunnerOutput parse_runner_output(std::string_view out) {
  RunnerOutput r;
  const auto j = printed_json_object(out, [](const json& o) {
    return nonempty_string_member(o, "session_id").has_value() ||
           (o.contains("result") && o["result"].is_string());
  });
  if (!j) {
    r.text = std::string(trimmed_output(out));
    return r;
  }
  r.text = nonempty_string_member(*j, "result").value_or("");
  r.session_id = nonempty_string_member(*j, "session_id");
  return r;
}

}  // namespace sciorex::flows
