#include "sciorex/common/store_errors.hpp"

#include <spdlog/spdlog.h>

#include "sciorex/storage/errors.hpp"

namespace sciorex::common {

protocol::ToolHandler with_store_errors(std::string tool_name, protocol::ToolHandler handler) {
  return [name = std::move(tool_name), handler = std::move(handler)](const nlohmann::json& a,
                                                                      protocol::RequestContext& ctx) {
    try {
      return handler(a, ctx);
    } catch (const storage::StoreError& e) {
      if (e.kind() == storage::ErrorKind::Internal) {
        spdlog::error("{}: store failure: {}", name, e.what());
        throw;
      }
      throw protocol::ToolError(e.what());
    }
  };
}

}  // namespace sciorex::common
