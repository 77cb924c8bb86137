// Paths other than /mcp: a Connection hands the request to HttpOptions::routes and writes its
// answer, a whole response or an SSE stream fed through a RouteStream (see http_routes.hpp).
#include <boost/asio/post.hpp>
#include <boost/beast/core/string.hpp>
#include <nlohmann/json.hpp>

#include "http_auth.hpp"
#include "http_connection.hpp"
#include "sciorex/transport/http_routes.hpp"

namespace sciorex::transport {
namespace {

// Interim stream text waiting for a client that does not read: past this the stream is closed.
constexpr std::size_t kMaxRouteQueuedBytes = std::size_t{4} * 1024 * 1024;

}  // namespace

std::optional<std::string_view> RouteRequest::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (beast::iequals(n, name)) return std::string_view(v);
  return std::nullopt;
}

std::string route_error_body(int status, std::string_view message) {
  const char* code = status == 403 || status == 401 ? "forbidden" : status == 413 ? "too_large" : "invalid";
  if (status == 404) code = "not_found";
  return nlohmann::json{{"error", std::string(message)}, {"code", code}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool RouteStream::send(std::string text) {
  if (closed_.load()) return false;
  auto c = conn_.lock();
  if (!c || !c->post_route(seq_, std::move(text))) {
    closed_.store(true);
    return false;
  }
  return true;
}

void RouteStream::close() {
  if (closed_.exchange(true)) return;
  if (auto c = conn_.lock()) c->post_route(seq_, std::nullopt);
}

void Connection::handle_route(const http::request<http::string_body>& req) {
  RouteRequest r;
  r.method = std::string(req.method_string());
  std::string_view target(req.target().data(), req.target().size());
  auto q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
  for (const auto& f : req) r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  r.body = req.body();
  RouteResult result;
  try {
    result = ctx_->options.routes(r);
  } catch (const std::exception& e) {
    return respond(500, route_error_body(500, std::string("internal error: ") + e.what()));
  }
  if (!result.stream)
    return respond(result.response.status, std::move(result.response.body), result.response.headers);
  phase_ = Phase::streaming;
  start_sse(result.response.headers);
  watch_client();
  route_stream_ = std::make_shared<RouteStream>(shared_from_this(), seq_);
  result.stream(route_stream_);
}

void Connection::handle_resource_metadata(const http_rules::RequestHead& head) {
  if (head.method != "GET" && head.method != "HEAD")
    return respond(405, route_error_body(405, "Method Not Allowed: use GET"), {{"Allow", "GET, HEAD"}});
  auto base = http_rules::base_url_of(head);
  if (!base) return respond(400, route_error_body(400, "Bad Request: the Host header is not a host name"));
  // Public by design (RFC 9728 §3): any origin may read it, and it holds nothing secret.
  respond(200, http_rules::protected_resource_metadata(*base, ctx_->guard),
          {{"Cache-Control", "max-age=3600"}, {"Access-Control-Allow-Origin", "*"}});
}

bool Connection::post_route(std::uint64_t seq, std::optional<std::string> text) {
  if (closed_.load()) return false;
  std::size_t n = text ? text->size() : 0;
  if (queued_bytes_.fetch_add(n) + n > kMaxRouteQueuedBytes) {
    queued_bytes_.fetch_sub(n);
    shutdown();  // the client does not read its stream
    return false;
  }
  net::post(stream_.get_executor(),
            [self = shared_from_this(), seq, text = std::move(text)] { self->on_route(seq, text); });
  return true;
}

void Connection::on_route(std::uint64_t seq, const std::optional<std::string>& text) {
  if (text) queued_bytes_.fetch_sub(text->size());
  if (phase_ != Phase::streaming || seq != seq_ || final_queued_ || !route_stream_) return;
  if (!text) {
    route_stream_->mark_closed();
    return end_sse();
  }
  sse_raw(*text);
}

}  // namespace sciorex::transport
