// Suspended tools/calls (deferred.hpp): RequestContext::defer(), DeferredCall, and the hub that
// counts them for drain() and cuts them off when the dispatcher goes.
#include "sciorex/protocol/deferred.hpp"

#include "dispatcher.hpp"

namespace sciorex::protocol {

namespace detail {

void DeferredHub::add() {
  std::lock_guard lock(mu);
  ++outstanding;
}

void DeferredHub::release() {
  std::lock_guard lock(mu);
  if (outstanding > 0) --outstanding;
  if (outstanding == 0) cv.notify_all();
}

bool DeferredHub::wait_idle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu);
  return cv.wait_until(lock, deadline, [this] { return outstanding == 0; });
}

}  // namespace detail

std::shared_ptr<DeferredCall> RequestContext::defer() {
  if (call_.method != "tools/call" || !call_.task_id.empty() || call_.deferred) return nullptr;
  call_.deferred = true;
  call_.d.deferred_hub->add();
  return std::make_shared<DeferredCall>(call_.shared_from_this(), call_.d.deferred_hub);
}

const void* RequestContext::session() const { return call_.peer.get(); }

DeferredCall::DeferredCall(std::shared_ptr<CallState> call, std::shared_ptr<detail::DeferredHub> hub)
    : call_(std::move(call)), hub_(std::move(hub)) {}

DeferredCall::~DeferredCall() {
  // Dropped unfinished (its holder failed or went away): answer rather than leave the call hanging.
  try {
    fail(errors::internal_error());
  } catch (...) {
  }
}

bool DeferredCall::cancelled() const {
  std::shared_lock life(hub_->life);
  return !hub_->alive || call_->cancel->is_set() || call_->sink->closed();
}

void DeferredCall::progress(double progress, std::optional<double> total, std::string_view message) {
  std::shared_lock life(hub_->life);
  std::lock_guard lock(mu_);
  if (!hub_->alive || done_) return;
  RequestContext(*call_).progress(progress, total, message);
}

bool DeferredCall::send_input_request(const InputRequest& request) {
  std::shared_lock life(hub_->life);
  std::lock_guard lock(mu_);
  if (!hub_->alive || done_ || pending_ || call_->era != Era::legacy) return false;
  if (!RequestContext(*call_).client_supports(request.required_capability())) return false;
  try {
    std::tie(request_id_, pending_) = call_->d.send_client_request(*call_, request.method, request.params);
    request_method_ = request.method;
  } catch (const RpcError&) {
    return false;
  }
  return true;
}

std::optional<nlohmann::json> DeferredCall::input_response() {
  std::shared_lock life(hub_->life);
  std::lock_guard lock(mu_);
  if (!hub_->alive || !pending_) return std::nullopt;
  std::optional<nlohmann::json> reply;
  bool failed = false;
  {
    std::lock_guard reply_lock(pending_->mu);
    reply = pending_->reply;
    failed = pending_->failed;
  }
  if (!reply && !failed) return std::nullopt;
  pending_.reset();  // answered (handle_response already dropped it from the peer) or failed
  if (failed) throw errors::client_gone();
  return Dispatcher::client_result(request_method_, *reply);
}

template <class Finish>
void DeferredCall::finish(Finish&& f) {
  std::shared_lock life(hub_->life);
  std::lock_guard lock(mu_);
  if (done_) return;
  done_ = true;
  if (!hub_->alive) return;
  if (pending_) {
    call_->d.forget_client_request(*call_, request_id_);
    pending_.reset();
  }
  f(call_->d, *call_);
}

void DeferredCall::complete(ToolResult result) {
  finish([&](Dispatcher& d, CallState& call) { d.finish_result(call, tool_call_result(std::move(result))); });
}

void DeferredCall::fail(const RpcError& error) {
  finish([&](Dispatcher& d, CallState& call) { d.finish_error(call, error); });
}

}  // namespace sciorex::protocol
