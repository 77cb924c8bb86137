#pragma once
// JSON-RPC and MCP error codes, the RpcError exception and its named factories: the one place where
// protocol errors are made. envelope.hpp wraps them in responses, for the dispatcher and transports.
// Tool failures are not RpcErrors: they are results with isError (see tool.hpp, ToolError).

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sciorex::protocol {

enum class ErrorCode : int {
  parse_error = -32700,
  invalid_request = -32600,
  method_not_found = -32601,
  invalid_params = -32602,
  internal_error = -32603,
  resource_not_found_legacy = -32002,           // 2025 era only; 2026 uses invalid_params
  header_mismatch = -32020,                     // 2026
  missing_required_client_capability = -32021,  // 2026
  unsupported_protocol_version = -32022,        // 2026
};

// A protocol error. Thread-safe to copy; `data` may be null.
class RpcError : public std::runtime_error {
 public:
  RpcError(ErrorCode code, const std::string& message);
  RpcError(ErrorCode code, const std::string& message, const nlohmann::json& data);
  RpcError(int code, const std::string& message, const nlohmann::json& data);
  ~RpcError() override;
  RpcError(const RpcError&);
  RpcError& operator=(const RpcError&);

  int code() const noexcept { return code_; }
  const nlohmann::json& data() const noexcept;
  // {"code":..,"message":..,"data"?:..}
  nlohmann::json to_json() const;

 private:
  int code_;
  std::shared_ptr<const nlohmann::json> data_;
};

namespace errors {
RpcError parse_error(std::string_view detail);
RpcError invalid_request(std::string_view detail);
RpcError method_not_found(std::string_view method);
RpcError invalid_params(std::string_view detail);
RpcError invalid_params(std::string_view detail, const nlohmann::json& data);
RpcError internal_error();
RpcError unknown_tool(std::string_view name);
RpcError unknown_prompt(std::string_view name);
RpcError invalid_cursor();
// 2025: -32002; 2026: -32602. Both carry data.uri.
RpcError resource_not_found(std::string_view uri, bool modern);
// -32602: a session (or one subscriptions/listen) would watch more than `max` resources.
RpcError too_many_subscriptions(std::size_t max);
RpcError header_mismatch(std::string_view detail);
RpcError missing_capability(const nlohmann::json& required_capabilities);
RpcError unsupported_version(std::string_view requested, const nlohmann::json& supported);
RpcError message_too_large(std::size_t limit);
RpcError not_initialized();
RpcError request_timed_out(std::string_view what);
// Tasks extension (2026): -32602 for a task id this server does not hold (never issued, expired);
// -32021 naming the extension when a request needs it but did not declare it.
RpcError unknown_task(std::string_view task_id);
RpcError tasks_extension_required();
// -32600: a 2025 message names a session that ended or was never issued (HTTP answers 404).
RpcError session_not_found();
// Server-to-client requests (2025): -32603 when the client went away, the request could not be
// sent, or the call was cancelled while waiting; the client's own error reply, passed on; -32602
// when its answer is not a valid result of `method`.
RpcError client_gone();
RpcError send_failed(std::string_view method);
RpcError request_cancelled();
RpcError client_error(int code, std::string_view method, std::string_view message);
RpcError invalid_client_answer(std::string_view method);
}  // namespace errors

}  // namespace sciorex::protocol
