// Pure HTTP rules of the Streamable HTTP transport (see http_guard.hpp for the order and why).
#include "http_guard.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <nlohmann/json.hpp>

#include "http_auth.hpp"
#include "sciorex/protocol/envelope.hpp"
#include "sciorex/protocol/errors.hpp"
#include "sciorex/protocol/versions.hpp"
#include "sciorex/protocol/wire.hpp"

namespace sciorex::transport::http_rules {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

std::string_view strip_brackets(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
  return host;
}

// "[::1]" for an IPv6 literal, the lower-cased name otherwise: the form host_name_of returns.
std::string normalized_bound_host(std::string_view bound) {
  std::string h = lower(bound);
  if (h.find(':') != std::string::npos && h.front() != '[') h = "[" + h + "]";
  return h;
}

Rejection reject(int status, std::string message) {
  Rejection r;
  r.status = status;
  r.message = std::move(message);
  return r;
}

// Origin: "scheme://host[:port]", nothing after; true when it names a loopback host over http(s).
bool is_loopback_origin(std::string_view origin) {
  auto sep = origin.find("://");
  if (sep == std::string_view::npos) return false;
  std::string_view scheme = origin.substr(0, sep);
  if (!iequals(scheme, "http") && !iequals(scheme, "https")) return false;
  std::string_view rest = origin.substr(sep + 3);
  if (rest.find('/') != std::string_view::npos) return false;
  auto name = host_name_of(rest);
  return name && is_loopback_name(*name);
}

bool origin_allowed(std::string_view origin, const std::vector<std::string>& allowed) {
  if (is_loopback_origin(origin)) return true;
  auto without_slash = [](std::string_view s) {
    return !s.empty() && s.back() == '/' ? s.substr(0, s.size() - 1) : s;
  };
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](const std::string& a) { return iequals(without_slash(a), without_slash(origin)); });
}

std::string_view media_type_of(std::string_view value) { return trim_ows(value.substr(0, value.find(';'))); }

// A Transfer-Encoding list that is exactly "chunked" (any case, optional whitespace, empty list
// elements ignored as RFC 9110 §5.6.1 allows).
bool only_chunked(std::string_view codings) {
  int chunked = 0, other = 0;
  while (!codings.empty()) {
    auto comma = codings.find(',');
    std::string_view item = trim_ows(codings.substr(0, comma));
    codings = comma == std::string_view::npos ? std::string_view() : codings.substr(comma + 1);
    if (item.empty()) continue;
    ++(iequals(item, "chunked") ? chunked : other);
  }
  return chunked == 1 && other == 0;
}

}  // namespace

std::string error_body(const protocol::RpcError& error) {
  return protocol::serialize(protocol::envelope::error(nullptr, error));
}

std::string error_body(protocol::ErrorCode code, std::string_view message) {
  return error_body(protocol::RpcError(code, std::string(message)));
}

Rejection session_not_found() {
  Rejection r;
  r.status = 404;
  auto error = protocol::errors::session_not_found();
  r.message = error.what();
  r.code = static_cast<protocol::ErrorCode>(error.code());
  return r;
}

int http_status_for(const protocol::Disposition& d) {
  using protocol::ErrorCode;
  if (d.unknown_session) return 404;
  if (d.accepted_without_reply) return 202;
  if (d.error_code == 0) return 200;
  if (d.error_code == static_cast<int>(ErrorCode::missing_required_client_capability)) return 400;
  if (!d.envelope_error) return 200;
  if (d.error_code == static_cast<int>(ErrorCode::method_not_found))
    return d.era == protocol::Era::modern ? 404 : 200;
  return 400;
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::string> host_name_of(std::string_view host_header) {
  std::string_view h = trim_ows(host_header);
  if (h.empty()) return std::nullopt;
  std::string_view name, port;
  if (h.front() == '[') {
    auto close = h.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    name = h.substr(0, close + 1);
    std::string_view rest = h.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port = rest.substr(1);
    }
  } else {
    auto colon = h.find(':');
    name = h.substr(0, colon);
    if (colon != std::string_view::npos) {
      port = h.substr(colon + 1);
      if (port.find(':') != std::string_view::npos) return std::nullopt;  // an unbracketed IPv6
    }
  }
  if (name.empty() || !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  return lower(name);
}

bool is_loopback_name(std::string_view host) {
  std::string h = lower(strip_brackets(host));
  if (h == "localhost" || h == "localhost.") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    if (std::memcmp(&v6, &in6addr_loopback, sizeof v6) == 0) return true;
    // ::ffff:127.x.y.z, an IPv4-mapped loopback address
    static const unsigned char mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::memcmp(v6.s6_addr, mapped_prefix, 12) == 0 && v6.s6_addr[12] == 127;
  }
  return false;
}

bool is_wildcard_address(std::string_view host) {
  std::string_view h = strip_brackets(host);
  return h.empty() || h == "0.0.0.0" || h == "::" || h == "0:0:0:0:0:0:0:0";
}

