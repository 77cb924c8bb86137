// Server-to-client requests (2025 era): sent on the request's stream, answered by a response the
// client posts later (handle_response). RequestContext::inputs waits for the answer on its
// thread; a DeferredCall (deferred.cpp) polls for it instead.
#include "dispatcher.hpp"

namespace sciorex::protocol {

void Dispatcher::handle_response(const json& msg, const std::shared_ptr<Peer>& peer) {
  std::shared_ptr<PendingReply> pending;
  {
    std::lock_guard lock(peer->state().mu);
    auto it = peer->state().pending.find(msg["id"].dump());
    if (it == peer->state().pending.end()) {
      diag(LogLevel::warning, "dropped a response to an unknown request id " + msg["id"].dump());
      return;
    }
    pending = it->second;
    peer->state().pending.erase(it);
  }
  std::lock_guard lock(pending->mu);
  pending->reply = msg;
  pending->cv.notify_all();
}

std::pair<json, std::shared_ptr<PendingReply>> Dispatcher::send_client_request(CallState& call, const std::string& method,
                                                                              const json& params) {
  auto pending = std::make_shared<PendingReply>();
  json id;
  {
    std::lock_guard lock(call.peer->state().mu);
    PeerState& ps = call.peer->state();
    if (ps.closed) throw RpcError(ErrorCode::internal_error, "the client went away");
    id = "sciorex-" + std::to_string(ps.next_outbound_id++);
    ps.pending[id.dump()] = pending;
  }
  json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
  if (!call.sink->send(request)) {
    forget_client_request(call, id);
    throw RpcError(ErrorCode::internal_error, "could not send " + method + " to the client");
  }
  return {std::move(id), std::move(pending)};
}

void Dispatcher::forget_client_request(CallState& call, const json& id) {
  std::lock_guard lock(call.peer->state().mu);
  call.peer->state().pending.erase(id.dump());
}

json Dispatcher::client_result(const std::string& method, const json& reply) {
  if (auto e = reply.find("error"); e != reply.end()) {
    auto code = e->is_object() ? e->find("code") : e->end();
    auto message = e->is_object() ? e->find("message") : e->end();
    throw RpcError(code != e->end() && code->is_number_integer() ? code->get<int>() : -32603,
                   "The client answered " + method + " with an error: " +
                       (message != e->end() && message->is_string() ? message->get<std::string>() : std::string()),
                   json());
  }
  json result = reply.value("result", json());
  // The same shape check as 2026 answers get: a handler never sees a malformed answer.
  if (!detail::valid_input_response(method, result))
    throw RpcError(ErrorCode::invalid_params, "The client's answer to " + method + " is not a valid result");
  return result;
}

json Dispatcher::request_client(CallState& call, const std::string& method, const json& params) {
  auto [id, pending] = send_client_request(call, method, params);
  auto deadline = std::chrono::steady_clock::now() + call.input_timeout;
  std::unique_lock lock(pending->mu);
  while (!pending->reply && !pending->failed) {
    if (call.cancel->is_set() || call.sink->closed()) {
      lock.unlock();
      forget_client_request(call, id);
      throw RpcError(ErrorCode::internal_error, "the request was cancelled");
    }
    if (pending->cv.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(200))) ==
            std::cv_status::timeout &&
        std::chrono::steady_clock::now() >= deadline) {
      lock.unlock();
      forget_client_request(call, id);
      throw errors::request_timed_out(method);
    }
  }
  if (pending->failed) throw RpcError(ErrorCode::internal_error, "the client went away");
  return client_result(method, *pending->reply);
}

}  // namespace sciorex::protocol
