#include "sciorex/common/runner.hpp"

#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

#include "sciorex/transport/http.hpp"
#include "sciorex/transport/stdio.hpp"

namespace sciorex::common {

namespace {

// Why `token` cannot be a bearer token, or "" when it can. A blank token was accepted and then no
// client could authenticate (issue 16); a space or control character cannot survive the
// Authorization header (RFC 6750 tokens are visible ASCII).
std::string auth_token_problem(const std::string& token) {
  if (token.find_first_not_of(" \t\r\n") == std::string::npos)
    return "the token must not be empty or only whitespace";
  for (unsigned char c : token)
    if (c < 0x21 || c > 0x7e)
      return "the token must be visible ASCII, without spaces or control characters (clients send it "
             "in an HTTP header)";
  return "";
}

}  // namespace

void add_transport_options(CLI::App& app, TransportOptions& o, const std::string& version) {
  app.set_version_flag("--version", version, "Print the version and the commit it was built from");
  app.add_flag("--http", o.http, "Serve Streamable HTTP on /mcp instead of stdio");
  app.add_option("--host", o.host, "Address to bind with --http")->capture_default_str();
  app.add_option("--port", o.port, "Port to bind with --http (0 picks a free one and prints it)")
      ->capture_default_str();
  app.add_option("--auth-token", o.auth_token,
                 "Bearer token HTTP clients must send (also SCIOREX_AUTH_TOKEN); required off loopback")
      ->envname("SCIOREX_AUTH_TOKEN")
      ->check(CLI::Validator(auth_token_problem, "TOKEN"));
  app.add_option("--authorization-server", o.authorization_server,
                 "With --http: the OAuth authorization server (URL) the Protected Resource Metadata at "
                 "/.well-known/oauth-protected-resource names; its access tokens are not validated here")
      ->check(CLI::Validator(
          [](const std::string& url) -> std::string {
            const bool scheme = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
            for (unsigned char c : url)
              if (c < 0x21 || c > 0x7e || c == '"') return "the URL must be visible ASCII without quotes";
            return scheme ? "" : "the URL must start with https:// (or http://)";
          },
          "URL"));
  app.add_option("--allow-origin", o.allowed_origins, "An Origin allowed besides loopback ones (repeatable)");
  app.add_option("--max-message-bytes", o.max_message_bytes, "Largest message accepted")
      ->capture_default_str();
  app.add_option("--read-timeout", o.read_timeout_seconds,
                 "Seconds an HTTP client has to send a whole request (slow clients are disconnected)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 3600u));
  app.add_option("--max-sessions", o.max_sessions,
                 "Most open HTTP sessions (2025 era); more initialize get 503")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  app.add_option("--log-level", o.log_level,
                 "stderr log level: trace, debug, info, warn, error, critical, off")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
}

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("sciorex");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

protocol::ServerOptions server_options_with_logging() {
  protocol::ServerOptions o;
  o.diagnostics = [](protocol::LogLevel level, std::string_view text) {
    switch (level) {
      case protocol::LogLevel::debug:
        spdlog::debug("{}", text);
        break;
      case protocol::LogLevel::info:
      case protocol::LogLevel::notice:
        spdlog::info("{}", text);
        break;
      case protocol::LogLevel::warning:
        spdlog::warn("{}", text);
        break;
      default:
        spdlog::error("{}", text);
        break;
    }
  };
  if (const char* secret = std::getenv("SCIOREX_STATE_SECRET")) o.state_secret = secret;
  return o;
}

transport::HttpOptions http_options(const TransportOptions& o) {
  transport::HttpOptions ho;
  ho.host = o.host;
  ho.port = o.port;
  ho.auth_token = o.auth_token;
  ho.max_body_bytes = o.max_message_bytes;
  ho.allowed_origins = o.allowed_origins;
  ho.read_timeout = std::chrono::seconds(o.read_timeout_seconds);
  ho.max_sessions = o.max_sessions;
  ho.authenticate = o.authenticate;
  ho.people_required = o.people_required;
  ho.authorization_server = o.authorization_server;
  return ho;
}

int serve(protocol::Server& server, const TransportOptions& o, const transport::RouteHandler& routes) {
  ::signal(SIGPIPE, SIG_IGN);
  if (!o.http) {
    transport::StdioOptions so;
    so.max_message_bytes = o.max_message_bytes;
    spdlog::info("{} {} serving MCP on stdio", server.info().name, server.info().version);
    return transport::serve_stdio(server, so);
  }
  transport::HttpOptions ho = http_options(o);
  ho.routes = routes;
  ho.resource_name = server.info().name;
  try {
    return transport::serve_http(server, ho, [&routes](const std::string& url) {
      // The one line scripts wait for: where to connect.
      std::cerr << "listening on " << url << std::endl;
      if (routes) std::cerr << "board at " << url.substr(0, url.size() - 3) << std::endl;
    });
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 2;
  }
}

}  // namespace sciorex::common
