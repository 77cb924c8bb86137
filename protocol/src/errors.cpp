// RpcError and its named factories (errors.hpp).
#include "sciorex/protocol/errors.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "sciorex/protocol/versions.hpp"

namespace sciorex::protocol {

using nlohmann::json;

RpcError::RpcError(ErrorCode code, const std::string& message)
    : RpcError(static_cast<int>(code), message, json()) {}
RpcError::RpcError(ErrorCode code, const std::string& message, const json& data)
    : RpcError(static_cast<int>(code), message, data) {}
RpcError::RpcError(int code, const std::string& message, const json& data)
    : std::runtime_error(message), code_(code), data_(std::make_shared<const json>(data)) {}
RpcError::~RpcError() = default;
RpcError::RpcError(const RpcError&) = default;
RpcError& RpcError::operator=(const RpcError&) = default;

const json& RpcError::data() const noexcept { return *data_; }

json RpcError::to_json() const {
  json e = {{"code", code_}, {"message", what()}};
  if (!data_->is_null()) e["data"] = *data_;
  return e;
}

namespace errors {

RpcError parse_error(std::string_view detail) {
  return {ErrorCode::parse_error, "Parse error: " + std::string(detail)};
}
RpcError invalid_request(std::string_view detail) {
  return {ErrorCode::invalid_request, "Invalid request: " + std::string(detail)};
}
RpcError method_not_found(std::string_view method) {
  return {ErrorCode::method_not_found, "Method not found: " + std::string(method)};
}
RpcError invalid_params(std::string_view detail) { return {ErrorCode::invalid_params, std::string(detail)}; }
RpcError invalid_params(std::string_view detail, const json& data) {
  return {ErrorCode::invalid_params, std::string(detail), data};
}
RpcError internal_error() { return {ErrorCode::internal_error, "Internal error"}; }
RpcError unknown_tool(std::string_view name) {
  return {ErrorCode::invalid_params,
          "Unknown tool: " + std::string(name) + ". Call tools/list for the available tools."};
}
RpcError unknown_prompt(std::string_view name) {
  return {ErrorCode::invalid_params,
          "Unknown prompt: " + std::string(name) + ". Call prompts/list for the available prompts."};
}
RpcError invalid_cursor() { return {ErrorCode::invalid_params, "Invalid cursor"}; }
RpcError resource_not_found(std::string_view uri, bool modern) {
  return {modern ? ErrorCode::invalid_params : ErrorCode::resource_not_found_legacy,
          "Resource not found: " + std::string(uri), json{{"uri", std::string(uri)}}};
}
RpcError too_many_subscriptions(std::size_t max) {
  return {ErrorCode::invalid_params, "Too many resource subscriptions: at most " + std::to_string(max) +
                                         " at once; unsubscribe from some first"};
}
RpcError header_mismatch(std::string_view detail) {
  return {ErrorCode::header_mismatch, std::string(detail)};
}
RpcError missing_capability(const json& required) {
  return {ErrorCode::missing_required_client_capability,
          "Missing required client capability: " + required.dump(), json{{"requiredCapabilities", required}}};
}
RpcError unsupported_version(std::string_view requested, const json& supported) {
  return {ErrorCode::unsupported_protocol_version, "Unsupported protocol version: " + std::string(requested),
          json{{"supported", supported}, {"requested", std::string(requested)}}};
}
RpcError message_too_large(std::size_t limit) {
  return {ErrorCode::invalid_request,
          "Invalid request: message exceeds the limit of " + std::to_string(limit) + " bytes"};
}
RpcError not_initialized() {
  return {ErrorCode::invalid_request,
          "Invalid request: the session is not initialized; send initialize first"};
}
RpcError request_timed_out(std::string_view what) {
  return {ErrorCode::internal_error, "Timed out waiting for the client to answer " + std::string(what)};
}
RpcError unknown_task(std::string_view task_id) {
  return {ErrorCode::invalid_params,
          "Unknown task: " + std::string(task_id) + " (never created here, or expired)"};
}
RpcError tasks_extension_required() {
  return missing_capability(json{{"extensions", {{kTasksExtension, json::object()}}}});
}

RpcError session_not_found() {
  return {ErrorCode::invalid_request,
          "Session not found: it ended or was never issued; send initialize to start a new one"};
}
RpcError client_gone() { return {ErrorCode::internal_error, "the client went away"}; }
RpcError send_failed(std::string_view method) {
  return {ErrorCode::internal_error, "could not send " + std::string(method) + " to the client"};
}
RpcError request_cancelled() { return {ErrorCode::internal_error, "the request was cancelled"}; }
RpcError client_error(int code, std::string_view method, std::string_view message) {
  return {code, "The client answered " + std::string(method) + " with an error: " + std::string(message),
          json()};
}
RpcError invalid_client_answer(std::string_view method) {
  return {ErrorCode::invalid_params,
          "The client's answer to " + std::string(method) + " is not a valid result"};
}

}  // namespace errors
}  // namespace sciorex::protocol
