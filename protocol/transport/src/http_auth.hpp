#pragma once
// Per-person bearer tokens on /mcp and the OAuth 2.0 Protected Resource Metadata document (issue
// 13; RFC 9728 and the MCP authorization spec 2025-11-25). Pure functions over the request head and
// the configuration's callbacks: no sockets, no Beast, so each rule is unit-tested
// (tests/protocol/http_auth_tests.cpp).
//
// The token rule, in order: a person's token (GuardConfig::authenticate) acts as that person; the
// shared auth_token acts as no particular person (as before people existed); otherwise, when a
// token is required (auth_token set, or people exist: GuardConfig::people_required), 401 with
// `WWW-Authenticate: Bearer resource_metadata="http://HOST/.well-known/oauth-protected-resource/mcp"`
// (and error="invalid_token" for a token that matched nobody); else the request goes on anonymous.

#include <optional>
#include <string>
#include <string_view>

#include "http_guard.hpp"

namespace sciorex::transport::http_rules {

// The paths of the metadata document: the root form and the form for the /mcp resource (RFC 9728
// §3.1 inserts the well-known path before the resource's path; clients try both).
inline constexpr std::string_view kProtectedResourcePath = "/.well-known/oauth-protected-resource";
inline constexpr std::string_view kProtectedResourceMcpPath = "/.well-known/oauth-protected-resource/mcp";
bool is_protected_resource_target(std::string_view target);

// "http://HOST" from the request's Host header, or nullopt when the header holds anything but a host
// name or address and a port (it is echoed into a response header and a document).
std::optional<std::string> base_url_of(const RequestHead& head);

// The bearer rule (see the header comment). On success `principal` (when given) gets the person.
std::optional<Rejection> check_bearer(const RequestHead& head, const GuardConfig& config,
                                      std::optional<protocol::Principal>* principal);

// The metadata document for the MCP endpoint at `base` + "/mcp": resource, authorization_servers
// (when one is configured), bearer_methods_supported, resource_name.
std::string protected_resource_metadata(std::string_view base, const GuardConfig& config);

}  // namespace sciorex::transport::http_rules
