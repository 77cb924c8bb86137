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

json ToolCatalogue::definition(const std::string& name) const {
  for (const auto& s : schemas_) {
    if (name != s.name) continue;
    json def = json::parse(s.text);
    if (def.value("name", std::string()) != name)
      throw std::logic_error(folder_ + "/" + name + ".json names another tool");
    return def;
  }
  throw std::logic_error("no schema file " + folder_ + "/" + name + ".json");
}

std::map<std::string, RegisteredTool> ToolCatalogue::registered() const {
  std::lock_guard lock(mu_);
  return registered_;
}

void ToolCatalogue::register_tool(protocol::Server& server, const std::string& name, Access access,
                                  ArgumentParser parser, protocol::ToolHandler handler) {
  protocol::ToolDefinition def{definition(name), access == Access::read};
  {
    std::lock_guard lock(mu_);
    registered_[name] = RegisteredTool{access, std::move(parser)};
  }
  if (access == Access::write) handler = refusing_read_only(name, std::move(handler));
  server.add_tool(std::move(def), with_store_errors(name, std::move(handler)));
}

}  // namespace sciorex::common
