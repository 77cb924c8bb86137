// One connection of the Streamable HTTP transport: reading requests, applying the HTTP rules,
// handing POST bodies to the dispatcher and writing its answers (see http_connection.hpp).
#include "http_connection.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "sciorex/protocol/errors.hpp"
#include "sciorex/protocol/wire.hpp"

namespace sciorex::transport {
namespace {

constexpr std::size_t kHeaderLimit = 16 * 1024;
// Interim messages waiting for a client that does not read: past this the connection is closed.
constexpr std::size_t kMaxQueuedBytes = 16 * 1024 * 1024;
// After the last response of a connection: how long to drain what the client still sends, so that
// closing does not reset the connection before the client has read our answer (e.g. a 413).
constexpr std::chrono::seconds kLingerTimeout{2};

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

// One HTTP/1.1 chunk (RFC 9112 §7.1).
std::string chunk(std::string_view payload) {
  std::ostringstream os;
  os << std::hex << payload.size() << "\r\n" << payload << "\r\n";
  return os.str();
}

}  // namespace

// The Sink of one POST (or of one GET stream). Thread-safe: the dispatcher calls it from worker
// threads; it only serialises and posts to the connection's strand, never touching the socket.
// It holds the connection alive until the final outcome arrives or the connection closes.
class ResponseSink final : public protocol::Sink {
 public:
  ResponseSink(std::shared_ptr<Connection> c, std::uint64_t seq, bool interim_allowed)
      : conn_(std::move(c)), seq_(seq), interim_allowed_(interim_allowed) {}

  bool send(const nlohmann::json& message) override {
    if (!interim_allowed_ || closed_.load()) return false;  // the client accepts JSON only: no SSE
    std::shared_ptr<Connection> c;
    {
      std::lock_guard lock(mu_);
      c = conn_;
    }
    return c && c->post_interim(seq_, protocol::serialize(message));
  }

  void finish(const nlohmann::json* response, const protocol::Disposition& d) override {
    std::shared_ptr<Connection> c;
    {
      std::lock_guard lock(mu_);
      c = std::move(conn_);
      conn_.reset();
    }
    if (!c) return;  // the connection closed first
    c->post_final(seq_, response ? std::optional<std::string>(protocol::serialize(*response)) : std::nullopt, d);
  }

  bool closed() const noexcept override { return closed_.load(); }

  // The connection closed: later calls deliver nothing and closed() reports cancellation.
  void detach() {
    closed_.store(true);
    std::lock_guard lock(mu_);
    conn_.reset();
  }

 private:
  std::mutex mu_;
  std::shared_ptr<Connection> conn_;
  const std::uint64_t seq_;
  const bool interim_allowed_;
  std::atomic<bool> closed_{false};
};

// --- ServerContext ---------------------------------------------------------------------------------

ServerContext::ServerContext(protocol::Server& s, HttpOptions o)
    : server(s), options(std::move(o)), sessions(options.max_sessions) {
  guard.bound_host = options.host;
  guard.auth_token = options.auth_token;
  guard.allowed_origins = options.allowed_origins;
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
    self->respond(503, http_rules::error_body(-32600, "Service Unavailable: too many open connections"));
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
  close_after_ = sse_started_ = final_queued_ = echo_session_ = false;
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
    const auto& req = parser_->get();
    http_rules::RequestHead head{std::string_view(req.method_string().data(), req.method_string().size()),
                                 std::string_view(req.target().data(), req.target().size()),
                                 field(req, "Host"), field(req, "Origin"), field(req, "Authorization"),
                                 field(req, "Content-Type"), field(req, "Accept")};
    if (auto r = http_rules::check_request(head, ctx_->guard)) return reject(*r);
    auto e = protocol::errors::message_too_large(ctx_->options.max_body_bytes);
    return respond(413, http_rules::error_body(e.code(), e.what()));
  }
  if (ec == http::error::header_limit)
    return respond(431, http_rules::error_body(-32600, "Request Header Fields Too Large"));
  if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message)
    return respond(400, http_rules::error_body(-32600, "Bad Request: malformed HTTP request"));
  close();  // end of stream, timeout (the stream already closed the socket), reset
}

