// Per-person bearer tokens and the Protected Resource Metadata document (see http_auth.hpp).
#include "http_auth.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace sciorex::transport::http_rules {
namespace {

// The token of "Bearer <token>" (scheme case-insensitive, RFC 6750 §2.1); nullopt otherwise.
std::optional<std::string_view> auth_bearer_of(std::string_view authorization) {
  authorization = trim_ows(authorization);
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return std::nullopt;
  std::string_view token = trim_ows(authorization.substr(scheme.size()));
  if (token.empty()) return std::nullopt;
  return token;
}

bool auth_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == ':' || c == '[' ||
         c == ']';
}

}  // namespace

bool is_protected_resource_target(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  return path == kProtectedResourcePath || path == kProtectedResourceMcpPath;
}

std::optional<std::string> base_url_of(const RequestHead& head) {
  if (!head.host) return std::nullopt;
  std::string_view host = trim_ows(*head.host);
  if (host.empty() || host.size() > 255 || !std::all_of(host.begin(), host.end(), auth_host_char))
    return std::nullopt;
  return "http://" + std::string(host);
}

std::optional<Rejection> check_bearer(const RequestHead& head, const GuardConfig& config,
                                      std::optional<protocol::Principal>* principal) {
  auto token = head.authorization ? auth_bearer_of(*head.authorization) : std::nullopt;
  if (token && config.authenticate) {
    if (auto person = config.authenticate(*token)) {
      if (principal != nullptr) *principal = std::move(person);
      return std::nullopt;
    }
  }
  if (token && !config.auth_token.empty() && constant_time_equal(config.auth_token, *token))
    return std::nullopt;
  const bool required = !config.auth_token.empty() || (config.people_required && config.people_required());
  if (!required) return std::nullopt;
  Rejection r;
  r.status = 401;
  r.message =
      token ? "Unauthorized: invalid bearer token" : "Unauthorized: send \"Authorization: Bearer <token>\"";
  std::string challenge = token ? "Bearer error=\"invalid_token\"" : "Bearer";
  if (config.authenticate)
    if (auto base = base_url_of(head))
      challenge += std::string(token ? ", " : " ") + "resource_metadata=\"" + *base +
                   std::string(kProtectedResourceMcpPath) + "\"";
  r.headers.emplace_back("WWW-Authenticate", std::move(challenge));
  return r;
}

std::string protected_resource_metadata(std::string_view base, const GuardConfig& config) {
  nlohmann::json doc{{"resource", std::string(base) + "/mcp"}, {"bearer_methods_supported", {"header"}}};
  if (!config.authorization_server.empty())
    doc["authorization_servers"] = nlohmann::json::array({config.authorization_server});
  if (!config.resource_name.empty()) doc["resource_name"] = config.resource_name;
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sciorex::transport::http_rules
