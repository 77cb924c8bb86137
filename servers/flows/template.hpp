// Input templates (issue 12): text with `{{path}}` placeholders, e.g.
// "Implement based on this plan:\n{{nodes.plan.output}}\n\nTicket: {{trigger.ticket.id}}".
// A path is dot-separated names; it renders a string as is, an object or array as compact JSON,
// a number, boolean or null as JSON. An agent output object renders as its `text` member when it
// has one (so {{nodes.plan.output}} is the plan's text).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sciorex::flows {

struct TemplateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Template {
 public:
  Template() = default;
  // Throws TemplateError for an unclosed `{{` or an empty or malformed path.
  static Template parse(std::string_view text);

  // Throws TemplateError naming the first path that is missing from the scope.
  std::string render(const nlohmann::json& scope) const;
  // Every path used, each split on dots.
  const std::vector<std::vector<std::string>>& paths() const { return paths_; }
  const std::string& text() const { return text_; }
  bool empty() const { return text_.empty(); }

 private:
  std::string text_;
  std::vector<std::string> literals_;  // literals_.size() == paths_.size() + 1
  std::vector<std::vector<std::string>> paths_;
};

}  // namespace sciorex::flows