void Connection::on_request() {
  stream_.expires_never();  // a handler may take long; watch_client notices a vanished client
  phase_ = Phase::handling;
  const auto& req = parser_->get();
  keep_alive_ = req.keep_alive();
  http_rules::RequestHead head{std::string_view(req.method_string().data(), req.method_string().size()),
                               std::string_view(req.target().data(), req.target().size()),
                               field(req, "Host"), field(req, "Origin"), field(req, "Authorization"),
                               field(req, "Content-Type"), field(req, "Accept")};
  if (auto r = http_rules::check_request(head, ctx_->guard)) return reject(*r);
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
  auto session = trimmed_field(req, "Mcp-Session-Id");
  headers.has_session_id = session.has_value();
  bool modern = headers.protocol_version && protocol::era_of(*headers.protocol_version) == protocol::Era::modern;

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
  bool sse_allowed = !accept || http_rules::trim_ows(*accept).empty() ||
                     http_rules::accepts(*accept, "text/event-stream");
  sink_ = std::make_shared<ResponseSink>(shared_from_this(), seq_, sse_allowed);
  watch_client();
  // Runs inline parts of the handling on this strand; every answer comes back through post_*,
  // so nothing re-enters this connection while handle() runs.
  ctx_->server.handle(req.body(), peer_, sink_, &headers);
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
      return reject({404, "Session not found: it ended or was never issued; send initialize to start a new one"});
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
    return reject({404, "Session not found: it ended or was never issued; send initialize to start a new one"});
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

void Connection::post_final(std::uint64_t seq, std::optional<std::string> response, const protocol::Disposition& d) {
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

void Connection::on_final(std::uint64_t seq, const std::optional<std::string>& response, const protocol::Disposition& d) {
  if ((phase_ != Phase::handling && phase_ != Phase::streaming) || seq != seq_ || final_queued_) return;
  if (phase_ == Phase::streaming) {  // a GET stream whose session ended
    ctx_->sessions.detach_stream(stream_session_, sink_.get());
    stream_session_.clear();
    sink_->detach();
    end_sse();
    return;
  }
  int status = protocol::http_status_for(d);
  if (d.session_started && session_id_.empty() && !sse_started_) {
    auto id = ctx_->sessions.create(peer_);
    if (!id) {
      peer_->close();
      return respond(503, http_rules::error_body(-32603, "Service Unavailable: too many open sessions (" +
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

// --- Connection: writing -------------------------------------------------------------------------

void Connection::respond(int status, std::string body, const std::vector<std::pair<std::string, std::string>>& headers) {
  final_queued_ = true;
  http::response<http::string_body> res{static_cast<http::status>(status), 11};
  if (!body.empty()) res.set(http::field::content_type, "application/json");
  if (echo_session_ && !session_id_.empty()) res.set("Mcp-Session-Id", session_id_);
  for (const auto& [name, value] : headers) res.set(name, value);
  res.keep_alive(keep_alive_ && !close_after_);
  res.body() = std::move(body);
  res.prepare_payload();
  std::ostringstream os;
  os << res;
  enqueue(os.str(), true);
}

void Connection::reject(const http_rules::Rejection& r) { respond(r.status, http_rules::error_body(r.code, r.message), r.headers); }

void Connection::start_sse() {
  sse_started_ = true;
  http::response<http::empty_body> res{http::status::ok, 11};
  res.set(http::field::content_type, "text/event-stream");
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Accel-Buffering", "no");  // proxies must not hold events back
  if (echo_session_ && !session_id_.empty()) res.set("Mcp-Session-Id", session_id_);
  res.keep_alive(keep_alive_);
  res.chunked(true);
  std::ostringstream os;
  os << res.base();
  enqueue(os.str(), false);
  arm_keepalive();
}

void Connection::sse_event(const std::string& json) {
  enqueue(chunk("event: message\ndata: " + json + "\n\n"), false);
}

void Connection::end_sse() {
  final_queued_ = true;
  keepalive_.cancel();
  enqueue("0\r\n\r\n", true);  // the terminating chunk
}

void Connection::enqueue(std::string data, bool last) {
  if (phase_ == Phase::closed || phase_ == Phase::closing) return;
  queue_.push_back({std::move(data), last});
  if (!writing_) write_next();
}

void Connection::write_next() {
  writing_ = true;
  stream_.expires_after(ctx_->options.write_timeout);
  net::async_write(stream_, net::buffer(queue_.front().data),
                   [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

void Connection::on_write(beast::error_code ec) {
  writing_ = false;
  if (phase_ == Phase::closed) return;
  if (ec) return close();
  bool last = queue_.front().last;
  queue_.pop_front();
  if (!queue_.empty()) return write_next();
  stream_.expires_never();
  if (!last) return;
  if (keep_alive_ && !close_after_ && !ctx_->stopping.load()) return do_read();
  // Lingering close: stop sending, read and drop until the client closes or kLingerTimeout.
  phase_ = Phase::closing;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTimeout);
  auto scratch = std::make_shared<std::array<char, 4096>>();
  auto drain = std::make_shared<std::function<void(beast::error_code, std::size_t)>>();
  *drain = [self = shared_from_this(), scratch, drain](beast::error_code e, std::size_t) mutable {
    if (e || self->phase_ != Phase::closing) {
      self->close();
      *drain = nullptr;  // breaks the cycle drain -> lambda -> drain
      return;
    }
    self->stream_.async_read_some(net::buffer(*scratch), *drain);
  };
  stream_.async_read_some(net::buffer(*scratch), *drain);
}

// --- Connection: liveness ---------------------------------------------------------------------------

void Connection::watch_client() {
  stream_.socket().async_wait(tcp::socket::wait_read, [self = shared_from_this(), seq = seq_](beast::error_code ec) {
    if ((self->phase_ != Phase::handling && self->phase_ != Phase::streaming) || seq != self->seq_) return;
    if (ec) {
      if (ec != net::error::operation_aborted) self->close();
      return;
    }
    beast::error_code e;
    std::size_t available = self->stream_.socket().available(e);
    // Readable with nothing to read: the client closed its end, which cancels the request
    // (2026 basic/transports: closing the response stream is cancellation). Readable with bytes:
    // a pipelined next request; it waits in the socket until this response is done.
    if (e || available == 0) self->close();
  });
}

void Connection::arm_keepalive() {
  keepalive_.expires_after(ctx_->options.keepalive_interval);
  keepalive_.async_wait([self = shared_from_this(), seq = seq_](beast::error_code ec) {
    if (ec || seq != self->seq_ || !self->sse_started_ || self->final_queued_) return;
    if (self->phase_ != Phase::handling && self->phase_ != Phase::streaming) return;
    self->enqueue(chunk(": keepalive\n\n"), false);  // an SSE comment: finds dead peers
    self->arm_keepalive();
  });
}

void Connection::close() {
  if (phase_ == Phase::closed) return;
  auto self = shared_from_this();  // detaching the sink may drop another reference to us
  phase_ = Phase::closed;
  closed_.store(true);
  if (!stream_session_.empty()) {
    ctx_->sessions.detach_stream(stream_session_, sink_.get());
    stream_session_.clear();
  }
  if (sink_) sink_->detach();
  keepalive_.cancel();
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();  // the queue stays: a write in progress may still read its buffer
  ctx_->unregister_connection(this);
}

}  // namespace sciorex::transport
