// What the Streamable HTTP tests share: a real server on port 0 with a few tools, and a small
// synchronous Beast client (test_http::HttpClient) whose every operation must succeed. Every wait
// is bounded; nothing sleeps to synchronise.
#pragma once

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "../common/http_test_client.hpp"
#include "sciorex/protocol/server.hpp"
#include "sciorex/transport/http.hpp"

namespace sciorex::test_http_server {

using nlohmann::json;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

using Reply = test_http::HttpReply;
using Headers = test_http::HttpHeaders;

// One keep-alive connection to /mcp (test_http::HttpClient, 10 s per operation); every operation
// here must succeed, and a test can read a stream's header alone or raw bytes after it. Not named
// Client: that is test_support.hpp's in-process client, and a unity build puts both in one file.
class McpClient : public test_http::HttpClient {
 public:
  explicit McpClient(std::uint16_t port) : HttpClient(port, std::chrono::seconds(10)) {}

  Reply request(http::verb method, const std::string& body, const Headers& headers = {},
                const std::string& target = "/mcp") {
    Reply r = HttpClient::request(method, body, headers, "127.0.0.1", target);
    REQUIRE(r.status != 0);
    return r;
  }
  Reply post(const json& message, const Headers& headers = {}) {
    return request(http::verb::post, message.dump(), headers);
  }
  template <class Message>
  void write(Message& message) {
    REQUIRE_FALSE(HttpClient::write(message));
  }
  Reply read() {
    Reply r = HttpClient::read();
    REQUIRE(r.status != 0);
    return r;
  }
  // Reads a response header only (a stream's body follows); returns the status.
  int read_header(std::string* content_type = nullptr) {
    http::response_parser<http::string_body> parser;
    REQUIRE_FALSE(run([&](auto done) {
      http::async_read_header(stream_, buffer_, parser,
                              [done](beast::error_code e, std::size_t) mutable { done(e); });
    }));
    if (content_type) *content_type = std::string(parser.get()[http::field::content_type]);
    return parser.get().result_int();
  }
  // Raw bytes until `what` was received; an error (or the deadline) ends it early.
  beast::error_code read_until(std::string& received, const std::string& what) {
    received.append(beast::buffers_to_string(buffer_.data()));
    buffer_.consume(buffer_.size());
    while (received.find(what) == std::string::npos) {
      char data[512];
      std::size_t got = 0;
      auto ec = run([&](auto done) {
        stream_.async_read_some(net::buffer(data), [&got, done](beast::error_code e, std::size_t n) mutable {
          got = n;
          done(e);
        });
      });
      received.append(data, got);
      if (ec) return ec;
    }
    return {};
  }
};

inline json rpc(int id, const std::string& method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

inline json initialize_request() {
  return rpc(0, "initialize",
             {{"protocolVersion", "2025-11-25"},
              {"capabilities", json::object()},
              {"clientInfo", {{"name", "t"}, {"version", "1"}}}});
}

// Reads from a raw socket until the server closes it or `limit` passes; returns how long it took.
inline std::chrono::steady_clock::duration time_until_closed(tcp::socket& socket,
                                                             std::chrono::seconds limit) {
  auto start = std::chrono::steady_clock::now();
  net::io_context& ioc = static_cast<net::io_context&>(socket.get_executor().context());
  char scratch[1024];
  bool closed = false;
  std::function<void(beast::error_code, std::size_t)> on_read = [&](beast::error_code ec, std::size_t) {
    if (ec) {
      closed = true;
      return;
    }
    socket.async_read_some(net::buffer(scratch), on_read);
  };
  socket.async_read_some(net::buffer(scratch), on_read);
  ioc.restart();
  ioc.run_for(limit);
  if (!closed) return std::chrono::steady_clock::duration::max();
  return std::chrono::steady_clock::now() - start;
}

// A server with an echo tool, a tool that reports progress, one that waits to be cancelled, and
// one that waits for the test to open its gate (or for arguments.ms milliseconds, 5 s at most).
struct Fixture {
  protocol::Server server{protocol::ServerInfo{"http-test", "1.0"}};
  std::mutex mu;
  std::condition_variable cv;
  bool wait_started = false;
  bool saw_cancel = false;
  bool gate_open = false;
  int gate_entered = 0;         // calls that started waiting
  int gate_calls = 0;           // calls that finished
  bool gate_cancelled = false;  // the last finished call was cancelled

  void open_gate() {
    {
      std::lock_guard lock(mu);
      gate_open = true;
    }
    cv.notify_all();
  }
  // Waits (at most 5 s) until `n` gate calls started waiting.
  bool gate_reached(int n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, 5s, [&] { return gate_entered >= n; });
  }
  // Waits (at most 5 s) until `n` gate calls finished.
  bool gate_finished(int n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, 5s, [&] { return gate_calls >= n; });
  }

  Fixture() {
    server.add_tool({json{{"name", "echo"}, {"inputSchema", {{"type", "object"}}}}, false},
                    [](const json& args, protocol::RequestContext&) {
                      return protocol::ToolResult::text(args.value("text", std::string("echo")));
                    });
    server.add_tool({json{{"name", "progress"}, {"inputSchema", {{"type", "object"}}}}, false},
                    [](const json&, protocol::RequestContext& ctx) {
                      ctx.progress(1, 2);
                      ctx.progress(2, 2);
                      ctx.sleep_for(50ms);
                      return protocol::ToolResult::text("done");
                    });
    server.add_tool({json{{"name", "wait"}, {"inputSchema", {{"type", "object"}}}}, false},
                    [this](const json&, protocol::RequestContext& ctx) {
                      {
                        std::lock_guard lock(mu);
                        wait_started = true;
                      }
                      cv.notify_all();
                      bool cancelled = ctx.sleep_for(10s);
                      {
                        std::lock_guard lock(mu);
                        saw_cancel = cancelled;
                      }
                      cv.notify_all();
                      return protocol::ToolResult::text("waited");
                    });
    server.add_tool({json{{"name", "gate"}, {"inputSchema", {{"type", "object"}}}}, false},
                    [this](const json& args, protocol::RequestContext& ctx) {
                      auto until = std::chrono::steady_clock::now() +
                                   std::chrono::milliseconds(args.value("ms", 5000));
                      std::unique_lock lock(mu);
                      ++gate_entered;
                      cv.notify_all();
                      while (!gate_open && !ctx.cancelled() && std::chrono::steady_clock::now() < until)
                        cv.wait_for(lock, 10ms);  // the cancel flag has no condition variable of ours
                      gate_cancelled = ctx.cancelled();
                      ++gate_calls;
                      lock.unlock();
                      cv.notify_all();
                      return protocol::ToolResult::text("through the gate");
                    });
  }
  ~Fixture() { server.drain(2s); }
};

inline transport::HttpOptions test_options() {
  transport::HttpOptions o;
  o.read_timeout = 1s;
  o.max_body_bytes = 4096;
  o.io_threads = 2;
  return o;
}

inline bool visible_ascii(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

}  // namespace sciorex::test_http_server
