#pragma once
// Streamable HTTP transport on Boost.Beast: one endpoint (/mcp). Adds no MCP behaviour of its own:
// it checks HTTP-level rules (Host, Origin, bearer token, method, content type, accept, body size,
// timeouts), keeps 2025 sessions (Mcp-Session-Id), and moves whole messages between the socket
// and the dispatcher, answering each POST as JSON or, once the handler sends anything before its
// result, as an SSE stream. Boost headers stay out of this header.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sciorex/protocol/server.hpp"

namespace sciorex::transport {

struct HttpOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;                    // 0: any free port
  std::string auth_token;                    // when set: "Authorization: Bearer <token>" on every request
  std::vector<std::string> allowed_origins;  // besides http(s)://localhost|127.0.0.1|[::1][:port]
  std::size_t max_body_bytes = std::size_t{8} * 1024 * 1024;
  std::chrono::seconds read_timeout{30};  // a request's headers and body must arrive within this
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds keepalive_interval{15};  // SSE comment lines on long streams
  std::chrono::minutes session_idle_timeout{60};
  // A session that no request named after its initialize ends sooner (anyone who reaches the port
  // can make sessions; see http_sessions.hpp).
  std::chrono::seconds session_unused_timeout{60};
  std::size_t max_sessions = 1024;
  std::size_t max_connections = 1024;
  unsigned io_threads = 2;
};

class HttpServer {
 public:
  HttpServer(protocol::Server& server, HttpOptions options);
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on background threads. Returns the bound port. Throws on failure
  // (address in use; a non-loopback host without an auth token).
  std::uint16_t start();
  // Stops accepting, closes connections and sessions, joins the threads. Idempotent.
  void stop();
  std::string url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Serves until SIGINT or SIGTERM, then shuts down cleanly. `on_listening` gets the endpoint URL.
int serve_http(protocol::Server& server, const HttpOptions& options,
               const std::function<void(const std::string& url)>& on_listening);

}  // namespace sciorex::transport
