// A small synchronous HTTP/1.1 client on Beast for tests: one keep-alive connection to a local
// server, each operation run on the client's own io_context under a deadline (tcp_stream closes
// the socket past it). Shared by the protocol HTTP tests and the hostile-input tests.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sciorex::test_http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

struct HttpReply {
  int status = 0;                              // 0: no answer (the connection ended or timed out)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  nlohmann::json json_body() const { return nlohmann::json::parse(body); }
  // The JSON messages of an SSE body ("data:" lines of each event).
  std::vector<nlohmann::json> events() const {
    std::vector<nlohmann::json> out;
    std::size_t pos = 0;
    while ((pos = body.find("data: ", pos)) != std::string::npos) {
      auto end = body.find('\n', pos);
      out.push_back(nlohmann::json::parse(body.substr(pos + 6, end - pos - 6)));
      pos = end;
    }
    return out;
  }
};

// Request headers in order; an empty value removes the header (e.g. a default Content-Type).
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port, std::chrono::seconds deadline = std::chrono::seconds(15))
      : deadline_(deadline), stream_(ioc_) {
    auto ec = run([&](auto done) {
      stream_.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                            [done](beast::error_code e) mutable { done(e); });
    });
    REQUIRE_FALSE(ec);
  }

  // Sends a request and reads its answer (status 0 when none came). `host` empty: no Host header.
  HttpReply request(bhttp::verb method, const std::string& body, const HttpHeaders& headers = {},
                    std::optional<std::string> host = "127.0.0.1", const std::string& target = "/mcp") {
    bhttp::request<bhttp::string_body> req{method, target, 11};
    if (host) req.set(bhttp::field::host, *host);
    if (method == bhttp::verb::post) {
      req.set(bhttp::field::content_type, "application/json");
      req.set(bhttp::field::accept, "application/json, text/event-stream");
    }
    for (const auto& [k, v] : headers) {
      if (v.empty())
        req.erase(k);
      else
        req.set(k, v);
    }
    req.body() = body;
    req.prepare_payload();
    if (write(req)) return {};
    return read();
  }
  HttpReply post(const std::string& body, const HttpHeaders& headers = {}) {
    return request(bhttp::verb::post, body, headers);
  }
  // Writes one message (a request built by the test).
  template <class Message>
  beast::error_code write(Message& message) {
    return run([&](auto done) {
      bhttp::async_write(stream_, message, [done](beast::error_code e, std::size_t) mutable { done(e); });
    });
  }
  // Reads one response (status 0 when none came).
  HttpReply read() {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (run([&](auto done) {
          bhttp::async_read(stream_, buffer_, parser,
                            [done](beast::error_code e, std::size_t) mutable { done(e); });
        }))
      return {};
    HttpReply r;
    auto& res = parser.get();
    r.status = res.result_int();
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = std::string(f.value());
    }
    r.body = res.body();
    return r;
  }
  // Writes raw bytes (a partial request, say).
  beast::error_code write_raw(const std::string& bytes) {
    return run([&](auto done) {
      net::async_write(stream_.socket(), net::buffer(bytes),
                       [done](beast::error_code e, std::size_t) mutable { done(e); });
    });
  }
  // Half-closes: no more bytes from this side (shutdown(SHUT_WR)); the answer can still be read.
  void shutdown_send() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    REQUIRE_FALSE(ec);
  }
  // Waits until the server closes the connection, at most `limit`; returns how long it took, or
  // nullopt when it stayed open.
  std::optional<std::chrono::milliseconds> time_until_closed(std::chrono::seconds limit) {
    auto start = std::chrono::steady_clock::now();
    stream_.expires_after(limit);
    for (;;) {
      char scratch[1024];
      auto ec = run_raw([&](auto done) {
        stream_.async_read_some(net::buffer(scratch),
                                [done](beast::error_code e, std::size_t) mutable { done(e); });
      });
      if (ec == beast::error::timeout || ec == net::error::timed_out) return std::nullopt;
      if (ec)
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                     start);
    }
  }

 protected:
  // Runs one operation to completion under the deadline; `start` gets done(error_code).
  template <class Start>
  beast::error_code run(Start start) {
    stream_.expires_after(deadline_);
    return run_raw(start);
  }
  template <class Start>
  beast::error_code run_raw(Start start) {
    bool finished = false;
    beast::error_code result;
    start([&finished, &result](beast::error_code ec) {
      result = ec;
      finished = true;
    });
    ioc_.restart();
    while (!finished && ioc_.run_one() > 0) {
    }
    return finished ? result : beast::error_code(net::error::timed_out);
  }

  std::chrono::seconds deadline_;
  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

}  // namespace sciorex::test_http
