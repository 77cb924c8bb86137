// The tool adapter (tool_adapter.hpp): a server's schema files, its tools' parsers, registration.
#include "sciorex/common/tool_adapter.hpp"

#include <stdexcept>

#include "sciorex/common/store_errors.hpp"

namespace sciorex::common {

ToolCatalogue::ToolCatalogue(std::string folder, const std::vector<EmbeddedSchema>& schemas)
    : folder_(std::move(folder)), schemas_(schemas) {}

std::vector<std::string> ToolCatalogue::names() const {
  std::vector<std::string> out;
  for (const auto& s : schemas_) out.emplace_back(s.name);
  return out;
}

namespace {

constexpr const char* kAdapterUiExtension = "io.modelcontextprotocol/ui";
constexpr const char* kAdapterRequiresKey = "x-requiresExtension";

}  // namespace

json ToolCatalogue::definition(const std::string& name) const { return tool_definition(name).definition; }

protocol::ToolDefinition ToolCatalogue::tool_definition(const std::string& name) const {
  for (const auto& s : schemas_) {
    if (name != s.name) continue;
    protocol::ToolDefinition tool;
    json def = json::parse(s.text);
    const std::string file = folder_ + "/" + name + ".json";
    if (def.value("name", std::string()) != name) throw std::logic_error(file + " names another tool");
    if (auto req = def.find(kAdapterRequiresKey); req != def.end()) {
      if (!req->is_string() || req->get_ref<const std::string&>().empty())
        throw std::logic_error(file + ": " + kAdapterRequiresKey + " must name an extension");
      tool.requires_extension = req->get<std::string>();
      def.erase(req);
    }
    if (auto meta = def.find("_meta"); meta != def.end() && meta->is_object() && meta->contains("ui")) {
      json ui = (*meta)["ui"];
      if (!ui.is_object()) throw std::logic_error(file + ": _meta.ui must be an object");
      json visibility = ui.value("visibility", json::array({"model", "app"}));
      if (!visibility.is_array() || visibility.empty())
        throw std::logic_error(file + ": _meta.ui.visibility must list model and/or app");
      bool model = false;
      for (const auto& v : visibility) {
        if (v != "model" && v != "app") throw std::logic_error(file + ": _meta.ui.visibility: model or app");
        model = model || v == "model";
      }
      // An app-only tool: the model must not see it, so clients without the extension (whose hosts
      // would show it to the model) are not offered it at all.
      if (!model) tool.requires_extension = kAdapterUiExtension;
      tool.extension_meta[kAdapterUiExtension] = {{"ui", std::move(ui)}};
      meta->erase("ui");
      if (meta->empty()) def.erase(meta);
    }
    tool.definition = std::move(def);
    return tool;
  }
  throw std::logic_error("no schema file " + folder_ + "/" + name + ".json");
}

json ToolCatalogue::definition_for_extension(const std::string& name, const std::string& id) const {
  protocol::ToolDefinition tool = tool_definition(name);
  auto it = tool.extension_meta.find(id);
  if (it != tool.extension_meta.end()) tool.definition["_meta"].merge_patch(it->second);
  return tool.definition;
}

std::map<std::string, RegisteredTool> ToolCatalogue::registered() const {
  std::lock_guard lock(mu_);
  return registered_;
}

void ToolCatalogue::register_tool(protocol::Server& server, const std::string& name, Access access,
                                  ArgumentParser parser, protocol::ToolHandler handler) {
  protocol::ToolDefinition def = tool_definition(name);
  def.run_inline = access == Access::read;
  {
    std::lock_guard lock(mu_);
    registered_[name] = RegisteredTool{access, std::move(parser)};
  }
  server.add_tool(std::move(def), with_store_errors(name, std::move(handler)));
}

}  // namespace sciorex::common
