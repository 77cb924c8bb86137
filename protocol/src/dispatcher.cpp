// The one dispatcher: classifies every inbound message, decides its era (mcp-spec-checklist §C),
// enforces each era's lifecycle and rules, and runs handlers inline or on the worker pool.
#include "dispatcher.hpp"

#include "param_headers.hpp"
#include "sciorex/protocol/wire.hpp"

#include <algorithm>

namespace sciorex::protocol {

const char* const kKeepOpen = "\x01keep-open";
const char* const kCarriedInputs = "\x01inputs";
const char* const kAskedInputs = "\x01asked";

// --- small pieces ------------------------------------------------------------------------------

void CancelFlag::cancel() {
  {
    std::lock_guard lock(mu_);
    set_.store(true, std::memory_order_release);
  }
  cv_.notify_all();
}

bool CancelFlag::wait_for(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, d, [this] { return is_set(); });
}

Peer::Peer() : state_(std::make_unique<PeerState>()) {}
Peer::~Peer() = default;

void Peer::set_standalone(std::shared_ptr<Sink> sink) {
  std::lock_guard lock(state_->mu);
  state_->standalone = std::move(sink);
}

bool Peer::initialized() const {
  std::lock_guard lock(state_->mu);
  return state_->initialized;
}

std::string Peer::negotiated_version() const {
  std::lock_guard lock(state_->mu);
  return state_->version;
}

void Peer::mark_unknown_session() {
  std::lock_guard lock(state_->mu);
  state_->unknown_session = true;
}

int http_status_for(const Disposition& d) {
  if (d.unknown_session) return 404;
  if (d.accepted_without_reply) return 202;
  if (d.error_code == 0) return 200;
  if (d.error_code == static_cast<int>(ErrorCode::missing_required_client_capability)) return 400;
  if (!d.envelope_error) return 200;
  if (d.error_code == static_cast<int>(ErrorCode::method_not_found)) return d.era == Era::modern ? 404 : 200;
  return 400;
}

void Peer::close() {
  std::vector<std::shared_ptr<CancelFlag>> flags;
  std::vector<std::shared_ptr<PendingReply>> replies;
  {
    std::lock_guard lock(state_->mu);
    state_->closed = true;
    for (auto& [_, f] : state_->in_flight) flags.push_back(f);
    for (auto& [_, r] : state_->pending) replies.push_back(r);
    state_->standalone.reset();
  }
  for (auto& f : flags) f->cancel();
  for (auto& r : replies) {
    std::lock_guard lock(r->mu);
    r->failed = true;
    r->cv.notify_all();
  }
}

namespace {

json response_with_error(const json& id, const RpcError& e) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", e.to_json()}};
}

void reply_error(const std::shared_ptr<Sink>& sink, const json& id, const RpcError& e, Era era,
                 bool envelope = false, bool unknown_session = false) {
  json response = response_with_error(id, e);
  Disposition d;
  d.era = era;
  d.error_code = e.code();
  d.envelope_error = envelope;
  d.unknown_session = unknown_session;
  sink->finish(&response, d);
}

RpcError session_not_found() {
  return RpcError(ErrorCode::invalid_request,
                  "Session not found: it ended or was never issued; send initialize to start a new one");
}

bool unknown_session(const std::shared_ptr<Peer>& peer) {
  std::lock_guard lock(peer->state().mu);
  return peer->state().unknown_session;
}

bool valid_id(const json& id) { return id.is_string() || id.is_number_integer(); }


const json& meta_of(const json& params) {
  static const json empty = json::object();
  if (params.is_object()) {
    auto it = params.find("_meta");
    if (it != params.end() && it->is_object()) return *it;
  }
  return empty;
}

json supported_modern() {
  json s = json::array();
  for (auto v : kModernVersions) s.push_back(std::string(v));
  return s;
}

}  // namespace

// --- Dispatcher ---------------------------------------------------------------------------------

