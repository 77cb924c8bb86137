#pragma once
// 2026 `x-mcp-header`: a tool's inputSchema may mark string, integer or boolean properties
// (reachable through `properties` alone) with {"x-mcp-header": "Name"}; clients then mirror the
// argument in an `Mcp-Param-Name` header. Any server that reads the body MUST check that each
// such header matches the body (streamable-http, request-metadata headers).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sciorex::protocol::detail {

// Throws RpcError -32020 (HeaderMismatch) when a marked argument present in `arguments` has no
// header, a header has invalid characters or a malformed =?base64?...?= value, or the decoded
// value differs from the argument. Headers for absent or null arguments are not expected.
void check_param_headers(const nlohmann::json& input_schema, const nlohmann::json& arguments,
                         const std::vector<std::pair<std::string, std::string>>& headers);

// Strict standard base64 (with padding): nullopt on any other character or bad padding.
std::optional<std::string> base64_decode_strict(const std::string& text);

}  // namespace sciorex::protocol::detail
