// JSON-RPC 2.0 envelopes (envelope.hpp).
#include "sciorex/protocol/envelope.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace sciorex::protocol::envelope {

using nlohmann::json;

json request(const json& id, std::string_view method, json params) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", std::string(method)}, {"params", std::move(params)}};
}

json notification(std::string_view method) { return {{"jsonrpc", "2.0"}, {"method", std::string(method)}}; }

json notification(std::string_view method, json params) {
  return {{"jsonrpc", "2.0"}, {"method", std::string(method)}, {"params", std::move(params)}};
}

json result(const json& id, json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json error(const json& id, const RpcError& error) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", error.to_json()}};
}

}  // namespace sciorex::protocol::envelope
