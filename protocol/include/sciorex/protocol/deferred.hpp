#pragma once
// DeferredCall: a tools/call whose handler suspended it (RequestContext::defer()) so that waiting
// costs no thread. The handler hands the DeferredCall to whatever watches for the outcome (one
// timer thread for many calls, say) and returns; the value it returns is then ignored. Whoever
// holds the DeferredCall finishes the call later, from any thread, exactly once: complete() or
// fail(); later calls are ignored. Dropping it unfinished answers an internal error, so a call
// never hangs. Until then the call stays in flight: notifications/cancelled, a closed stream, the
// peer's end or the server's shutdown make cancelled() true, and the holder should then finish it
// soon (what it answers is discarded, as for any cancelled request). Thread-safe.

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "sciorex/protocol/context.hpp"
#include "sciorex/protocol/errors.hpp"
#include "sciorex/protocol/features.hpp"

namespace sciorex::protocol {

class CallState;
struct PendingReply;
namespace detail {
struct DeferredHub;
}

class DeferredCall {
 public:
  // Made by RequestContext::defer().
  DeferredCall(std::shared_ptr<CallState> call, std::shared_ptr<detail::DeferredHub> hub);
  ~DeferredCall();
  DeferredCall(const DeferredCall&) = delete;
  DeferredCall& operator=(const DeferredCall&) = delete;

  bool cancelled() const;
  // notifications/progress, as RequestContext::progress.
  void progress(double progress, std::optional<double> total = std::nullopt, std::string_view message = {});

  // 2025 clients: sends `request` to the client now (elicitation/create, ...); its answer is read
  // with input_response(). False when it cannot be asked: a 2026 client (it answers through
  // input_required rounds, see RequestContext::inputs), a capability the client did not declare,
  // one request already out, or the client gone.
  bool send_input_request(const InputRequest& request);
  // The client's answer (its result) once it came; nullopt while none did (or none was sent).
  // Throws RpcError when the client answered with an error or went away; the request is then over.
  std::optional<nlohmann::json> input_response();

  void complete(ToolResult result);
  void fail(const RpcError& error);

 private:
  template <class Finish>
  void finish(Finish&& f);

  mutable std::mutex mu_;
  std::shared_ptr<CallState> call_;
  std::shared_ptr<detail::DeferredHub> hub_;
  nlohmann::json request_id_;  // of the input request out, if any
  std::string request_method_;
  std::shared_ptr<PendingReply> pending_;  // its reply slot
  bool done_ = false;
};

}  // namespace sciorex::protocol
