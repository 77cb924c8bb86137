// Client extensions on the dispatcher (extensions.hpp).
#include "extensions.hpp"

namespace sciorex::protocol::detail {

const json* extension_settings(const json& client_capabilities, std::string_view id) {
  if (!client_capabilities.is_object()) return nullptr;
  auto ext = client_capabilities.find("extensions");
  if (ext == client_capabilities.end() || !ext->is_object()) return nullptr;
  auto it = ext->find(id);
  return it != ext->end() && it->is_object() ? &*it : nullptr;
}

bool declares_extension(const json& client_capabilities, std::string_view id) {
  return extension_settings(client_capabilities, id) != nullptr;
}

bool offered(std::string_view requires_extension, const json& client_capabilities) {
  return requires_extension.empty() || declares_extension(client_capabilities, requires_extension);
}

json tool_view(const ToolDefinition& tool, const json& client_capabilities) {
  json def = tool.definition;
  for (const auto& [id, meta] : tool.extension_meta) {
    if (!declares_extension(client_capabilities, id) || !meta.is_object()) continue;
    json& m = def["_meta"];
    if (!m.is_object()) m = json::object();
    m.merge_patch(meta);
  }
  return def;
}

json declared_back(const std::vector<std::string>& used, const json& client_capabilities) {
  json out = json::object();
  for (const auto& id : used)
    if (declares_extension(client_capabilities, id)) out[id] = json::object();
  return out;
}

}  // namespace sciorex::protocol::detail
