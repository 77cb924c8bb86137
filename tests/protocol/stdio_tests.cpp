// The stdio transport over real pipes: framing, bounds, malformed lines, concurrency, end of input.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <future>
#include <random>
#include <thread>

#include "sciorex/protocol/wire.hpp"
#include "sciorex/transport/stdio.hpp"
#include "test_support.hpp"

using namespace sciorex;
using test::json;

namespace {

// Runs serve_stdio on a thread between two pipes; the test writes lines and reads answers.
class StdioHarness {
 public:
  explicit StdioHarness(protocol::Server& server, std::size_t max_bytes = 1024) {
    REQUIRE(::pipe(in_) == 0);
    REQUIRE(::pipe(out_) == 0);
    transport::StdioOptions o;
    o.in_fd = in_[0];
    o.out_fd = out_[1];
    o.max_message_bytes = max_bytes;
    o.drain_timeout = std::chrono::milliseconds(500);
    done_ = std::async(std::launch::async, [&server, o] { return transport::serve_stdio(server, o); });
  }
  ~StdioHarness() {
    close_input();
    if (done_.valid()) done_.wait();
    ::close(in_[0]);
    ::close(out_[0]);
    ::close(out_[1]);
  }
  void write(const std::string& bytes) {
    REQUIRE(::write(in_[1], bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }
  void close_input() {
    if (in_[1] >= 0) ::close(in_[1]);
    in_[1] = -1;
  }
  // The next output line, or an empty string after 5 s.
  std::string read_line() {
    for (;;) {
      auto nl = buffer_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      pollfd p{out_[0], POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0) return {};
      char chunk[4096];
      ssize_t n = ::read(out_[0], chunk, sizeof chunk);
      if (n <= 0) return {};
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  json read_json() { return json::parse(read_line()); }
  std::future<int>& done() { return done_; }

 private:
  int in_[2]{-1, -1};
  int out_[2]{-1, -1};
  std::string buffer_;
  std::future<int> done_;
};

std::string line(const json& j) { return j.dump() + "\n"; }

}  // namespace

TEST_CASE("stdio: one message per line in and out, CRLF and blank lines tolerated", "[transport][stdio]") {
  protocol::Server server({"t", "1", "", "", ""});
  StdioHarness h(server);
  h.write("\n  \n" + json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "ping"}}.dump() + "\r\n");
  auto r = h.read_json();
  CHECK(r["id"] == 1);
  CHECK(r["result"] == json::object());
}

TEST_CASE("stdio: a malformed line gets -32700 and the server keeps serving", "[transport][stdio]") {
  protocol::Server server({"t", "1", "", "", ""});
  StdioHarness h(server);
  h.write("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\"\n");
  CHECK(h.read_json()["error"]["code"] == -32700);
  h.write("\xff\xfe not utf-8\n");
  CHECK(h.read_json()["error"]["code"] == -32700);
  h.write(line({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "ping"}}));
  CHECK(h.read_json()["id"] == 2);
}

TEST_CASE("stdio: an oversized message gets a clear error, is skipped whole, and serving goes on",
          "[transport][stdio]") {
  protocol::Server server({"t", "1", "", "", ""});
  StdioHarness h(server, 256);
  std::string big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" +
                    std::string(5000, 'a') + "\"}}\n";
  h.write(big.substr(0, 3000));
  h.write(big.substr(3000));
  auto err = h.read_json();
  CHECK(err["error"]["code"] == -32600);
  CHECK(err["error"]["message"].get<std::string>().find("256 bytes") != std::string::npos);
  h.write(line({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "ping"}}));
  CHECK(h.read_json()["id"] == 2);
}

TEST_CASE("stdio: a message split across reads is reassembled", "[transport][stdio]") {
  protocol::Server server({"t", "1", "", "", ""});
  StdioHarness h(server);
  std::string msg = line({{"jsonrpc", "2.0"}, {"id", "split"}, {"method", "ping"}});
  for (char ch : msg) h.write(std::string(1, ch));
  CHECK(h.read_json()["id"] == "split");
}

TEST_CASE("stdio: a slow tool does not delay ping, and requests answer out of order", "[transport][stdio]") {
  protocol::Server server({"t", "1", "", "", ""});
  server.add_tool({json{{"name", "slow"}, {"inputSchema", {{"type", "object"}}}}, false},
                  [](const json&, protocol::RequestContext& ctx) {
                    ctx.sleep_for(std::chrono::milliseconds(300));
                    return protocol::ToolResult::text("slow done");
                  });
  StdioHarness h(server);
  h.write(line({{"jsonrpc", "2.0"},
                {"id", 0},
                {"method", "initialize"},
                {"params", {{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()}}}}));
  CHECK(h.read_json()["id"] == 0);
  h.write(
      line({{"jsonrpc", "2.0"}, {"id", "slow"}, {"method", "tools/call"}, {"params", {{"name", "slow"}}}}));
  h.write(line({{"jsonrpc", "2.0"}, {"id", "fast"}, {"method", "ping"}}));
  CHECK(h.read_json()["id"] == "fast");
  CHECK(h.read_json()["id"] == "slow");
}

TEST_CASE("stdio: the server returns at end of input", "[transport][stdio]") {
  protocol::Server server({"t", "1", "", "", ""});
  StdioHarness h(server);
  h.write(line({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "ping"}}));  // no trailing input after this
  CHECK(h.read_json()["id"] == 1);
  h.close_input();
  REQUIRE(h.done().wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(h.done().get() == 0);
}

TEST_CASE("serialize writes exactly what nlohmann's dump with replacement writes", "[protocol][wire]") {
  // The fast writer must not change a byte on the wire: escapes, UTF-8 passed raw, ill-formed
  // UTF-8 replaced the way nlohmann replaces it, integers, floats, empty containers, key order.
  std::mt19937 rng(7);
  const char* well_formed[] = {"…", "é", "😀", "\xed\x9f\xbf", "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf"};
  for (int it = 0; it < 20000; ++it) {
    std::string s;
    // Short strings, and long ones mostly plain (the writer skips plain text 8 bytes at a time).
    const bool long_one = it % 2 == 1;
    const int n = static_cast<int>(long_one ? rng() % 64 : rng() % 12);
    for (int k = 0; k < n; ++k) {
      const int r = static_cast<int>(long_one && rng() % 8 != 0 ? 0 : rng() % 10);
      if (r == 9) {
        s += well_formed[rng() % 6];
        continue;
      }
      s.push_back(static_cast<char>(r < 4   ? 0x20 + rng() % 0x60
                                    : r < 6 ? rng() % 0x20
                                            : 0x80 + rng() % 0x80));
    }
    json j = {{"k" + s, s},
              {"a", json::array({1, -2, 3.5, true, nullptr, s, 18446744073709551615ULL, INT64_MIN})},
              {"o", json::object()},
              {"e", json::array()},
              {"f", 0.1}};
    INFO(s);
    REQUIRE(protocol::serialize(j) == j.dump(-1, ' ', false, json::error_handler_t::replace));
  }
}
