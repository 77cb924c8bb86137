// HttpServer: binds, accepts (the listener), ends idle sessions, and stops cleanly; serve_http
// runs it until SIGINT/SIGTERM. Connections are in http_connection.cpp, the rules in http_guard.cpp.
#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <optional>
#include <stdexcept>
#include <thread>

#include "http_connection.hpp"
#include "sciorex/transport/http.hpp"

namespace sciorex::transport {
namespace {

// The listener: accepts each socket on a strand of its own and hands it to a Connection, or
// answers 503 when max_connections are open. Runs on ctx->control.
void do_accept(const std::shared_ptr<ServerContext>& ctx) {
  ctx->acceptor.async_accept(net::make_strand(ctx->ioc), [ctx](beast::error_code ec, tcp::socket socket) {
    if (ctx->stopping.load() || !ctx->acceptor.is_open()) return;
    if (ec) {
      // An accept error (e.g. out of descriptors) ends only that accept: keep listening, after a
      // pause so that a persistent error does not spin.
      auto pause = std::make_shared<net::steady_timer>(ctx->control, std::chrono::milliseconds(100));
      pause->async_wait([ctx, pause](beast::error_code) {
        if (!ctx->stopping.load()) do_accept(ctx);
      });
      return;
    }
    auto c = std::make_shared<Connection>(std::move(socket), ctx);
    if (ctx->register_connection(c))
      c->start();
    else
      c->reject_busy();
    do_accept(ctx);
  });
}

// Ends sessions idle longer than session_idle_timeout (no request, no open GET stream), and
// sessions no request used within session_unused_timeout, the same way DELETE does. Checks a few
// times per timeout, at most once a second, at least once a minute.
void arm_idle_timer(const std::shared_ptr<ServerContext>& ctx) {
  using namespace std::chrono;
  auto idle = duration_cast<milliseconds>(ctx->options.session_idle_timeout);
  auto unused = duration_cast<milliseconds>(ctx->options.session_unused_timeout);
  auto period = std::clamp<milliseconds>(std::min(idle, unused) / 4, seconds(1), minutes(1));
  ctx->idle_timer.expires_after(period);
  ctx->idle_timer.async_wait([ctx, idle, unused](beast::error_code ec) {
    if (ec || ctx->stopping.load()) return;
    ctx->sessions.expire(SessionTable::Clock::now(), idle, unused);
    arm_idle_timer(ctx);
  });
}

std::string strip_brackets(const std::string& host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
  return host;
}

// The address to bind: a wildcard for "", 0.0.0.0 or ::; otherwise what the host resolves to,
// IPv4 first ("localhost" is 127.0.0.1 before ::1).
tcp::endpoint resolve_bind_address(net::io_context& ioc, const std::string& host, std::uint16_t port) {
  std::string h = strip_brackets(host);
  if (h.empty()) return {net::ip::address_v4::any(), port};
  tcp::resolver resolver(ioc);
  auto results =
      resolver.resolve(h, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service);
  std::optional<tcp::endpoint> chosen;
  for (const auto& r : results) {
    if (!chosen || (r.endpoint().address().is_v4() && !chosen->address().is_v4())) chosen = r.endpoint();
  }
  if (!chosen) throw std::runtime_error("cannot resolve host \"" + host + "\"");
  return *chosen;
}

}  // namespace

struct HttpServer::Impl {
  Impl(protocol::Server* s, HttpOptions o) : ctx(std::make_shared<ServerContext>(s, std::move(o))) {}

