// One connection of the Streamable HTTP transport: reading requests, applying the HTTP rules,
// handing POST bodies to the dispatcher and writing its answers (see http_connection.hpp).
#include "http_connection.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/read.hpp>
#include <nlohmann/json.hpp>

#include "http_auth.hpp"
#include "sciorex/protocol/errors.hpp"
#include "sciorex/protocol/wire.hpp"

namespace sciorex::transport {
namespace {

constexpr std::size_t kHeaderLimit = std::size_t{16} * 1024;
// Interim messages waiting for a client that does not read: past this the connection is closed.
constexpr std::size_t kMaxQueuedBytes = std::size_t{16} * 1024 * 1024;

std::optional<std::string_view> field(const http::request<http::string_body>& req, std::string_view name) {
  auto it = req.find(beast::string_view(name.data(), name.size()));
  if (it == req.end()) return std::nullopt;
  return std::string_view(it->value().data(), it->value().size());
}

std::optional<std::string> trimmed_field(const http::request<http::string_body>& req, std::string_view name) {
  auto v = field(req, name);
  if (!v) return std::nullopt;
  return std::string(http_rules::trim_ows(*v));
}

// The head the rules look at. `codings` holds the Transfer-Encoding fields joined, which the
// head views; it must outlive the head.
http_rules::RequestHead head_of(const http::request<http::string_body>& req, std::string& codings) {
  http_rules::RequestHead head{std::string_view(req.method_string().data(), req.method_string().size()),
                               std::string_view(req.target().data(), req.target().size()),
                               field(req, "Host"),
                               field(req, "Origin"),
                               field(req, "Authorization"),
                               field(req, "Content-Type"),
                               field(req, "Accept")};
  auto [first, last] = req.equal_range(http::field::transfer_encoding);
  for (auto it = first; it != last; ++it) {
    if (it != first) codings += ", ";
    codings.append(it->value().data(), it->value().size());
  }
  if (first != last) head.transfer_encoding = codings;
  head.repeated_host = req.count(http::field::host) > 1;
  head.repeated_origin = req.count(http::field::origin) > 1;
  return head;
}

}  // namespace

// --- ResponseSink ----------------------------------------------------------------------------------

bool ResponseSink::send(const nlohmann::json& message) {
  if (!interim_allowed_ || closed_.load()) return false;  // the client accepts JSON only: no SSE
  std::shared_ptr<Connection> c;
  {
    std::lock_guard lock(mu_);
    c = conn_;
  }
  return c && c->post_interim(seq_, protocol::serialize(message));
}

void ResponseSink::finish(const nlohmann::json* response, const protocol::Disposition& d) {
  std::shared_ptr<Connection> c;
  {
    std::lock_guard lock(mu_);
    c = std::move(conn_);
    conn_.reset();
  }
  if (!c) return;  // the connection closed first
  c->post_final(seq_, response ? std::optional<std::string>(protocol::serialize(*response)) : std::nullopt,
                d);
}

void ResponseSink::detach() {
  closed_.store(true);
  std::lock_guard lock(mu_);
  conn_.reset();
}

// --- ServerContext ---------------------------------------------------------------------------------

ServerContext::ServerContext(protocol::Server* s, HttpOptions o)
    : server(s), options(std::move(o)), sessions(options.max_sessions) {
  guard.bound_host = options.host;
  guard.auth_token = options.auth_token;
  guard.allowed_origins = options.allowed_origins;
  guard.authenticate = options.authenticate;
  guard.people_required = options.people_required;
  guard.authorization_server = options.authorization_server;
  guard.resource_name = options.resource_name;
}

bool ServerContext::register_connection(const std::shared_ptr<Connection>& c) {
  std::lock_guard lock(mu);
  if (stopping || connections.size() >= options.max_connections) return false;
  connections[c.get()] = c;
  return true;
}

void ServerContext::unregister_connection(const Connection* c) {
  {
    std::lock_guard lock(mu);
    connections.erase(c);
  }
  connections_changed.notify_all();
}

// --- Connection: reading -----------------------------------------------------------------------

Connection::Connection(tcp::socket socket, std::shared_ptr<ServerContext> ctx)
    : ctx_(std::move(ctx)), stream_(std::move(socket)), keepalive_(stream_.get_executor()) {}

Connection::~Connection() { ctx_->unregister_connection(this); }

void Connection::start() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
}

void Connection::reject_busy() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->phase_ = Phase::handling;
    self->keep_alive_ = false;
    self->respond(503, http_rules::error_body(protocol::ErrorCode::invalid_request,
                                              "Service Unavailable: too many open connections"));
  });
}

void Connection::shutdown() {
  closed_.store(true);
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
}

