// Input templates (issue 12; the form is in template.hpp): parsed once at load into literal text
// and `{{path}}` placeholders, rendered against the run's scope. A path is dot-separated names of
// letters, digits, `_`, `-` and `$`; a name of digits indexes an array.
#include "template.hpp"

#include <nlohmann/json.hpp>

namespace sciorex::flows {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxTemplatePlaceholders = 200;

bool is_path_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '$';
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split_template_path(std::string_view inner) {
  const std::string_view path = trim_spaces(inner);
  if (path.empty()) throw TemplateError("an empty placeholder '{{}}'");
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    const std::string_view name = path.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (name.empty()) throw TemplateError("'{{" + std::string(path) + "}}' has an empty name between dots");
    for (const char c : name)
      if (!is_path_char(c))
        throw TemplateError("'{{" + std::string(path) +
                            "}}' is not a path of dot-separated names (letters, digits, _ and -)");
    out.emplace_back(name);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

std::string template_join(const std::vector<std::string>& path, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count && i < path.size(); ++i) out += (i ? "." : "") + path[i];
  return out;
}

const json* template_member(const json& v, const std::string& name) {
  if (v.is_object()) {
    const auto it = v.find(name);
    return it == v.end() ? nullptr : &*it;
  }
  if (v.is_array() && !name.empty() && name.size() <= 9 &&
      name.find_first_not_of("0123456789") == std::string::npos) {
    const std::size_t i = std::stoul(name);
    return i < v.size() ? &v[i] : nullptr;
  }
  return nullptr;
}

std::string template_value(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    const auto text = v.find("text");
    if (text != v.end() && text->is_string()) return text->get<std::string>();
  }
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

Template Template::parse(std::string_view text) {
  Template t;
  t.text_ = std::string(text);
  std::size_t pos = 0;
  for (;;) {
    const std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      t.literals_.emplace_back(text.substr(pos));
      break;
    }
    const std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos)
      throw TemplateError("'{{' at character " + std::to_string(open + 1) + " is never closed with '}}'");
    if (t.paths_.size() == kMaxTemplatePlaceholders)
      throw TemplateError("more than " + std::to_string(kMaxTemplatePlaceholders) + " placeholders");
    t.literals_.emplace_back(text.substr(pos, open - pos));
    t.paths_.push_back(split_template_path(text.substr(open + 2, close - open - 2)));
    pos = close + 2;
  }
  return t;
}

std::string Template::render(const json& scope) const {
  std::string out = literals_.empty() ? std::string() : literals_.front();
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    const std::vector<std::string>& path = paths_[i];
    const json* cur = &scope;
    for (std::size_t k = 0; k < path.size(); ++k) {
      cur = template_member(*cur, path[k]);
      if (cur != nullptr) continue;
      const std::string whole = "{{" + template_join(path, path.size()) + "}}";
      if (path[0] == "nodes" && k <= 2 && path.size() >= 2)
        throw TemplateError(whole + ": node '" + path[1] +
                            "' has no output in this run (it has not run before this node)");
      if (k == 0) throw TemplateError(whole + ": there is no '" + path[0] + "' here");
      throw TemplateError(whole + ": " + template_join(path, k) + " has no '" + path[k] + "'");
    }
    out += template_value(*cur);
    out += literals_[i + 1];
  }
  return out;
}

}  // namespace sciorex::flows
