#pragma once
// Paths other than /mcp, served by a plain handler: what the HTTP transport hands a web page's
// server (the board) without that server seeing MCP or Boost. The transport applies its Host and
// Origin checks (http_guard.cpp) to every path first; authentication, methods and bodies are the
// handler's. A handler runs on the connection's I/O thread and must not block for long.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sciorex::transport {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct RouteRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // "/api/board" (as sent: still percent-encoded)
  std::string query;   // "a=1&b=2" (without '?'; as sent)
  HeaderList headers;  // every field as received
  std::string body;

  // The first field named `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const;
};

struct RouteResponse {
  int status = 200;
  HeaderList headers;  // Content-Type is the handler's to set
  std::string body;
};

// An open Server-Sent Events stream. Thread-safe: push from any thread. The transport writes
// comment lines (": keepalive") every HttpOptions::keepalive_interval on its own.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // Queues raw SSE text (one or more whole events, e.g. "id: 3\nevent: change\ndata: {}\n\n").
  // False once the client went away, the server stops or the client does not read (its queue is
  // full, and the stream is then closed).
  virtual bool send(std::string text) = 0;
  // True once the stream ended (the client left, the server stopped, or close()).
  virtual bool closed() const = 0;
  // Ends the stream from the server's side.
  virtual void close() = 0;
};

// What a handler answers: a whole response, or (when `stream` is set) an SSE stream: the
// transport sends `response.headers` with status 200 and Content-Type text/event-stream, then
// calls `stream` once with the stream's handle, on the connection's thread.
struct RouteResult {
  RouteResponse response;
  std::function<void(std::shared_ptr<EventStream>)> stream;
};

using RouteHandler = std::function<RouteResult(const RouteRequest&)>;

// The body of a refusal the transport itself makes on a route path (Host, Origin, body too large,
// malformed request): {"error": "<message>", "code": "<code>"}, with code "forbidden" (403),
// "too_large" (413) or "invalid" (other 4xx/5xx).
std::string route_error_body(int status, std::string_view message);

}  // namespace sciorex::transport
