// A board on a fresh store served by a real HttpServer on a free port, a second Database handle on
// the same file for "another process" (agents, the command line), and small clients: JSON calls
// with the page's CSRF token, and an SSE reader that waits for text with a deadline.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "board.hpp"
#include "http_test_client.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/interaction_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "sciorex/transport/http.hpp"
#include "temp_dir.hpp"

namespace sciorex::board_test {

using nlohmann::json;
using test_http::HttpClient;
using test_http::HttpHeaders;
using test_http::HttpReply;
namespace bhttp = boost::beast::http;

// A new ticket with its title and priority.
inline storage::NewTicket ticket(const std::string& title, storage::Priority p = storage::Priority::Medium) {
  storage::NewTicket t;
  t.title = title;
  t.priority = p;
  return t;
}

inline board::BoardOptions options_for(const std::string& user, const std::string& token = "",
                                       std::size_t replay_limit = 1000) {
  board::BoardOptions o;
  o.user = user;
  o.auth_token = token;
  o.replay_limit = replay_limit;
  return o;
}

inline transport::HttpOptions http_options(board::Board& b, const std::string& token = "") {
  transport::HttpOptions o;
  o.routes = b.handler();
  o.auth_token = token;
  o.keepalive_interval = std::chrono::seconds(1);
  return o;
}

struct BoardFixture {
  explicit BoardFixture(const std::string& token = "", std::size_t replay_limit = 1000)
      : board(dir.workspace_db(), {}, options_for("alice", token, replay_limit)),
        http(http_options(board, token)) {
    board.start();
    port = http.start();
  }
  ~BoardFixture() {
    board.stop();
    http.stop();
  }

  testing::TempDir dir{"board", true};
  storage::Database other{dir.workspace_db()};  // another process's handle
  storage::TicketRepository tickets{other};
  storage::InteractionRepository inbox{other};
  storage::EventFeed feed{other};
  board::Board board;
  transport::HttpServer http;
  std::uint16_t port = 0;

  storage::Actor agent() const { return storage::Actor::agent("claude-code"); }

  HttpReply get(const std::string& target, const HttpHeaders& headers = {}) {
    HttpClient c(port);
    return c.request(bhttp::verb::get, "", headers, "127.0.0.1", target);
  }
  // A write as the page makes it: JSON body, the CSRF token (unless `csrf` is false).
  HttpReply send(bhttp::verb method, const std::string& target, const std::string& body, bool csrf = true,
                 HttpHeaders headers = {}) {
    HttpClient c(port);
    headers.emplace_back("Content-Type", "application/json");
    if (csrf) headers.emplace_back("X-Sciorex-Csrf", board.csrf_token());
    return c.request(method, body, headers, "127.0.0.1", target);
  }
  HttpReply post(const std::string& target, const json& body) {
    return send(bhttp::verb::post, target, body.dump());
  }
  HttpReply patch(const std::string& target, const json& body) {
    return send(bhttp::verb::patch, target, body.dump());
  }
};

// An open GET /api/events stream read as raw bytes (chunk framing included: each event is one
// chunk, so an event's text is contiguous).
class SseReader {
 public:
  SseReader(std::uint16_t port, const std::string& target, const std::string& last_event_id = "")
      : stream_(ioc_) {
    stream_.expires_after(std::chrono::seconds(5));
    stream_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    if (!last_event_id.empty()) req += "Last-Event-ID: " + last_event_id + "\r\n";
    req += "\r\n";
    boost::asio::write(stream_.socket(), boost::asio::buffer(req));
  }
  // Reads until `text` has arrived (true) or `limit` passed (false). Everything read stays in text().
  bool wait_for(const std::string& text, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (received_.find(text) == std::string::npos) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::milliseconds(0)) return false;
      stream_.expires_after(left);
      char buf[4096];
      boost::beast::error_code ec;
      bool done = false;
      std::size_t n = 0;
      stream_.async_read_some(boost::asio::buffer(buf), [&](boost::beast::error_code e, std::size_t k) {
        ec = e;
        n = k;
        done = true;
      });
      ioc_.restart();
      while (!done && ioc_.run_one() > 0) {
      }
      received_.append(buf, n);
      if (ec) return received_.find(text) != std::string::npos;
    }
    return true;
  }
  const std::string& text() const { return received_; }

 private:
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  std::string received_;
};

}  // namespace sciorex::board_test
