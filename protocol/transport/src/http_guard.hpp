#pragma once
// The HTTP rules of the Streamable HTTP transport as pure functions: request head + configuration
// in, "reject with this status" or "go on" out. No sockets, no Beast, no clocks, so each rule is
// unit-tested by a table (tests/protocol/http_guard_tests.cpp). Rules are ordered guard clauses
// (style.md habit 12); the first that fails decides the status.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sciorex/protocol/channel.hpp"
#include "sciorex/protocol/errors.hpp"

namespace sciorex::transport::http_rules {

// The parts of a request head the rules look at. An absent header is nullopt.
struct RequestHead {
  std::string_view method;  // "POST", "GET", ...
  std::string_view target;  // "/mcp?x=1"
  std::optional<std::string_view> host;
  std::optional<std::string_view> origin;
  std::optional<std::string_view> authorization;
  std::optional<std::string_view> content_type;
  std::optional<std::string_view> accept;
  // Every Transfer-Encoding field of the request, comma-joined; nullopt when there is none.
  std::optional<std::string_view> transfer_encoding;
  bool repeated_host = false;    // more than one Host field
  bool repeated_origin = false;  // more than one Origin field (only one can be checked)
};

struct GuardConfig {
  std::string bound_host;  // as given in HttpOptions::host ("127.0.0.1", "::1", "localhost", ...)
  std::string auth_token;  // empty: no token required
  std::vector<std::string> allowed_origins;  // exact origins besides the loopback ones
  // Per-person tokens (issue 13; http_auth.hpp): the person a token belongs to, or nullopt; and
  // whether people exist (then /mcp requires a token even on loopback). Either may be empty.
  std::function<std::optional<protocol::Principal>(std::string_view token)> authenticate;
  std::function<bool()> people_required;
  std::string authorization_server;  // named in the Protected Resource Metadata document
  std::string resource_name;         // its resource_name ("sciorex-tickets")
};

// An HTTP answer that ends the request before the dispatcher sees it.
struct Rejection {
  int status = 400;
  std::string message;                                       // becomes the JSON-RPC error message of the body
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers
  protocol::ErrorCode code = protocol::ErrorCode::invalid_request;  // JSON-RPC error code of the body
};

// The body of every transport-level rejection: a JSON-RPC error without an id, e.g.
// {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"..."}}.
std::string error_body(const protocol::RpcError& error);
std::string error_body(protocol::ErrorCode code, std::string_view message);

// 404 with the dispatcher's own "Session not found" error: a GET or DELETE naming a 2025 session
// that ended or was never issued.
Rejection session_not_found();

// The HTTP status for a POST's reply, as the specs of both eras ask: 404 for an unknown session
// (and a 2026 unknown method), 202 for a notification or response, 400 for an envelope error or a
// missing client capability, else 200.
int http_status_for(const protocol::Disposition& d);

// Generic rules for every request, in this order (first failure wins):
//   Host (400 when absent or repeated, RFC 9112 §3.2; 403 when not a loopback name nor the bound
//   host; any Host when bound to a wildcard address, where the mandatory token protects) → Origin
//   (403 when repeated, or present and not http(s)://localhost|127.0.0.1|[::1][:port] nor in
//   allowed_origins; DNS rebinding, spec basic/transports "Security Warning") → bearer token (401 +
//   WWW-Authenticate; http_auth.hpp's check_bearer, which names the person in `principal`) → path
//   /mcp (404) → method POST/GET/DELETE (405 + Allow) → Transfer-Encoding
//   other than plain "chunked" (501, RFC 9112 §6.1: the body would reach the dispatcher still
//   encoded) → POST Content-Type application/json (415) → Accept allows application/json or
//   text/event-stream, or is absent (406).
std::optional<Rejection> check_request(const RequestHead& head, const GuardConfig& config,
                                       std::optional<protocol::Principal>* principal = nullptr);

// True when the target's path is the MCP endpoint ("/mcp", with or without a query).
bool is_mcp_target(std::string_view target);
// The rules of check_request that hold for every path, in the same order: Host, Origin (the
// first two above) and Transfer-Encoding. A path other than /mcp served by a route handler gets
// only these; its authentication is the handler's.
std::optional<Rejection> check_route_request(const RequestHead& head, const GuardConfig& config);

// Rules for GET (open the standalone SSE stream) and DELETE (end the session) of 2025 sessions,
// after check_request passed. `session_id` is the Mcp-Session-Id header; `session_known` whether
// the table knows it; `stream_open` whether that session already has a GET stream.
struct SessionRequest {
  std::string_view method;
  std::optional<std::string_view> session_id;
  bool session_known = false;
  bool stream_open = false;
  std::optional<std::string_view> protocol_version;  // MCP-Protocol-Version
  std::optional<std::string_view> accept;
};
// Order: a 2026-07-28 request without a session → 405 (the stateless era has no GET/DELETE);
// no session id → 400; GET whose Accept lacks text/event-stream → 406; unknown session → 404;
// GET while the session already has a stream → 409.
std::optional<Rejection> check_session_request(const SessionRequest& request);

// --- helpers, exposed for tests -----------------------------------------------------------------
// Optional whitespace (SP / HTAB) trimmed from both ends (RFC 9110 §5.5).
std::string_view trim_ows(std::string_view s);
// Host header value ("localhost:8080", "[::1]", "127.0.0.1") without its port, lower-cased,
// IPv6 brackets kept. nullopt when malformed.
std::optional<std::string> host_name_of(std::string_view host_header);
// True for localhost, 127.0.0.0/8 and ::1 (with or without brackets).
bool is_loopback_name(std::string_view host);
// True for 0.0.0.0, ::, and an empty host.
bool is_wildcard_address(std::string_view host);
// True when the Accept header value allows `media` ("text/event-stream"), counting wildcards
// and ignoring ranges with q=0.
bool accepts(std::string_view accept, std::string_view media);
// Compares in time that depends only on the length of `expected`.
bool constant_time_equal(std::string_view expected, std::string_view given);

}  // namespace sciorex::transport::http_rules
