#pragma once
// JSON-RPC 2.0 envelopes: the one place where requests, notifications and responses are built,
// by the dispatcher and the transports alike. Errors come from RpcError (errors.hpp).

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "sciorex/protocol/errors.hpp"

namespace sciorex::protocol::envelope {

// {"jsonrpc":"2.0","id":..,"method":..,"params":..}
nlohmann::json request(const nlohmann::json& id, std::string_view method, nlohmann::json params);
// {"jsonrpc":"2.0","method":..} and {"jsonrpc":"2.0","method":..,"params":..}
nlohmann::json notification(std::string_view method);
nlohmann::json notification(std::string_view method, nlohmann::json params);
// {"jsonrpc":"2.0","id":..,"result":..}
nlohmann::json result(const nlohmann::json& id, nlohmann::json result);
// {"jsonrpc":"2.0","id":..,"error":{"code":..,"message":..,"data"?:..}}; id null when unknown.
nlohmann::json error(const nlohmann::json& id, const RpcError& error);

}  // namespace sciorex::protocol::envelope
