// The `flows.runner` placeholders: see runner_template.hpp.
#include "runner_template.hpp"

#include <array>
#include <stdexcept>

namespace sciorex::flows {

namespace {

constexpr std::array<std::string_view, 13> kRunnerPlaceholderNames = {
    "input", "systemPrompt", "model", "agent", "mcpConfig", "allowedTools",  "workspace",
    "db",    "flow",         "runId", "node",  "ticket",    "thinkingTokens"};

bool runner_word_char(char c, bool first) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return first ? letter : letter || (c >= '0' && c <= '9') || c == '_';
}

// The length of the `{word}` at `at` (braces included), or 0 when there is none.
std::size_t runner_placeholder_at(std::string_view s, std::size_t at) {
  if (s[at] != '{') return 0;
  std::size_t i = at + 1;
  while (i < s.size() && runner_word_char(s[i], i == at + 1)) ++i;
  if (i == at + 1 || i >= s.size() || s[i] != '}') return 0;
  return i + 1 - at;
}

bool known_runner_placeholder(std::string_view name) {
  for (auto known : kRunnerPlaceholderNames)
    if (known == name) return true;
  return false;
}

}  // namespace

void check_runner_argument(std::string_view arg) {
  for (std::size_t i = 0; i < arg.size(); ++i) {
    const std::size_t n = runner_placeholder_at(arg, i);
    if (n == 0) continue;
    const std::string_view name = arg.substr(i + 1, n - 2);
    if (!known_runner_placeholder(name)) {
      std::string all;
      for (auto known : kRunnerPlaceholderNames)
        all += (all.empty() ? "{" : ", {") + std::string(known) + "}";
      throw std::invalid_argument("unknown placeholder {" + std::string(name) + "} in '" + std::string(arg) +
                                  "'; the placeholders are " + all);
    }
    i += n - 1;
  }
}

std::string expand_runner_argument(std::string_view arg, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(arg.size());
  for (std::size_t i = 0; i < arg.size();) {
    const std::size_t n = runner_placeholder_at(arg, i);
    const std::string name(n ? arg.substr(i + 1, n - 2) : std::string_view());
    if (n == 0 || !known_runner_placeholder(name)) {
      out += arg[i++];
      continue;
    }
    if (auto it = values.find(name); it != values.end()) out += it->second;
    i += n;
  }
  return out;
}

}  // namespace sciorex::flows