  std::shared_ptr<ServerContext> ctx;
  std::mutex mu;  // start/stop
  bool started = false;
  bool stopped = false;
  std::uint16_t port = 0;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> threads;
};

HttpServer::HttpServer(protocol::Server& server, HttpOptions options)
    : impl_(std::make_unique<Impl>(&server, std::move(options))) {}

HttpServer::HttpServer(HttpOptions options) : impl_(std::make_unique<Impl>(nullptr, std::move(options))) {}

HttpServer::~HttpServer() {
  // A destructor must not throw; stop() throws only when a thread cannot be joined.
  try {
    stop();
  } catch (...) {
  }
}

std::uint16_t HttpServer::start() {
  std::lock_guard lock(impl_->mu);
  if (impl_->started) throw std::logic_error("HttpServer::start called twice");
  auto& ctx = *impl_->ctx;
  const HttpOptions& o = ctx.options;
  // Off loopback anyone on the network could call the tools: require a token (issue 2), the shared
  // one or people's (issue 13). People's tokens then stay required even if everyone is removed.
  if (!http_rules::is_loopback_name(o.host) && o.auth_token.empty()) {
    if (!o.authenticate || !o.people_required || !o.people_required())
      throw std::runtime_error(
          "refusing to bind a non-loopback address without --auth-token or people (`users add NAME`)");
    ctx.guard.people_required = [] { return true; };
  }

  tcp::endpoint endpoint = resolve_bind_address(ctx.ioc, o.host, o.port);
  ctx.acceptor.open(endpoint.protocol());
  ctx.acceptor.set_option(net::socket_base::reuse_address(true));
  ctx.acceptor.bind(endpoint);
  ctx.acceptor.listen(net::socket_base::max_listen_connections);
  impl_->port = ctx.acceptor.local_endpoint().port();
  impl_->started = true;

  do_accept(impl_->ctx);
  arm_idle_timer(impl_->ctx);
  impl_->work.emplace(net::make_work_guard(ctx.ioc));
  unsigned n = std::max(1u, o.io_threads);
  for (unsigned i = 0; i < n; ++i) impl_->threads.emplace_back([c = impl_->ctx] { c->ioc.run(); });
  return impl_->port;
}

void HttpServer::stop() {
  std::lock_guard lock(impl_->mu);
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  auto ctx = impl_->ctx;
  ctx->stopping.store(true);
  net::post(ctx->control, [ctx] {
    beast::error_code ignored;
    ctx->acceptor.close(ignored);
    ctx->idle_timer.cancel();
  });
  ctx->sessions.clear();  // ends GET streams, closes peers: their requests in flight are cancelled
  {
    std::unique_lock clock(ctx->mu);
    for (auto& [_, weak] : ctx->connections)
      if (auto c = weak.lock()) c->shutdown();
    // Connections close on their strands; give them a moment, then stop regardless.
    ctx->connections_changed.wait_for(clock, std::chrono::seconds(2),
                                      [&] { return ctx->connections.empty(); });
  }
  impl_->work.reset();
  ctx->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  // Whatever was posted but did not run (closes, late answers) runs now, on this thread: every
  // handler sees `stopping` or a closed connection and starts nothing new.
  ctx->ioc.restart();
  for (int i = 0; i < 1000 && ctx->ioc.poll() > 0; ++i) {
  }
}

std::string HttpServer::url() const { return base_url() + "mcp"; }

std::string HttpServer::base_url() const {
  const std::string& host = impl_->ctx->options.host;
  bool v6 = host.find(':') != std::string::npos && host.front() != '[';
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port) + "/";
}

int serve_http(protocol::Server& server, const HttpOptions& options,
               const std::function<void(const std::string& url)>& on_listening) {
  // The signal handlers are installed before the server threads start, so a signal during start
  // already means "shut down cleanly".
  net::io_context signals_ioc;
  net::signal_set signals(signals_ioc, SIGINT, SIGTERM);
  signals.async_wait([](beast::error_code, int) {});
  HttpServer http(server, options);
  http.start();
  if (on_listening) on_listening(http.url());
  signals_ioc.run();  // returns once a signal arrived
  http.stop();
  server.drain(std::chrono::seconds(2));
  return 0;
}

int serve_routes(const HttpOptions& options, const std::function<void(const std::string& url)>& on_listening,
                 const std::function<void()>& on_stop) {
  net::io_context signals_ioc;
  net::signal_set signals(signals_ioc, SIGINT, SIGTERM);
  signals.async_wait([](beast::error_code, int) {});
  HttpServer http(options);
  http.start();
  if (on_listening) on_listening(http.base_url());
  signals_ioc.run();
  if (on_stop) on_stop();
  http.stop();
  return 0;
}

}  // namespace sciorex::transport
