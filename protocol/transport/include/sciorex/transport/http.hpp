#pragma once
// Streamable HTTP transport on Boost.Beast: one endpoint (/mcp), and optionally a route handler for
// every other path (http_routes.hpp; the board's page and API). Adds no MCP behaviour of its own:
// it checks HTTP-level rules (Host, Origin, bearer token, method, content type, accept, body size,
// timeouts), keeps 2025 sessions (Mcp-Session-Id), and moves whole messages between the socket
// and the dispatcher, answering each POST as JSON or, once the handler sends anything before its
// result, as an SSE stream. Boost headers stay out of this header.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sciorex/protocol/server.hpp"
#include "sciorex/transport/http_routes.hpp"

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
  // Paths other than /mcp: when set, each request on them (after the Host and Origin checks) goes
  // to this handler; when empty, they are 404. The bearer token is the handler's to check there.
  RouteHandler routes;
  // Per-person tokens (issue 13). `authenticate` names the person a bearer token belongs to (or
  // nullopt); it runs on every /mcp request that carries a token, so keep it cheap (one indexed
  // read), and people added while the server runs are accepted at once. When set, the server also
  // serves the OAuth Protected Resource Metadata (RFC 9728) at /.well-known/oauth-protected-resource
  // and .../mcp, and a 401 names it in WWW-Authenticate. `people_required` says whether people
  // exist: then every /mcp request must carry a person's token or auth_token (which stays valid
  // and acts as no particular person), even on loopback. The person reaches the handler as
  // RequestContext::principal(). Called on I/O threads; must be thread-safe.
  std::function<std::optional<protocol::Principal>(std::string_view token)> authenticate;
  std::function<bool()> people_required;
  std::string authorization_server;  // the metadata's authorization_servers entry, when not empty
  std::string resource_name;         // the metadata's resource_name ("sciorex-tickets")
};

class HttpServer {
 public:
  HttpServer(protocol::Server& server, HttpOptions options);
  // Without MCP: only options.routes is served (/mcp is 404).
  explicit HttpServer(HttpOptions options);
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on background threads. Returns the bound port. Throws on failure
  // (address in use; a non-loopback host without an auth token).
  std::uint16_t start();
  // Stops accepting, closes connections and sessions, joins the threads. Idempotent.
  void stop();
  std::string url() const;       // the MCP endpoint: "http://host:port/mcp"
  std::string base_url() const;  // "http://host:port/"

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Serves until SIGINT or SIGTERM, then shuts down cleanly. `on_listening` gets the endpoint URL.
int serve_http(protocol::Server& server, const HttpOptions& options,
               const std::function<void(const std::string& url)>& on_listening);
// The same without MCP (options.routes only); `on_listening` gets the base URL ("http://h:p/").
// `on_stop` runs once a signal arrived, before the server stops (to end long streams first).
int serve_routes(const HttpOptions& options, const std::function<void(const std::string& url)>& on_listening,
                 const std::function<void()>& on_stop = {});

}  // namespace sciorex::transport