bool accepts(std::string_view accept, std::string_view media) {
  auto slash = media.find('/');
  std::string_view type = media.substr(0, slash);
  while (!accept.empty()) {
    auto comma = accept.find(',');
    std::string_view item = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    std::string range = lower(media_type_of(item));
    // q=0 means "not acceptable" (RFC 9110 §12.4.2).
    bool refused = false;
    for (auto semi = item.find(';'); semi != std::string_view::npos; semi = item.find(';', semi + 1)) {
      std::string_view param = trim_ows(item.substr(semi + 1, item.find(';', semi + 1) - semi - 1));
      if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        std::string_view q = param.substr(2);
        refused = !q.empty() && q.find_first_not_of("0.") == std::string_view::npos;
      }
    }
    if (refused) continue;
    if (range == "*/*" || range == lower(media)) return true;
    if (range.size() == type.size() + 2 && range.compare(0, type.size(), lower(type)) == 0 &&
        range.compare(type.size(), 2, "/*") == 0)
      return true;
  }
  return false;
}

bool constant_time_equal(std::string_view expected, std::string_view given) {
  // Every byte of `expected` is compared whatever `given` holds, so the time taken reveals
  // neither where the first difference lies nor how long a correct prefix is.
  unsigned diff = expected.size() == given.size() ? 0u : 1u;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    unsigned char g = given.empty() ? 0 : static_cast<unsigned char>(given[i % given.size()]);
    diff |= static_cast<unsigned char>(expected[i]) ^ g;
  }
  return diff == 0;
}

namespace {

// Host and Origin: the first rules of every path.
std::optional<Rejection> check_host_origin(const RequestHead& head, const GuardConfig& config) {
  // Host: DNS rebinding protection. A wildcard bind serves whatever name reaches it; the bearer
  // token, mandatory off loopback, protects it.
  if (!head.host) return reject(400, "Missing Host header");
  if (head.repeated_host) return reject(400, "Bad Request: more than one Host header");
  if (!is_wildcard_address(config.bound_host)) {
    auto name = host_name_of(*head.host);
    if (!name || !(is_loopback_name(*name) || *name == normalized_bound_host(config.bound_host)))
      return reject(403, "Forbidden: Host header \"" + std::string(*head.host) + "\" is not allowed");
  }
  // Origin: when present it must be ours, even with a good Host (the TypeScript reference lets
  // that pass; the spec says 403). Two Origin fields: a browser never sends them, and checking one
  // would let the other pass.
  if (head.repeated_origin) return reject(403, "Forbidden: more than one Origin header");
  if (head.origin && !origin_allowed(trim_ows(*head.origin), config.allowed_origins))
    return reject(403, "Forbidden: Origin \"" + std::string(*head.origin) + "\" is not allowed");
  return std::nullopt;
}

std::optional<Rejection> check_codings(const RequestHead& head) {
  if (head.transfer_encoding && !only_chunked(*head.transfer_encoding))
    return reject(501, "Not Implemented: Transfer-Encoding \"" + std::string(*head.transfer_encoding) +
                           "\"; only chunked is supported");
  return std::nullopt;
}

}  // namespace

bool is_mcp_target(std::string_view target) { return target.substr(0, target.find('?')) == "/mcp"; }

std::optional<Rejection> check_route_request(const RequestHead& head, const GuardConfig& config) {
  if (auto r = check_host_origin(head, config)) return r;
  return check_codings(head);
}

std::optional<Rejection> check_request(const RequestHead& head, const GuardConfig& config,
                                       std::optional<protocol::Principal>* principal) {
  if (auto r = check_host_origin(head, config)) return r;
  if (auto r = check_bearer(head, config, principal)) return r;
  if (!is_mcp_target(head.target)) return reject(404, "Not Found: the MCP endpoint is /mcp");
  if (head.method != "POST" && head.method != "GET" && head.method != "DELETE") {
    Rejection r = reject(405, "Method Not Allowed: use POST, GET or DELETE");
    r.headers.emplace_back("Allow", "GET, POST, DELETE");
    return r;
  }
  if (auto r = check_codings(head)) return r;
  if (head.method == "POST" &&
      (!head.content_type || lower(media_type_of(*head.content_type)) != "application/json"))
    return reject(415, "Unsupported Media Type: Content-Type must be application/json");
  if (head.accept && !trim_ows(*head.accept).empty() && !accepts(*head.accept, "application/json") &&
      !accepts(*head.accept, "text/event-stream"))
    return reject(406, "Not Acceptable: Accept must allow application/json or text/event-stream");
  return std::nullopt;
}

std::optional<Rejection> check_session_request(const SessionRequest& request) {
  bool modern = request.protocol_version &&
                protocol::era_of(trim_ows(*request.protocol_version)) == protocol::Era::modern;
  if (!request.session_id && modern) {
    Rejection r = reject(405, "Method Not Allowed: protocol 2026-07-28 is stateless; " +
                                  std::string(request.method) + " applies only to 2025 sessions");
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  if (!request.session_id) return reject(400, "Bad Request: Mcp-Session-Id header is required");
  if (request.method == "GET" && (!request.accept || !accepts(*request.accept, "text/event-stream")))
    return reject(406, "Not Acceptable: Accept must include text/event-stream");
  if (!request.session_known) return session_not_found();
  if (request.method == "GET" && request.stream_open)
    return reject(409, "Conflict: this session already has an open GET stream");
  return std::nullopt;
}

}  // namespace sciorex::transport::http_rules