Dispatcher::Dispatcher(ServerInfo i, ServerOptions o)
    : info(std::move(i)),
      options(std::move(o)),
      sealer(options.state_secret, options.state_lifetime),
      tasks({options.task_ttl, options.max_tasks, options.task_poll_interval}),
      pool(options.max_worker_threads) {
  //               method                      handler                     legacy modern input
  methods_ = {
      {"initialize", {&Dispatcher::initialize, true, false, false}},
      {"ping", {&Dispatcher::ping, true, false, false}},
      {"server/discover", {&Dispatcher::discover, true, true, false}},
      {"tools/list", {&Dispatcher::tools_list, true, true, false}},
      {"tools/call", {&Dispatcher::tools_call, true, true, true}},
      {"resources/list", {&Dispatcher::resources_list, true, true, false}},
      {"resources/templates/list", {&Dispatcher::resources_templates_list, true, true, false}},
      {"resources/read", {&Dispatcher::resources_read, true, true, true}},
      {"resources/subscribe", {&Dispatcher::resources_subscribe, true, false, false}},
      {"resources/unsubscribe", {&Dispatcher::resources_unsubscribe, true, false, false}},
      {"prompts/list", {&Dispatcher::prompts_list, true, true, false}},
      {"prompts/get", {&Dispatcher::prompts_get, true, true, true}},
      {"completion/complete", {&Dispatcher::completion_complete, true, true, false}},
      {"logging/setLevel", {&Dispatcher::logging_set_level, true, false, false}},
      {"subscriptions/listen", {&Dispatcher::subscriptions_listen, false, true, false}},
      // The tasks extension (tasks.cpp); tasks/result and tasks/list are not part of it (-32601).
      {"tasks/get", {&Dispatcher::tasks_get, false, true, false}},
      {"tasks/update", {&Dispatcher::tasks_update, false, true, false}},
      {"tasks/cancel", {&Dispatcher::tasks_cancel, false, true, false}},
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

void Dispatcher::reject_oversized(std::size_t limit, const std::shared_ptr<Sink>& sink) {
  reply_error(sink, nullptr, errors::message_too_large(limit), Era::legacy, true);
}

void Dispatcher::handle(std::string_view text, const std::shared_ptr<Peer>& peer, const std::shared_ptr<Sink>& sink,
                        const HttpHeaders* http) {
  if (nests_deeper_than(text, kMaxNestingDepth)) {
    reply_error(sink, nullptr,
                errors::parse_error("the message nests arrays and objects deeper than " +
                                    std::to_string(kMaxNestingDepth) + " levels"),
                Era::legacy, true);
    return;
  }
  json msg = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (msg.is_discarded()) {
    reply_error(sink, nullptr, errors::parse_error("the message is not valid JSON"), Era::legacy, true);
    return;
  }
  if (msg.is_array()) {
    reply_error(sink, nullptr,
                errors::invalid_request("JSON-RPC batches are not supported (removed in protocol 2025-06-18)"),
                Era::legacy, true);
    return;
  }
  if (!msg.is_object() || msg.value("jsonrpc", json()) != "2.0") {
    json id = msg.is_object() && msg.contains("id") && valid_id(msg["id"]) ? msg["id"] : json();
    reply_error(sink, id, errors::invalid_request("expected a JSON-RPC 2.0 object with \"jsonrpc\": \"2.0\""),
                Era::legacy, true);
    return;
  }
  auto method = msg.find("method");
  if (method == msg.end()) {
    if (msg.contains("id") && (msg.contains("result") || msg.contains("error"))) {
      if (unknown_session(peer)) {
        reply_error(sink, nullptr, session_not_found(), Era::legacy, true, true);
        return;
      }
      handle_response(msg, peer);
      Disposition d;
      d.accepted_without_reply = true;
      sink->finish(nullptr, d);
      return;
    }
    reply_error(sink, nullptr, errors::invalid_request("a message needs \"method\", or \"result\"/\"error\" with \"id\""),
                Era::legacy, true);
    return;
  }
  if (!method->is_string()) {
    json id = msg.contains("id") && valid_id(msg["id"]) ? msg["id"] : json();
    reply_error(sink, id, errors::invalid_request("\"method\" must be a string"), Era::legacy, true);
    return;
  }
  if (msg.contains("params") && !msg["params"].is_object()) {
    json id = msg.contains("id") && valid_id(msg["id"]) ? msg["id"] : json();
    reply_error(sink, id, errors::invalid_request("\"params\" must be an object"), Era::legacy, true);
    return;
  }
  if (!msg.contains("id")) {
    // meta_of returns a reference into its argument: keep it on an object that outlives `meta`
    // (msg.value() made a temporary, read after it was freed; AddressSanitizer, issue 5).
    static const json no_params = json::object();
    auto params = msg.find("params");
    const json& meta = meta_of(params != msg.end() ? *params : no_params);
    Era era = meta.contains(meta_keys::protocol_version) ? Era::modern : Era::legacy;
    if (era == Era::legacy && unknown_session(peer)) {
      reply_error(sink, nullptr, session_not_found(), Era::legacy, true, true);
      return;
    }
    handle_notification(msg, peer, era);
    Disposition d;
    d.era = era;
    d.accepted_without_reply = true;
    sink->finish(nullptr, d);
    return;
  }
  if (!valid_id(msg["id"])) {
    reply_error(sink, nullptr, errors::invalid_request("\"id\" must be a string or an integer"), Era::legacy, true);
    return;
  }
  handle_request(std::move(msg), peer, sink, http);
}

void Dispatcher::handle_request(json&& msg, const std::shared_ptr<Peer>& peer, const std::shared_ptr<Sink>& sink,
                                const HttpHeaders* http) {
  auto call = std::make_shared<CallState>(*this, options.client_request_timeout);
  call->peer = peer;
  call->sink = sink;
  call->id = std::move(msg["id"]);
  call->method = msg["method"].get<std::string>();
  call->params = msg.contains("params") ? std::move(msg["params"]) : json::object();
  const json& meta = meta_of(call->params);

  // Which era? A _meta version claim decides; else a modern MCP-Protocol-Version header or
  // server/discover is a malformed modern request; else legacy (mcp-spec-checklist §C).
  auto claim = meta.find(meta_keys::protocol_version);
  bool modern = false;
  if (claim != meta.end()) {
    auto era = claim->is_string() ? era_of(claim->get<std::string>()) : std::nullopt;
    modern = era != Era::legacy;
  } else {
    modern = call->method == "server/discover" ||
             (http && http->protocol_version && era_of(*http->protocol_version) == Era::modern);
  }
  call->era = modern ? Era::modern : Era::legacy;

  auto entry = methods_.find(call->method);
  try {
    if (modern) {
      // The 2026 ladder: header/body version, supported version, _meta envelope, method,
      // Mcp-Method / Mcp-Name headers, then the method's own params.
      if (claim != meta.end() && !claim->is_string())
        throw errors::invalid_params("_meta \"io.modelcontextprotocol/protocolVersion\" must be a string");
      if (http && http->protocol_version && claim != meta.end() && *http->protocol_version != *claim)
        throw errors::header_mismatch("MCP-Protocol-Version header \"" + *http->protocol_version +
                                      "\" does not match the request's _meta protocolVersion \"" +
                                      claim->get<std::string>() + "\"");
      if (claim == meta.end())
        throw errors::invalid_params(
            "Missing _meta \"io.modelcontextprotocol/protocolVersion\": a 2026-07-28 request carries its "
            "protocol version and client capabilities in params._meta");
      call->version = claim->get<std::string>();
      if (era_of(call->version) != Era::modern) throw errors::unsupported_version(call->version, supported_modern());
      auto caps = meta.find(meta_keys::client_capabilities);
      if (caps == meta.end() || !caps->is_object())
        throw errors::invalid_params("Missing or invalid _meta \"io.modelcontextprotocol/clientCapabilities\"");
      call->client_capabilities = *caps;
      auto ci = meta.find(meta_keys::client_info);
      if (ci != meta.end()) {
        if (!ci->is_object()) throw errors::invalid_params("_meta \"io.modelcontextprotocol/clientInfo\" must be an object");
        call->client_info = *ci;
      }
      auto lvl = meta.find(meta_keys::log_level);
      if (lvl != meta.end()) {
        auto parsed = lvl->is_string() ? parse_log_level(lvl->get<std::string>()) : std::nullopt;
        if (!parsed) throw errors::invalid_params("Invalid _meta \"io.modelcontextprotocol/logLevel\"");
        call->log_level = parsed;
      }
      if (entry == methods_.end() || !entry->second.modern) throw errors::method_not_found(call->method);
      if (http) {
        if (!http->mcp_method || *http->mcp_method != call->method)
          throw errors::header_mismatch("Mcp-Method header must equal the request method \"" + call->method + "\"");
        const char* name_key = call->method == "tools/call" || call->method == "prompts/get" ? "name"
                               : call->method == "resources/read"                             ? "uri"
                               : call->method.starts_with("tasks/")                           ? "taskId"
                                                                                              : nullptr;
        if (name_key) {
          auto v = call->params.find(name_key);
          if (v != call->params.end() && v->is_string() && (!http->mcp_name || *http->mcp_name != *v))
            throw errors::header_mismatch(std::string("Mcp-Name header must equal params.") + name_key);
        }
        if (call->method == "tools/call") {
          json schema;
          if (auto name = call->params.find("name"); name != call->params.end() && name->is_string()) {
            std::shared_lock lock(reg_mu);
            if (auto t = tools.find(name->get<std::string>()); t != tools.end())
              schema = t->second.def.definition.value("inputSchema", json::object());
          }
          if (!schema.is_null())
            detail::check_param_headers(schema, call->params.value("arguments", json::object()), http->mcp_params);
        }
      }
    } else {
      std::lock_guard lock(peer->state().mu);
      PeerState& ps = peer->state();
      if (ps.unknown_session) {
        reply_error(sink, call->id, session_not_found(), Era::legacy, true, true);
        return;
      }
      // Over HTTP a 2025 session is named by its Mcp-Session-Id; only initialize starts one.
      if (http && !http->has_session_id && call->method != "initialize")
        throw errors::invalid_request("missing Mcp-Session-Id header; send initialize to start a session");
      if (call->method != "initialize" && call->method != "ping" && call->method != "server/discover" &&
          !ps.initialized)
        throw errors::not_initialized();
      if (http && http->protocol_version && !era_of(*http->protocol_version))
        throw errors::invalid_request("unsupported MCP-Protocol-Version header \"" + *http->protocol_version + "\"");
      if (entry == methods_.end() || !entry->second.legacy || call->method == "server/discover")
        throw errors::method_not_found(call->method);
      call->version = ps.version;
      call->client_capabilities = ps.client_capabilities;
      call->client_info = ps.client_info;
    }
  } catch (const RpcError& e) {
    reply_error(sink, call->id, e, call->era, true);
    return;
  }

  if (auto pt = meta.find("progressToken"); pt != meta.end() && (pt->is_string() || pt->is_number_integer()))
    call->progress_token = *pt;
  call->cancel = std::make_shared<CancelFlag>();
  {
    std::lock_guard lock(peer->state().mu);
    peer->state().in_flight[call->id.dump()] = call->cancel;
  }
  const Method& m = entry->second;
  if (run_inline(*call)) {
    run_call(call, m.fn, m.may_need_input);
  } else {
    pool.post([this, call, fn = m.fn, input = m.may_need_input] { run_call(call, fn, input); });
  }
}

bool Dispatcher::run_inline(const CallState& call) const {
  if (call.method == "tools/call") {
    auto name = call.params.find("name");
    if (name == call.params.end() || !name->is_string()) return true;  // fails fast
    std::shared_lock lock(reg_mu);
    auto it = tools.find(name->get<std::string>());
    return it == tools.end() || it->second.def.run_inline;
  }
  return call.method != "prompts/get" && call.method != "resources/read";
}

void Dispatcher::run_call(const std::shared_ptr<CallState>& call, Handler fn, bool may_need_input) {
  try {
    if (may_need_input && call->era == Era::modern) {
      if (auto ir = call->params.find("inputResponses"); ir != call->params.end()) {
        if (!ir->is_object()) throw errors::invalid_params("inputResponses must be an object");
        call->input_responses = *ir;
      }
      // The state belongs to this call: its method, target and arguments (a state replayed on a
      // call with other arguments would return the old call's answers).
      const json& target = call->method == "resources/read" ? call->params.value("uri", json()) : call->params.value("name", json());
      call->binding = call->method + ":" + (target.is_string() ? target.get<std::string>() : std::string()) + ":" +
                      detail::sha256_base64url(call->params.value("arguments", json::object()).dump());
      if (auto rs = call->params.find("requestState"); rs != call->params.end()) {
        auto st = rs->is_string() ? sealer.open(call->binding, *rs) : std::nullopt;
        if (!st || !st->is_object())
          throw errors::invalid_params("requestState failed verification: it was altered, has expired, or belongs to another request");
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
    json result = (this->*fn)(*call);
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
    for (const auto& [key, req] : ir.requests) requests[key] = {{"method", req.method}, {"params", req.params}};
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
  {
    std::lock_guard lock(call.peer->state().mu);
    call.peer->state().in_flight.erase(call.id.dump());
  }
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
  if (call.method == "initialize" && call.era == Era::legacy) d.session_started = true;
  json response = {{"jsonrpc", "2.0"}, {"id", call.id}, {"result", std::move(result)}};
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
  reply_error(call.sink, call.id, error, call.era);
}

void Dispatcher::handle_notification(const json& msg, const std::shared_ptr<Peer>& peer, Era /*era*/) {
  const std::string& method = msg["method"].get_ref<const std::string&>();
  const json params = msg.value("params", json::object());
  if (method == "notifications/initialized") {
    return;  // the handshake completed; nothing else changes for this server
  }
  if (method == "notifications/cancelled") {
    auto rid = params.find("requestId");
    if (rid == params.end() || !valid_id(*rid)) return;  // malformed: ignored (SHOULD)
    std::shared_ptr<CancelFlag> flag;
    {
      std::lock_guard lock(peer->state().mu);
      auto it = peer->state().in_flight.find(rid->dump());
      if (it != peer->state().in_flight.end()) flag = it->second;
    }
    if (flag) flag->cancel();
    // A cancelled subscriptions/listen ends its stream at once.
    std::vector<Listener> ended;
    {
      std::lock_guard lock(listen_mu_);
      for (auto it = listeners_.begin(); it != listeners_.end();) {
        if (it->id == *rid && it->peer.lock() == peer) {
          ended.push_back(*it);
          it = listeners_.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (auto& l : ended) drop_listener(l);
    return;
  }
  // notifications/roots/list_changed and anything unknown: nothing to do (MUST NOT respond).
}

void Dispatcher::register_peer(const std::shared_ptr<Peer>& peer) {
  std::lock_guard lock(peers_mu_);
  std::erase_if(peers_, [](const std::weak_ptr<Peer>& w) { return w.expired(); });
  for (auto& w : peers_)
    if (w.lock() == peer) return;
  peers_.push_back(peer);
}

void Dispatcher::drop_listener(const Listener& l) {
  Disposition d;
  d.era = Era::modern;
  d.cancelled = true;
  if (auto peer = l.peer.lock()) {
    std::lock_guard lock(peer->state().mu);
    peer->state().in_flight.erase(l.id.dump());
  }
  l.sink->finish(nullptr, d);
}

void Dispatcher::send_to_listeners(const char* method, const json& params,
                                   const std::function<bool(const Listener&)>& wants) {
  std::vector<Listener> targets, ended;
  {
    std::lock_guard lock(listen_mu_);
    for (auto it = listeners_.begin(); it != listeners_.end();) {
      if (it->cancel->is_set() || it->sink->closed()) {
        ended.push_back(*it);
        it = listeners_.erase(it);
        continue;
      }
      if (wants(*it)) targets.push_back(*it);
      ++it;
    }
  }
  for (auto& l : ended) drop_listener(l);
  for (auto& l : targets) {
    json p = params;
    p["_meta"][meta_keys::subscription_id] = l.id;
    l.sink->send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(p)}});
  }
}

void Dispatcher::notify_list_changed(const char* kind) {
  std::string method = std::string("notifications/") + kind + "/list_changed";
  std::string k = kind;
  send_to_listeners(method.c_str(), json::object(), [&](const Listener& l) {
    return (k == "tools" && l.tools) || (k == "prompts" && l.prompts) || (k == "resources" && l.resources);
  });
  std::vector<std::shared_ptr<Peer>> targets;
  {
    std::lock_guard lock(peers_mu_);
    for (auto& w : peers_)
      if (auto p = w.lock()) targets.push_back(std::move(p));
  }
  json note = {{"jsonrpc", "2.0"}, {"method", method}};
  for (auto& p : targets) {
    std::shared_ptr<Sink> s;
    {
      std::lock_guard lock(p->state().mu);
      if (p->state().initialized) s = p->state().standalone;
    }
    if (s) s->send(note);
  }
}

void Dispatcher::notify_resource_updated(const std::string& uri) {
  json params = {{"uri", uri}};
  send_to_listeners("notifications/resources/updated", params,
                    [&](const Listener& l) { return l.uris.count(uri) > 0; });
  std::vector<std::shared_ptr<Sink>> sinks;
  {
    std::lock_guard lock(peers_mu_);
    for (auto& w : peers_) {
      auto p = w.lock();
      if (!p) continue;
      std::lock_guard plock(p->state().mu);
      if (p->state().subscriptions.count(uri) && p->state().standalone) sinks.push_back(p->state().standalone);
    }
  }
  json note = {{"jsonrpc", "2.0"}, {"method", "notifications/resources/updated"}, {"params", params}};
  for (auto& s : sinks) s->send(note);
}

}  // namespace sciorex::protocol
