// Server-to-client requests (2025 era): sent on the request's stream, answered by a response the
// client posts later (handle_response). RequestContext::inputs waits for the answer on its
// thread; a DeferredCall (deferred.cpp) polls for it instead.
#include "dispatcher.hpp"
#include "sciorex/protocol/envelope.hpp"

namespace sciorex::protocol {

void Dispatcher::handle_response(const json& msg, const std::shared_ptr<Peer>& peer) {
  std::shared_ptr<PendingReply> pending = peer->state().take_pending(msg["id"]);
  if (!pending) {
    diag(LogLevel::warning, "dropped a response to an unknown request id " + msg["id"].dump());
    return;
  }
  std::lock_guard lock(pending->mu);
  pending->reply = msg;
  pending->cv.notify_all();
}

std::pair<json, std::shared_ptr<PendingReply>> Dispatcher::send_client_request(CallState& call,
                                                                               const std::string& method,
                                                                               const json& params) {
  auto pending = std::make_shared<PendingReply>();
  auto id = call.peer->state().add_pending(pending);
  if (!id) throw errors::client_gone();
  if (!call.sink->send(envelope::request(*id, method, params))) {
    forget_client_request(call, *id);
    throw errors::send_failed(method);
  }
  return {std::move(*id), std::move(pending)};
}

void Dispatcher::forget_client_request(CallState& call, const json& id) {
  call.peer->state().forget_pending(id);
}

json Dispatcher::client_result(const std::string& method, const json& reply) {
  if (auto e = reply.find("error"); e != reply.end()) {
    auto code = e->is_object() ? e->find("code") : e->end();
    auto message = e->is_object() ? e->find("message") : e->end();
    throw errors::client_error(
        code != e->end() && code->is_number_integer() ? code->get<int>()
                                                      : static_cast<int>(ErrorCode::internal_error),
        method, message != e->end() && message->is_string() ? message->get<std::string>() : std::string());
  }
  json result = reply.value("result", json());
  // The same shape check as 2026 answers get: a handler never sees a malformed answer.
  if (!detail::valid_input_response(method, result)) throw errors::invalid_client_answer(method);
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
      throw errors::request_cancelled();
    }
    if (pending->cv.wait_until(
            lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(200))) ==
            std::cv_status::timeout &&
        std::chrono::steady_clock::now() >= deadline) {
      lock.unlock();
      forget_client_request(call, id);
      throw errors::request_timed_out(method);
    }
  }
  if (pending->failed) throw errors::client_gone();
  return client_result(method, *pending->reply);
}

}  // namespace sciorex::protocol
