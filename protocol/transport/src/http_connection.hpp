#pragma once
// One TCP connection of the Streamable HTTP transport, and the state every connection shares.
// Private to sciorex_http: this is the only header that includes Beast.
//
// Layout after the Boost.Beast advanced server example: the listener (http_server.cpp) accepts
// and hands each socket to a Connection, which runs on its own strand: it reads one request at a
// time under a read timeout and a body limit, applies the pure rules of http_guard.hpp, hands a
// POST body to the dispatcher with a ResponseSink, and writes through one bounded queue, one
// async_write at a time, each under a write timeout.

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http_guard.hpp"
#include "http_sessions.hpp"
#include "sciorex/transport/http.hpp"

namespace sciorex::transport {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

class Connection;
class ResponseSink;
class RouteStream;

// Everything the listener and the connections share. Held by shared_ptr by the server and by
// every connection, so the io_context outlives the last socket whatever order things end in.
struct ServerContext {
  ServerContext(protocol::Server* s, HttpOptions o);

  protocol::Server* server;  // null: no MCP, routes only (/mcp is 404)
  const HttpOptions options;
  http_rules::GuardConfig guard;
  SessionTable sessions;

  net::io_context ioc;
  // The acceptor and the idle-session timer share one strand ("control"), so stop() can close
  // them from its own thread by posting there.
  net::strand<net::io_context::executor_type> control{net::make_strand(ioc)};
  tcp::acceptor acceptor{control};
  net::steady_timer idle_timer{control};

  // Open connections, for max_connections and stop(). Guarded by mu.
  std::mutex mu;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> connections;
  std::condition_variable connections_changed;
  std::atomic<bool> stopping{false};

  // False when max_connections are open (the connection is then answered 503).
  bool register_connection(const std::shared_ptr<Connection>& c);
  void unregister_connection(const Connection* c);
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, std::shared_ptr<ServerContext> ctx);
  ~Connection();

  // Starts reading requests.
  void start();
  // Answers 503 (too many connections) without reading, then closes.
  void reject_busy();
  // Closes the connection from any thread (server stop, session end). Thread-safe.
  void shutdown();

  // Called by ResponseSink from any thread: hand a serialised message to the strand. False when
  // the connection is closed or its write queue is full (a client that does not read).
  bool post_interim(std::uint64_t seq, std::string data);
  void post_final(std::uint64_t seq, std::optional<std::string> response, const protocol::Disposition& d);
  // Called by RouteStream from any thread: raw SSE text for the route stream of request `seq`,
  // or (text nullopt) its end. False as post_interim.
  bool post_route(std::uint64_t seq, std::optional<std::string> text);

 private:
  enum class Phase { reading, handling, streaming, closing, closed };
  struct Output {
    std::string data;
    bool last = false;  // the last bytes of a response: then read the next request, or close
  };

  void do_read();
  void on_read(beast::error_code ec);
  void on_request();
  void handle_post(const http::request<http::string_body>& req);
  void handle_get(const http::request<http::string_body>& req, const std::string& session_id);
  void handle_delete(const std::string& session_id);
  // A path other than /mcp, to HttpOptions::routes (http_connection_routes.cpp).
  void handle_route(const http::request<http::string_body>& req);
  // GET /.well-known/oauth-protected-resource[/mcp]: the metadata document (http_auth.hpp).
  void handle_resource_metadata(const http_rules::RequestHead& head);
  void on_route(std::uint64_t seq, const std::optional<std::string>& text);

  void on_interim(std::uint64_t seq, const std::string& data);
  void on_final(std::uint64_t seq, const std::optional<std::string>& response,
                const protocol::Disposition& d);

  // Writers. All run on the strand.
  void respond(int status, std::string body,
               const std::vector<std::pair<std::string, std::string>>& headers = {});
  void reject(const http_rules::Rejection& r);
  void start_sse(const HeaderList& extra = {});
  void sse_event(const std::string& json);
  void sse_raw(const std::string& text);
  void end_sse();
  void enqueue(std::string data, bool last);
  void write_next();
  void on_write(beast::error_code ec);

  // Notices a client that goes away while its request is handled or its stream is open.
  void watch_client();
  // The client ended its side while its request is handled: answered all the same (see .cpp).
  void on_client_eof();
  // Closes (which cancels the request) once the socket fails: the client answered with a reset.
  void watch_reset();
  void arm_keepalive();
  void close();

  std::shared_ptr<ServerContext> ctx_;  // first: destroyed last, after the socket
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  net::steady_timer keepalive_;
  std::deque<Output> queue_;
  bool writing_ = false;
  std::atomic<std::size_t> queued_bytes_{0};
  std::atomic<bool> closed_{false};

  // The request being answered (strand only).
  Phase phase_ = Phase::reading;
  std::uint64_t seq_ = 0;  // which request a posted message belongs to
  bool keep_alive_ = true;
  bool close_after_ = false;  // close once the response is written (413, 503, ...)
  bool sse_started_ = false;
  bool final_queued_ = false;
  bool echo_session_ = false;   // set Mcp-Session-Id on the response
  bool may_probe_ = false;      // the answer may start as SSE before the result (see on_client_eof)
  std::string session_id_;      // the known session of this request, or the minted one
  std::string stream_session_;  // the session whose GET stream this connection carries
  std::shared_ptr<protocol::Peer> peer_;
  std::shared_ptr<ResponseSink> sink_;
  std::optional<protocol::Principal> principal_;  // the person this /mcp request's token names
  bool route_ = false;                         // this request is on a route path: refusals in its JSON shape
  std::shared_ptr<RouteStream> route_stream_;  // the SSE stream a route handler opened
};

// The EventStream of a route handler's SSE response. Thread-safe; posts to the connection's strand.
class RouteStream final : public EventStream {
 public:
  RouteStream(const std::shared_ptr<Connection>& c, std::uint64_t seq) : conn_(c), seq_(seq) {}
  bool send(std::string text) override;
  bool closed() const override { return closed_.load(); }
  void close() override;
  void mark_closed() { closed_.store(true); }

 private:
  std::weak_ptr<Connection> conn_;
  const std::uint64_t seq_;
  std::atomic<bool> closed_{false};
};

// The Sink of one POST (or of one GET stream). Thread-safe: the dispatcher calls it from worker
// threads; it only serialises and posts to the connection's strand, never touching the socket.
// It holds the connection alive until the final outcome arrives or the connection closes.
class ResponseSink final : public protocol::Sink {
 public:
  ResponseSink(std::shared_ptr<Connection> c, std::uint64_t seq, bool interim_allowed)
      : conn_(std::move(c)), seq_(seq), interim_allowed_(interim_allowed) {}

  bool send(const nlohmann::json& message) override;
  void finish(const nlohmann::json* response, const protocol::Disposition& d) override;
  bool closed() const noexcept override { return closed_.load(); }

  // The connection closed: later calls deliver nothing and closed() reports cancellation.
  void detach();

 private:
  std::mutex mu_;
  std::shared_ptr<Connection> conn_;
  const std::uint64_t seq_;
  const bool interim_allowed_;
  std::atomic<bool> closed_{false};
};

}  // namespace sciorex::transport
