#pragma once
// RequestContext: what a handler knows of, and may do with, the request it serves. The same
// context serves both eras; only the dispatcher knows how each era's mechanics work.
//
// Inputs from the client (elicitation, sampling, roots) are asked for by key with inputs():
//  - 2025 client: the dispatcher sends real requests to the client and returns the answers
//    (the handler blocks on its worker thread; other requests keep flowing).
//  - 2026 client: the answers come in the retry's `inputResponses`; when some are missing,
//    inputs() throws InputRequired, the dispatcher answers `resultType: input_required`, and the
//    handler runs again on the retry. state() travels in an HMAC-protected `requestState`.
// Handlers written as steps that read their inputs therefore work unchanged in both eras.

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "sciorex/protocol/channel.hpp"
#include "sciorex/protocol/log_level.hpp"
#include "sciorex/protocol/versions.hpp"

namespace sciorex::protocol {

struct InputRequest {
  std::string method;  // elicitation/create, sampling/createMessage or roots/list
  nlohmann::json params = nlohmann::json::object();

  static InputRequest elicit_form(std::string message, nlohmann::json requested_schema);
  static InputRequest sample(nlohmann::json params);
  static InputRequest list_roots();
  // The client capability this request needs ("elicitation", "sampling", "roots").
  std::string required_capability() const;
};
using InputRequests = std::map<std::string, InputRequest>;
using InputResponses = std::map<std::string, nlohmann::json>;

// Thrown by RequestContext::inputs() for a 2026 client whose answers are not all there yet.
struct InputRequired {
  InputRequests requests;
};

class CallState;     // dispatcher-private
class DeferredCall;  // deferred.hpp

// Not thread-safe: belongs to the handler's thread for the duration of one call.
class RequestContext {
 public:
  explicit RequestContext(CallState& call) : call_(call) {}

  Era era() const;
  const std::string& protocol_version() const;
  const std::string& method() const;
  const nlohmann::json& request_id() const;
  const nlohmann::json& client_capabilities() const;
  const nlohmann::json& client_info() const;
  // clientInfo.name, or "unknown".
  std::string client_name() const;
  bool client_supports(std::string_view capability) const;
  // The settings the client declared for client extension `id` (capabilities.extensions[id]: the
  // 2025 initialize, or the 2026 request's client capabilities), or nullptr when not declared.
  const nlohmann::json* client_extension(std::string_view id) const;
  // The person the transport authenticated this request as (HTTP per-person tokens), or nullptr
  // (stdio, a shared token, no token on loopback).
  const Principal* principal() const;

  // Cancelled by the client (notifications/cancelled, a closed HTTP stream) or the peer ended.
  bool cancelled() const;
  // Sleeps up to `d`, waking early on cancellation. Returns cancelled().
  bool sleep_for(std::chrono::milliseconds d) const;

  bool has_progress_token() const;
  // notifications/progress; nothing without a progress token; progress must increase.
  void progress(double progress, std::optional<double> total = std::nullopt, std::string_view message = {});

  // notifications/message at `level` when the client asked for log messages at or below it
  // (2025: logging/setLevel on the session; 2026: the request's _meta logLevel).
  bool log_enabled(LogLevel level) const;
  void log(LogLevel level, const nlohmann::json& data, std::string_view logger = {});

  // See the header comment. Throws InputRequired (2026), RpcError -32021 when the client did not
  // declare a capability a request needs, or RpcError when a 2025 client fails or times out.
  InputResponses inputs(const InputRequests& requests);
  // How long a 2025 client may take to answer inputs() (default: the server's option).
  void set_input_timeout(std::chrono::milliseconds timeout);
  // The answers already delivered on this (2026) retry, by key.
  const nlohmann::json& input_responses() const;
  // State carried across 2026 rounds (sealed into requestState). Starts as an empty object.
  nlohmann::json& state();

  // The 2026 tasks extension (tools/call only). Hands the rest of this call to a task when the
  // tool's taskSupport is not forbidden, the request declares "io.modelcontextprotocol/tasks" and
  // the server has room for another task: the client is answered with a CreateTaskResult at once
  // and the handler runs again from the top as the task's first round, on a worker thread, where
  // become_task() returns true and the handler carries on. Returns false when the call continues
  // synchronously (2025 client, no extension, task limit reached). Like input rounds, task rounds
  // re-run the code before this point: keep it free of side effects. Answers gathered by earlier
  // input_required rounds stay available to inputs() in the task. Inside a task, inputs() parks
  // the task (status input_required, the requests on tasks/get) until tasks/update answers them,
  // then the handler runs again; cancelled() turns true on tasks/cancel; progress and log
  // messages are not delivered (tasks have no stream). Like inputs(), it unwinds the synchronous
  // round with an exception that is not a std::exception: do not swallow it with catch (...).
  bool become_task();

  // Suspends this tools/call without holding a thread (see deferred.hpp): the returned handle
  // finishes it later and the handler's return value is ignored. Null where a call cannot be
  // suspended (other methods, rounds of a task); the handler then answers as usual.
  std::shared_ptr<DeferredCall> defer();
  // Identifies the connection the request came on (a stdio process, a 2025 HTTP session; each
  // 2026 HTTP request is its own), for per-session limits. Stable while the request is in flight.
  const void* session() const;

 private:
  CallState& call_;
};

}  // namespace sciorex::protocol
