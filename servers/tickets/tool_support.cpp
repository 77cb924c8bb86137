#include "tool_support.hpp"

#include "sciorex/common/agent_identity.hpp"
#include "sciorex/common/host_session.hpp"
#include "sciorex/protocol/wire.hpp"
#include "sciorex/text/utf8.hpp"

namespace sciorex::tickets {

common::ToolCatalogue& tool_catalogue() {
  static common::ToolCatalogue catalogue("schemas/tickets", embedded_schemas());
  return catalogue;
}

storage::Actor actor_of(const RequestContext& ctx) {
  storage::Actor actor = common::request_actor(ctx);
  actor.session = common::host_session();
  return actor;
}

std::size_t wire_size(const json& j) { return protocol::serialize(j).size(); }

std::size_t answer_size(const ToolResult& r) {
  return wire_size(r.content) + (r.structured ? wire_size(*r.structured) : 0);
}

namespace {
// At least the serialised size: every string byte counted as a \u00XX escape, numbers at 24.
std::size_t size_bound(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      std::size_t n = 2;
      for (const auto& [k, v] : j.items()) n += 6 * k.size() + 4 + size_bound(v);
      return n;
    }
    case json::value_t::array: {
      std::size_t n = 2;
      for (const auto& v : j) n += 1 + size_bound(v);
      return n;
    }
    case json::value_t::string:
      return 6 * j.get_ref<const std::string&>().size() + 2;
    case json::value_t::binary:  // raw_json text goes on the wire as it is
      return protocol::is_raw_json(j) ? j.get_binary().size() : 24 + 4 * j.get_binary().size();
    default:
      return 24;
  }
}
}  // namespace

bool answer_fits(const ToolResult& r, std::size_t budget) {
  if (size_bound(r.content) + (r.structured ? size_bound(*r.structured) : 0) <= budget) return true;
  return answer_size(r) <= budget;
}

int limit_arg(const json& a, int fallback) {
  return static_cast<int>(protocol::args::optional_int(a, "limit", 1, kMaxListLimit).value_or(fallback));
}

std::string clip(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  return text.substr(0, utf8::boundary_before(text, max)) + "…";
}

}  // namespace sciorex::tickets
