// Admission: every inbound message is classified (request, notification, response, or refused
// as malformed), each request's era decided (mcp-spec-checklist §C) and checked against that era's
// lifecycle, _meta and header rules before a handler runs. The rules per method are in the method
// table (MethodRules, dispatcher.hpp).
#include "dispatcher.hpp"
#include "extensions.hpp"
#include "param_headers.hpp"
#include "sciorex/protocol/envelope.hpp"
#include "sciorex/protocol/wire.hpp"

namespace sciorex::protocol {

namespace {

const json& meta_of(const json& params) {
  static const json empty = json::object();
  if (params.is_object()) {
    auto it = params.find("_meta");
    if (it != params.end() && it->is_object()) return *it;
  }
  return empty;
}

// tools/call resolved its tool before the client's capabilities were known: a tool that needs a
// client extension this client did not declare is unknown to it, as if it did not exist.
void gate_tool(CallState& call) {
  if (call.tool && !detail::offered(call.tool->def.requires_extension, call.client_capabilities))
    call.tool = nullptr;
}

json supported_modern() {
  json s = json::array();
  for (auto v : kModernVersions) s.push_back(std::string(v));
  return s;
}

}  // namespace

namespace detail {

void reply_error(const std::shared_ptr<Sink>& sink, const json& id, const RpcError& e, Era era, bool envelope,
                 bool unknown_session) {
  json response = envelope::error(id, e);
  Disposition d;
  d.era = era;
  d.error_code = e.code();
  d.envelope_error = envelope;
  d.unknown_session = unknown_session;
  sink->finish(&response, d);
}

bool valid_id(const json& id) { return id.is_string() || id.is_number_integer(); }

}  // namespace detail

void Dispatcher::reject_oversized(std::size_t limit, const std::shared_ptr<Sink>& sink) {
  detail::reply_error(sink, nullptr, errors::message_too_large(limit), Era::legacy, true);
}

void Dispatcher::handle(std::string_view text, const std::shared_ptr<Peer>& peer,
                        const std::shared_ptr<Sink>& sink, const HttpHeaders* http) {
  if (nests_deeper_than(text, kMaxNestingDepth)) {
    detail::reply_error(sink, nullptr,
                        errors::parse_error("the message nests arrays and objects deeper than " +
                                            std::to_string(kMaxNestingDepth) + " levels"),
                        Era::legacy, true);
    return;
  }
  json msg = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (msg.is_discarded()) {
    detail::reply_error(sink, nullptr, errors::parse_error("the message is not valid JSON"), Era::legacy,
                        true);
    return;
  }
  if (msg.is_array()) {
    detail::reply_error(
        sink, nullptr,
        errors::invalid_request("JSON-RPC batches are not supported (removed in protocol 2025-06-18)"),
        Era::legacy, true);
    return;
  }
  if (!msg.is_object() || msg.value("jsonrpc", json()) != "2.0") {
    json id = msg.is_object() && msg.contains("id") && detail::valid_id(msg["id"]) ? msg["id"] : json();
    detail::reply_error(sink, id,
                        errors::invalid_request("expected a JSON-RPC 2.0 object with \"jsonrpc\": \"2.0\""),
                        Era::legacy, true);
    return;
  }
  auto method = msg.find("method");
  if (method == msg.end()) {
    if (msg.contains("id") && (msg.contains("result") || msg.contains("error"))) {
      if (peer->state().unknown_session()) {
        detail::reply_error(sink, nullptr, errors::session_not_found(), Era::legacy, true, true);
        return;
      }
      handle_response(msg, peer);
      Disposition d;
      d.accepted_without_reply = true;
      sink->finish(nullptr, d);
      return;
    }
    detail::reply_error(
        sink, nullptr,
        errors::invalid_request("a message needs \"method\", or \"result\"/\"error\" with \"id\""),
        Era::legacy, true);
    return;
  }
  if (!method->is_string()) {
    json id = msg.contains("id") && detail::valid_id(msg["id"]) ? msg["id"] : json();
    detail::reply_error(sink, id, errors::invalid_request("\"method\" must be a string"), Era::legacy, true);
    return;
  }
  if (msg.contains("params") && !msg["params"].is_object()) {
    json id = msg.contains("id") && detail::valid_id(msg["id"]) ? msg["id"] : json();
    detail::reply_error(sink, id, errors::invalid_request("\"params\" must be an object"), Era::legacy, true);
    return;
  }
  if (!msg.contains("id")) {
    // meta_of returns a reference into its argument: keep it on an object that outlives `meta`
    // (msg.value() made a temporary, read after it was freed; AddressSanitizer, issue 5).
    static const json no_params = json::object();
    auto params = msg.find("params");
    const json& meta = meta_of(params != msg.end() ? *params : no_params);
    Era era = meta.contains(meta_keys::protocol_version) ? Era::modern : Era::legacy;
    if (era == Era::legacy && peer->state().unknown_session()) {
      detail::reply_error(sink, nullptr, errors::session_not_found(), Era::legacy, true, true);
      return;
    }
    handle_notification(msg, peer, era);
    Disposition d;
    d.era = era;
    d.accepted_without_reply = true;
    sink->finish(nullptr, d);
    return;
  }
  if (!detail::valid_id(msg["id"])) {
    detail::reply_error(sink, nullptr, errors::invalid_request("\"id\" must be a string or an integer"),
                        Era::legacy, true);
    return;
  }
  handle_request(std::move(msg), peer, sink, http);
}

void Dispatcher::handle_request(json&& msg, const std::shared_ptr<Peer>& peer,
                                const std::shared_ptr<Sink>& sink, const HttpHeaders* http) {
  auto call = std::make_shared<CallState>(*this, options.client_request_timeout);
  call->peer = peer;
  call->sink = sink;
  call->id = std::move(msg["id"]);
  call->method = msg["method"].get<std::string>();
  call->params = msg.contains("params") ? std::move(msg["params"]) : json::object();
  if (auto entry = methods_.find(call->method); entry != methods_.end()) call->rules = &entry->second;
  const json& meta = meta_of(call->params);

  // Which era? A _meta version claim decides; else a modern MCP-Protocol-Version header or a
  // method that implies it (server/discover) is a malformed modern request; else legacy.
  auto claim = meta.find(meta_keys::protocol_version);
  bool modern = false;
  if (claim != meta.end()) {
    auto era = claim->is_string() ? era_of(claim->get<std::string>()) : std::nullopt;
    modern = era != Era::legacy;
  } else {
    modern = (call->rules && call->rules->implies_modern) ||
             (http && http->protocol_version && era_of(*http->protocol_version) == Era::modern);
  }
  call->era = modern ? Era::modern : Era::legacy;

  // tools/call resolves its tool once, here: the header checks, run_inline and the handler share it.
  if (call->rules && call->rules->resolves_tool)
    if (auto name = call->params.find("name"); name != call->params.end() && name->is_string())
      call->tool = registry.tool(name->get<std::string>());

  try {
    if (modern) {
      admit_modern(*call, http);
    } else if (!admit_legacy(*call, http)) {
      return;
    }
  } catch (const RpcError& e) {
    detail::reply_error(sink, call->id, e, call->era, true);
    return;
  }

  if (auto pt = meta.find("progressToken"); pt != meta.end() && (pt->is_string() || pt->is_number_integer()))
    call->progress_token = *pt;
  call->cancel = std::make_shared<CancelFlag>();
  peer->state().add_in_flight(call->id, call->cancel);
  if (run_inline(*call)) {
    run_call(call);
  } else {
    pool.post([this, call] { run_call(call); });
  }
}

// The 2026 ladder: header/body version, supported version, _meta envelope, method, Mcp-Method /
// Mcp-Name / Mcp-Param-* headers; the method checks its own params.
void Dispatcher::admit_modern(CallState& call, const HttpHeaders* http) {
  const json& meta = meta_of(call.params);
  auto claim = meta.find(meta_keys::protocol_version);
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
  call.version = claim->get<std::string>();
  if (era_of(call.version) != Era::modern)
    throw errors::unsupported_version(call.version, supported_modern());
  auto caps = meta.find(meta_keys::client_capabilities);
  if (caps == meta.end() || !caps->is_object())
    throw errors::invalid_params("Missing or invalid _meta \"io.modelcontextprotocol/clientCapabilities\"");
  call.client_capabilities = *caps;
  gate_tool(call);
  auto ci = meta.find(meta_keys::client_info);
  if (ci != meta.end()) {
    if (!ci->is_object())
      throw errors::invalid_params("_meta \"io.modelcontextprotocol/clientInfo\" must be an object");
    call.client_info = *ci;
  }
  auto lvl = meta.find(meta_keys::log_level);
  if (lvl != meta.end()) {
    auto parsed = lvl->is_string() ? parse_log_level(lvl->get<std::string>()) : std::nullopt;
    if (!parsed) throw errors::invalid_params("Invalid _meta \"io.modelcontextprotocol/logLevel\"");
    call.log_level = parsed;
  }
  if (!call.rules || !call.rules->modern) throw errors::method_not_found(call.method);
  if (http) {
    if (!http->mcp_method || *http->mcp_method != call.method)
      throw errors::header_mismatch("Mcp-Method header must equal the request method \"" + call.method +
                                    "\"");
    const char* name_key = call.rules->name_key;
    if (name_key) {
      auto v = call.params.find(name_key);
      if (v != call.params.end() && v->is_string() && (!http->mcp_name || *http->mcp_name != *v))
        throw errors::header_mismatch(std::string("Mcp-Name header must equal params.") + name_key);
    }
    // A tool's x-mcp-header arguments travel as Mcp-Param-* headers too.
    if (call.rules->resolves_tool && call.tool)
      detail::check_param_headers(call.tool->def.definition.value("inputSchema", json::object()),
                                  call.params.value("arguments", json::object()), http->mcp_params);
  }
}

bool Dispatcher::admit_legacy(CallState& call, const HttpHeaders* http) {
  PeerState::Session session = call.peer->state().session();
  if (session.unknown) {
    detail::reply_error(call.sink, call.id, errors::session_not_found(), Era::legacy, true, true);
    return false;
  }
  // Over HTTP a 2025 session is named by its Mcp-Session-Id; only initialize starts one.
  if (http && !http->has_session_id && !(call.rules && call.rules->starts_session))
    throw errors::invalid_request("missing Mcp-Session-Id header; send initialize to start a session");
  if (!(call.rules && call.rules->before_init) && !session.initialized) throw errors::not_initialized();
  if (http && http->protocol_version && !era_of(*http->protocol_version))
    throw errors::invalid_request("unsupported MCP-Protocol-Version header \"" + *http->protocol_version +
                                  "\"");
  if (!call.rules || !call.rules->legacy) throw errors::method_not_found(call.method);
  call.version = std::move(session.version);
  call.client_capabilities = std::move(session.client_capabilities);
  call.client_info = std::move(session.client_info);
  gate_tool(call);
  return true;
}

bool Dispatcher::run_inline(const CallState& call) const {
  if (!call.rules->on_pool) return true;
  if (call.rules->resolves_tool)
    return !call.tool || call.tool->def.run_inline;  // an unknown tool fails fast
  return false;
}

}  // namespace sciorex::protocol
