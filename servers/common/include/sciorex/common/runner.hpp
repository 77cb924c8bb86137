#pragma once
// What every executable shares: one command-line shape (stdio by default; --http with --host,
// --port, --read-timeout and --max-sessions; --help; --version; --log-level; --auth-token),
// logging to stderr, and the run loop that serves a built Server over the chosen transport.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sciorex/protocol/server.hpp"
#include "sciorex/transport/http.hpp"
#include "sciorex/transport/http_routes.hpp"

namespace sciorex::common {

struct TransportOptions {
  bool http = false;
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: pick a free port and print it
  std::string auth_token;  // or SCIOREX_AUTH_TOKEN; required off loopback
  std::size_t max_message_bytes = std::size_t{8} * 1024 * 1024;
  std::string log_level = "info";
  std::vector<std::string> allowed_origins;  // extra Origin values besides loopback ones
  unsigned read_timeout_seconds = 30;        // HTTP: a request's headers and body must arrive within this
  std::size_t max_sessions = 1024;           // HTTP: open 2025 sessions; initialize past it gets 503
  std::string authorization_server;          // HTTP: named in the Protected Resource Metadata (issue 13)
  // HTTP: per-person tokens (not command-line options; people.hpp's use_people sets them from the
  // store; see transport::HttpOptions).
  std::function<std::optional<protocol::Principal>(std::string_view token)> authenticate;
  std::function<bool()> people_required;
};

// Adds the shared options to `app` (and --version printing `version`: version.hpp's version_line).
void add_transport_options(CLI::App& app, TransportOptions& options, const std::string& version);

// Sends spdlog's default logger to stderr at `level` (trace..off); never to stdout.
void setup_logging(const std::string& level);

// Protocol diagnostics routed to spdlog.
protocol::ServerOptions server_options_with_logging();

// The HTTP transport's options as the shared command line sets them (host, port, token, origins,
// body and time bounds, sessions).
transport::HttpOptions http_options(const TransportOptions& options);

// Serves until end of input (stdio) or SIGINT/SIGTERM (HTTP). Returns the process exit code. Over
// HTTP, `routes` (when set) serves every path other than /mcp (the board).
int serve(protocol::Server& server, const TransportOptions& options,
          const transport::RouteHandler& routes = {});

}  // namespace sciorex::common
