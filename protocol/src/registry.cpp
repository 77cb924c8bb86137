// The registries of tools, prompts and resources behind one lock (registry.hpp).
#include "registry.hpp"

#include <algorithm>
#include <mutex>
#include <set>

#include "extensions.hpp"

namespace sciorex::protocol {

using nlohmann::json;

void Registry::add_tool(ToolDefinition def, ToolHandler handler) {
  std::string name = def.definition.at("name").get<std::string>();
  auto tool = std::make_shared<const Tool>(Tool{std::move(def), std::move(handler)});
  std::unique_lock lock(mu_);
  if (!tools_.count(name)) tool_order_.push_back(name);
  tools_[name] = std::move(tool);
}

bool Registry::remove_tool(const std::string& name) {
  std::unique_lock lock(mu_);
  if (!tools_.erase(name)) return false;
  std::erase(tool_order_, name);
  return true;
}

void Registry::add_prompt(json def, PromptHandler handler) {
  std::string name = def.at("name").get<std::string>();
  auto prompt = std::make_shared<const Prompt>(Prompt{std::move(def), std::move(handler)});
  std::unique_lock lock(mu_);
  if (!prompts_.count(name)) prompt_order_.push_back(name);
  prompts_[name] = std::move(prompt);
}

bool Registry::remove_prompt(const std::string& name) {
  std::unique_lock lock(mu_);
  if (!prompts_.erase(name)) return false;
  std::erase(prompt_order_, name);
  return true;
}

void Registry::add_resource(json def, ResourceReader reader, std::string requires_extension) {
  std::unique_lock lock(mu_);
  resources_.push_back({std::move(def), std::move(reader), std::move(requires_extension)});
}

void Registry::add_template(json def, TemplateReader reader) {
  std::unique_lock lock(mu_);
  templates_.push_back({std::move(def), std::move(reader)});
}

void Registry::add_source(std::shared_ptr<ResourceSource> source) {
  std::unique_lock lock(mu_);
  sources_.push_back(std::move(source));
}

void Registry::add_prompt_completer(const std::string& prompt, Completer completer) {
  std::unique_lock lock(mu_);
  prompt_completers_[prompt] = std::move(completer);
}

void Registry::add_template_completer(const std::string& uri_template, Completer completer) {
  std::unique_lock lock(mu_);
  template_completers_[uri_template] = std::move(completer);
}

std::shared_ptr<const Registry::Tool> Registry::tool(const std::string& name) const {
  std::shared_lock lock(mu_);
  auto it = tools_.find(name);
  return it == tools_.end() ? nullptr : it->second;
}

std::shared_ptr<const Registry::Prompt> Registry::prompt(const std::string& name) const {
  std::shared_lock lock(mu_);
  auto it = prompts_.find(name);
  return it == prompts_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const Registry::Tool>> Registry::tools() const {
  std::shared_lock lock(mu_);
  std::vector<std::shared_ptr<const Tool>> out;
  out.reserve(tool_order_.size());
  for (const auto& name : tool_order_) out.push_back(tools_.at(name));
  return out;
}

std::vector<json> Registry::prompt_definitions() const {
  std::shared_lock lock(mu_);
  std::vector<json> out;
  for (const auto& name : prompt_order_) out.push_back(prompts_.at(name)->def);
  return out;
}

std::vector<json> Registry::resource_definitions(const json& client_capabilities) const {
  std::shared_lock lock(mu_);
  std::vector<json> out;
  for (const auto& r : resources_)
    if (detail::offered(r.requires_extension, client_capabilities)) out.push_back(r.def);
  return out;
}

std::vector<std::string> Registry::used_extensions() const {
  std::shared_lock lock(mu_);
  std::set<std::string> ids;
  for (const auto& [name, tool] : tools_) {
    if (!tool->def.requires_extension.empty()) ids.insert(tool->def.requires_extension);
    for (const auto& [id, meta] : tool->def.extension_meta) ids.insert(id);
  }
  for (const auto& r : resources_)
    if (!r.requires_extension.empty()) ids.insert(r.requires_extension);
  return {ids.begin(), ids.end()};
}

std::vector<json> Registry::template_definitions() const {
  std::shared_lock lock(mu_);
  std::vector<json> out;
  for (const auto& t : templates_) out.push_back(t.def);
  return out;
}

std::vector<std::shared_ptr<ResourceSource>> Registry::sources() const {
  std::shared_lock lock(mu_);
  return sources_;
}

Registry::ResourceMatch Registry::match_resource(const std::string& uri,
                                                 const json& client_capabilities) const {
  ResourceMatch m;
  std::shared_lock lock(mu_);
  for (const auto& r : resources_)
    if (r.def.value("uri", "") == uri && detail::offered(r.requires_extension, client_capabilities))
      m.reader = r.reader;
  if (!m.reader)
    for (const auto& t : templates_)
      if (auto vars = match_uri_template(t.def.value("uriTemplate", ""), uri)) {
        m.template_reader = t.reader;
        m.vars = std::move(*vars);
        break;
      }
  m.sources = sources_;
  return m;
}

std::optional<Completer> Registry::prompt_completer(const std::string& prompt) const {
  std::shared_lock lock(mu_);
  if (!prompts_.count(prompt)) return std::nullopt;
  auto it = prompt_completers_.find(prompt);
  return it == prompt_completers_.end() ? Completer() : it->second;
}

Completer Registry::template_completer(const std::string& uri_template) const {
  std::shared_lock lock(mu_);
  auto it = template_completers_.find(uri_template);
  return it == template_completers_.end() ? Completer() : it->second;
}

}  // namespace sciorex::protocol
