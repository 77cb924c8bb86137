// The dispatcher's core: the method table, running a call (inline or on the worker pool, with the
// 2026 input rounds) and answering it exactly once. Admission is in admission.cpp.
#include "dispatcher.hpp"

#include "sciorex/protocol/envelope.hpp"

namespace sciorex::protocol {

const char* const kKeepOpen = "\x01keep-open";
const char* const kCarriedInputs = "\x01inputs";
const char* const kAskedInputs = "\x01asked";

Dispatcher::Dispatcher(ServerInfo i, ServerOptions o)
    : info(std::move(i)),
      options(std::move(o)),
      sealer(options.state_secret, options.state_lifetime),
      tasks({options.task_ttl, options.max_tasks, options.task_poll_interval}),
      pool(options.max_worker_threads) {
  using D = Dispatcher;
  methods_ = {
      // 2025 only: the handshake, ping, subscriptions and logging.
      {"initialize", {.fn = &D::initialize, .legacy = true, .before_init = true, .starts_session = true}},
      {"ping", {.fn = &D::ping, .legacy = true, .before_init = true}},
      {"resources/subscribe", {.fn = &D::resources_subscribe, .legacy = true}},
      {"resources/unsubscribe", {.fn = &D::resources_unsubscribe, .legacy = true}},
      {"logging/setLevel", {.fn = &D::logging_set_level, .legacy = true}},
      // server/discover is the 2026 handshake: a 2025 request for it is refused (-32601), even
      // before initialize, and without a version claim the request is taken as 2026.
      {"server/discover", {.fn = &D::discover, .modern = true, .implies_modern = true, .before_init = true}},
      // Both eras.
      {"tools/list", {.fn = &D::tools_list, .legacy = true, .modern = true}},
      {"tools/call",
       {.fn = &D::tools_call,
        .legacy = true,
        .modern = true,
        .may_need_input = true,
        .on_pool = true,
        .resolves_tool = true,
        .name_key = "name"}},
      {"resources/list", {.fn = &D::resources_list, .legacy = true, .modern = true}},
      {"resources/templates/list", {.fn = &D::resources_templates_list, .legacy = true, .modern = true}},
      {"resources/read",
       {.fn = &D::resources_read,
        .legacy = true,
        .modern = true,
        .may_need_input = true,
        .on_pool = true,
        .name_key = "uri"}},
      {"prompts/list", {.fn = &D::prompts_list, .legacy = true, .modern = true}},
      {"prompts/get",
       {.fn = &D::prompts_get,
        .legacy = true,
        .modern = true,
        .may_need_input = true,
        .on_pool = true,
        .name_key = "name"}},
      {"completion/complete", {.fn = &D::completion_complete, .legacy = true, .modern = true}},
      // 2026 only.
      {"subscriptions/listen", {.fn = &D::subscriptions_listen, .modern = true}},
      // The tasks extension (tasks.cpp); tasks/result and tasks/list are not part of it (-32601).
      {"tasks/get", {.fn = &D::tasks_get, .modern = true, .name_key = "taskId"}},
      {"tasks/update", {.fn = &D::tasks_update, .modern = true, .name_key = "taskId"}},
      {"tasks/cancel", {.fn = &D::tasks_cancel, .modern = true, .name_key = "taskId"}},
  };
}

Dispatcher::~Dispatcher() {
  {
    std::unique_lock lock(deferred_hub->life);
    deferred_hub->alive = false;  // a DeferredCall still held finishes nothing from now on
  }
  tasks.cancel_all();
}

void Dispatcher::diag(LogLevel level, std::string_view text) const {
  if (options.diagnostics) options.diagnostics(level, text);
}

void Dispatcher::run_call(const std::shared_ptr<CallState>& call) {
  const bool may_need_input = call->rules->may_need_input;
  try {
    if (may_need_input && call->era == Era::modern) {
      if (auto ir = call->params.find("inputResponses"); ir != call->params.end()) {
        if (!ir->is_object()) throw errors::invalid_params("inputResponses must be an object");
        call->input_responses = *ir;
      }
      // The state belongs to this call: its method, target and arguments (a state replayed on a
      // call with other arguments would return the old call's answers).
      const json& target = call->params.value(call->rules->name_key, json());
      call->binding = call->method + ":" + (target.is_string() ? target.get<std::string>() : std::string()) +
                      ":" + detail::sha256_base64url(call->params.value("arguments", json::object()).dump());
      if (auto rs = call->params.find("requestState"); rs != call->params.end()) {
        auto st = rs->is_string() ? sealer.open(call->binding, *rs) : std::nullopt;
        if (!st || !st->is_object())
          throw errors::invalid_params(
              "requestState failed verification: it was altered, has expired, or belongs to another request");
        if (auto carried = st->find(kCarriedInputs); carried != st->end()) {
          call->carried_inputs = std::move(*carried);
          st->erase(kCarriedInputs);
        }
        if (auto asked = st->find(kAskedInputs); asked != st->end()) {
          if (asked->is_array())
            for (const auto& k : *asked)
              if (k.is_string()) call->asked.insert(k.get<std::string>());
          st->erase(kAskedInputs);
        }
        call->state = std::move(*st);
      }
    }
    json result = (this->*call->rules->fn)(*call);
    if (call->deferred) return;  // its DeferredCall answers
    if (result.is_string() && result.get_ref<const std::string&>() == kKeepOpen) return;
    finish_result(*call, std::move(result));
  } catch (const detail::TaskStarted& started) {
    task_started(*call, started);  // become_task(): answer CreateTaskResult, run the task
  } catch (const InputRequired& ir) {
    if (!may_need_input || call->era != Era::modern) {
      diag(LogLevel::error, "a handler asked for input outside tools/call, prompts/get or resources/read");
      finish_error(*call, errors::internal_error());
      return;
    }
    json requests = json::object();
    for (const auto& [key, req] : ir.requests)
      requests[key] = {{"method", req.method}, {"params", req.params}};
    // Answers delivered so far travel in the state, so later rounds need not ask again.
    json state = call->state;
    json carried = call->carried_inputs;
    for (auto& [k, v] : call->input_responses.items())
      if (call->asked.count(k)) carried[k] = v;  // answers to what was asked only
    if (!carried.empty()) state[kCarriedInputs] = std::move(carried);
    // What was asked: only answers to these are taken from a later round's inputResponses.
    json asked = json::array();
    for (const auto& k : call->asked) asked.push_back(k);
    for (const auto& [key, req] : ir.requests)
      if (!call->asked.count(key)) asked.push_back(key);
    state[kAskedInputs] = std::move(asked);
    finish_result(*call, {{"resultType", "input_required"},
                          {"inputRequests", std::move(requests)},
                          {"requestState", sealer.seal(call->binding, state)}});
  } catch (const RpcError& e) {
    finish_error(*call, e);
  } catch (const std::exception& e) {
    diag(LogLevel::error, std::string("handler for ") + call->method + " failed: " + e.what());
    finish_error(*call, errors::internal_error());
  }
}

void Dispatcher::finish_done(CallState& call) {
  call.peer->state().remove_in_flight(call.id);
  if (call.deferred) deferred_hub->release();
}

void Dispatcher::finish_result(CallState& call, json result) {
  if (call.finished.exchange(true)) return;  // a deferred call answers once
  finish_done(call);
  Disposition d;
  d.era = call.era;
  if (call.cancel->is_set()) {
    d.cancelled = true;
    call.sink->finish(nullptr, d);
    return;
  }
  if (call.era == Era::modern) {
    if (!result.contains("resultType")) result["resultType"] = "complete";
    result["_meta"][meta_keys::server_info] = server_info_json();
  }
  if (call.rules->starts_session && call.era == Era::legacy) d.session_started = true;
  json response = envelope::result(call.id, std::move(result));
  call.sink->finish(&response, d);
}

void Dispatcher::finish_error(CallState& call, const RpcError& error) {
  if (call.finished.exchange(true)) return;
  finish_done(call);
  if (call.cancel->is_set()) {
    Disposition d;
    d.era = call.era;
    d.cancelled = true;
    call.sink->finish(nullptr, d);
    return;
  }
  detail::reply_error(call.sink, call.id, error, call.era);
}

void Dispatcher::register_peer(const std::shared_ptr<Peer>& peer) {
  std::lock_guard lock(peers_mu_);
  std::erase_if(peers_, [](const std::weak_ptr<Peer>& w) { return w.expired(); });
  for (auto& w : peers_)
    if (w.lock() == peer) return;
  peers_.push_back(peer);
}

}  // namespace sciorex::protocol
