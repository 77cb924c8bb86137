#pragma once
// The tools, prompts, resources, templates, resource sources and completers a server offers.
// Owns its lock: every read returns a snapshot (shared pointers or copies) that stays valid while
// the registry changes. Private to the protocol library.

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "sciorex/protocol/features.hpp"

namespace sciorex::protocol {

class Registry {
 public:
  struct Tool {
    ToolDefinition def;
    ToolHandler handler;
  };
  struct Prompt {
    nlohmann::json def;
    PromptHandler handler;
  };
  // What serves one resource URI: a static reader, or a template's reader and its variables.
  // Both empty when neither matches; `sources` are then asked in turn.
  struct ResourceMatch {
    ResourceReader reader;
    TemplateReader template_reader;
    std::map<std::string, std::string> vars;
    std::vector<std::shared_ptr<ResourceSource>> sources;
  };

  // add_* replace an entry of the same name (keeping its place in the list); remove_* return
  // false when there was none.
  void add_tool(ToolDefinition def, ToolHandler handler);
  bool remove_tool(const std::string& name);
  void add_prompt(nlohmann::json def, PromptHandler handler);
  bool remove_prompt(const std::string& name);
  // `requires_extension` (may be empty): offered only to clients that declare it (extensions.hpp).
  void add_resource(nlohmann::json def, ResourceReader reader, std::string requires_extension = {});
  void add_template(nlohmann::json def, TemplateReader reader);
  void add_source(std::shared_ptr<ResourceSource> source);
  void add_prompt_completer(const std::string& prompt, Completer completer);
  void add_template_completer(const std::string& uri_template, Completer completer);

  // Null when unknown.
  std::shared_ptr<const Tool> tool(const std::string& name) const;
  std::shared_ptr<const Prompt> prompt(const std::string& name) const;
  // In the order they were first added.
  std::vector<std::shared_ptr<const Tool>> tools() const;
  std::vector<nlohmann::json> prompt_definitions() const;
  // The static resources offered to a client with these capabilities.
  std::vector<nlohmann::json> resource_definitions(const nlohmann::json& client_capabilities) const;
  std::vector<nlohmann::json> template_definitions() const;
  std::vector<std::shared_ptr<ResourceSource>> sources() const;
  // A static resource the client is not offered does not match (templates and sources may).
  ResourceMatch match_resource(const std::string& uri, const nlohmann::json& client_capabilities) const;
  // Every client extension a tool or resource needs or describes (requires_extension, the keys of
  // extension_meta), sorted, each once.
  std::vector<std::string> used_extensions() const;
  // The completer of a known prompt (possibly empty); nullopt when the prompt is unknown.
  std::optional<Completer> prompt_completer(const std::string& prompt) const;
  Completer template_completer(const std::string& uri_template) const;

 private:
  struct Resource {
    nlohmann::json def;
    ResourceReader reader;
    std::string requires_extension;
  };
  struct Template {
    nlohmann::json def;
    TemplateReader reader;
  };
  mutable std::shared_mutex mu_;
  std::vector<std::string> tool_order_, prompt_order_;
  std::unordered_map<std::string, std::shared_ptr<const Tool>> tools_;
  std::unordered_map<std::string, std::shared_ptr<const Prompt>> prompts_;
  std::vector<Resource> resources_;
  std::vector<Template> templates_;
  std::vector<std::shared_ptr<ResourceSource>> sources_;
  std::unordered_map<std::string, Completer> prompt_completers_, template_completers_;
};

}  // namespace sciorex::protocol