void Connection::do_read() {
  phase_ = Phase::reading;
  ++seq_;
  keep_alive_ = true;
  close_after_ = sse_started_ = final_queued_ = echo_session_ = may_probe_ = route_ = false;
  route_stream_.reset();
  session_id_.clear();
  peer_.reset();
  sink_.reset();
  parser_.emplace();
  parser_->body_limit(ctx_->options.max_body_bytes);
  parser_->header_limit(kHeaderLimit);
  // One deadline for the whole request, headers and body: a client that trickles bytes
  // (slowloris) or idles between keep-alive requests is disconnected.
  stream_.expires_after(ctx_->options.read_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void Connection::on_read(beast::error_code ec) {
  if (phase_ != Phase::reading) return;
  if (!ec) return on_request();
  stream_.expires_never();
  phase_ = Phase::handling;
  keep_alive_ = false;  // whatever is answered below, the rest of the stream cannot be trusted
  if (ec == http::error::body_limit) {
    // Headers are parsed: the HTTP rules still come first (a bad Origin is 403, not 413).
    std::string codings;
    const http_rules::RequestHead head = head_of(parser_->get(), codings);
    route_ = !http_rules::is_mcp_target(head.target) && ctx_->options.routes;
    if (auto r = route_ ? http_rules::check_route_request(head, ctx_->guard)
                        : http_rules::check_request(head, ctx_->guard))
      return reject(*r);
    if (route_) return respond(413, route_error_body(413, "the request body is too large"));
    return respond(413,
                   http_rules::error_body(protocol::errors::message_too_large(ctx_->options.max_body_bytes)));
  }
  if (ec == http::error::header_limit)
    return respond(
        431, http_rules::error_body(protocol::ErrorCode::invalid_request, "Request Header Fields Too Large"));
  if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message)
    return respond(400, http_rules::error_body(protocol::ErrorCode::invalid_request,
                                               "Bad Request: malformed HTTP request"));
  close();  // end of stream, timeout (the stream already closed the socket), reset
}

void Connection::on_request() {
  stream_.expires_never();  // a handler may take long; watch_client notices a vanished client
  phase_ = Phase::handling;
  const auto& req = parser_->get();
  keep_alive_ = req.keep_alive();
  std::string codings;
  const http_rules::RequestHead head = head_of(req, codings);
  principal_.reset();
  if (ctx_->server && ctx_->options.authenticate && http_rules::is_protected_resource_target(head.target)) {
    route_ = true;
    if (auto r = http_rules::check_route_request(head, ctx_->guard)) return reject(*r);
    return handle_resource_metadata(head);
  }
  if (!http_rules::is_mcp_target(head.target) && ctx_->options.routes) {
    route_ = true;
    if (auto r = http_rules::check_route_request(head, ctx_->guard)) return reject(*r);
    return handle_route(req);
  }
  if (!ctx_->server) return reject({404, "Not Found"});
  if (auto r = http_rules::check_request(head, ctx_->guard, &principal_)) return reject(*r);
  if (req.method() == http::verb::post) return handle_post(req);
  auto session = trimmed_field(req, "Mcp-Session-Id");
  http_rules::SessionRequest sr;
  sr.method = head.method;
  if (session) sr.session_id = *session;
  if (session) {
    auto stream = ctx_->sessions.has_stream(*session);
    sr.session_known = stream.has_value();
    sr.stream_open = stream.value_or(false);
  }
  sr.protocol_version = field(req, "MCP-Protocol-Version");
  sr.accept = head.accept;
  if (auto r = http_rules::check_session_request(sr)) return reject(*r);
  if (req.method() == http::verb::get) return handle_get(req, *session);
  handle_delete(*session);
}

// --- Connection: the three methods -----------------------------------------------------------------

void Connection::handle_post(const http::request<http::string_body>& req) {
  protocol::HttpHeaders headers;
  headers.protocol_version = trimmed_field(req, "MCP-Protocol-Version");
  headers.mcp_method = trimmed_field(req, "Mcp-Method");
  headers.mcp_name = trimmed_field(req, "Mcp-Name");
  for (const auto& f : req) {  // Mcp-Param-{Name}: names compared case-insensitively
    std::string name(f.name_string());
    if (name.size() > 10 && boost::beast::iequals(name.substr(0, 10), "mcp-param-")) {
      std::string key = name.substr(10);
      for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      headers.mcp_params.emplace_back(std::move(key), std::string(http_rules::trim_ows(f.value())));
    }
  }
  auto session = trimmed_field(req, "Mcp-Session-Id");
  headers.has_session_id = session.has_value();
  headers.principal = principal_;
  bool modern =
      headers.protocol_version && protocol::era_of(*headers.protocol_version) == protocol::Era::modern;

  if (session) peer_ = ctx_->sessions.find(*session);
  if (peer_) {
    session_id_ = *session;
    echo_session_ = !modern;  // 2026 is stateless: a session id is neither minted nor echoed
  } else {
    peer_ = std::make_shared<protocol::Peer>();
    // An ended or never-issued session: the dispatcher answers 2025 messages on it with 404 and
    // ignores the id for stateless 2026 requests.
    if (session) peer_->mark_unknown_session();
  }
  auto accept = field(req, "Accept");
  bool sse_allowed =
      !accept || http_rules::trim_ows(*accept).empty() || http_rules::accepts(*accept, "text/event-stream");
  sink_ = std::make_shared<ResponseSink>(shared_from_this(), seq_, sse_allowed);
  // Not for a 2025 request outside a session (an initialize): its session id goes on the answer's
  // header, which an early SSE header would already have sent.
  may_probe_ = sse_allowed && (!session_id_.empty() || modern);
  watch_client();
  // Runs inline parts of the handling on this strand; every answer comes back through post_*,
  // so nothing re-enters this connection while handle() runs.
  ctx_->server->handle(req.body(), peer_, sink_, &headers);
}

void Connection::handle_get(const http::request<http::string_body>&, const std::string& session_id) {
  sink_ = std::make_shared<ResponseSink>(shared_from_this(), seq_, true);
  std::weak_ptr<Connection> weak = weak_from_this();
  auto end_stream = [weak, seq = seq_] {
    if (auto c = weak.lock()) {
      protocol::Disposition d;
      d.cancelled = true;
      c->post_final(seq, std::nullopt, d);
    }
  };
  switch (ctx_->sessions.attach_stream(session_id, sink_, end_stream)) {
    case SessionTable::Attach::unknown:  // ended between the check and now
      return reject(http_rules::session_not_found());
    case SessionTable::Attach::busy:
      return reject({409, "Conflict: this session already has an open GET stream"});
    case SessionTable::Attach::attached:
      break;
  }
  phase_ = Phase::streaming;
  session_id_ = stream_session_ = session_id;
  echo_session_ = true;
  start_sse();
  watch_client();
}

void Connection::handle_delete(const std::string& session_id) {
  if (!ctx_->sessions.remove(session_id))  // ended between the check and now
    return reject(http_rules::session_not_found());
  respond(200, "");
}

// --- Connection: answers from the dispatcher ---------------------------------------------------------

bool Connection::post_interim(std::uint64_t seq, std::string data) {
  if (closed_.load()) return false;
  std::size_t n = data.size();
  if (queued_bytes_.fetch_add(n) + n > kMaxQueuedBytes) {
    queued_bytes_.fetch_sub(n);
    shutdown();  // the client does not read its stream
    return false;
  }
  net::post(stream_.get_executor(),
            [self = shared_from_this(), seq, data = std::move(data)] { self->on_interim(seq, data); });
  return true;
}

void Connection::post_final(std::uint64_t seq, std::optional<std::string> response,
                            const protocol::Disposition& d) {
  net::post(stream_.get_executor(), [self = shared_from_this(), seq, response = std::move(response), d] {
    self->on_final(seq, response, d);
  });
}

void Connection::on_interim(std::uint64_t seq, const std::string& data) {
  queued_bytes_.fetch_sub(data.size());
  if ((phase_ != Phase::handling && phase_ != Phase::streaming) || seq != seq_ || final_queued_) return;
  if (!sse_started_) start_sse();
  sse_event(data);
}

void Connection::on_final(std::uint64_t seq, const std::optional<std::string>& response,
                          const protocol::Disposition& d) {
  if ((phase_ != Phase::handling && phase_ != Phase::streaming) || seq != seq_ || final_queued_) return;
  if (phase_ == Phase::streaming) {  // a GET stream whose session ended
    ctx_->sessions.detach_stream(stream_session_, sink_.get());
    stream_session_.clear();
    sink_->detach();
    end_sse();
    return;
  }
  int status = http_rules::http_status_for(d);
  if (d.session_started && session_id_.empty() && !sse_started_) {
    auto id = ctx_->sessions.create(peer_);
    if (!id) {
      peer_->close();
      return respond(503, http_rules::error_body(protocol::ErrorCode::internal_error,
                                                 "Service Unavailable: too many open sessions (" +
                                                     std::to_string(ctx_->options.max_sessions) +
                                                     "); try again after others end"));
    }
    session_id_ = *id;
    echo_session_ = true;
  }
  if (!session_id_.empty()) ctx_->sessions.touch(session_id_);
  if (sse_started_) {
    if (response && !d.cancelled) sse_event(*response);
    return end_sse();
  }
  // A cancelled request, a notification or a response: 202 and no body (a client's HTTP stack
  // treats an empty 200 as a malformed JSON answer).
  if (!response || d.cancelled) return respond(d.cancelled ? 202 : status, "");
  respond(status, *response);
}

}  // namespace sciorex::transport
