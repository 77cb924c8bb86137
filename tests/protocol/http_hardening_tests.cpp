// The Streamable HTTP transport against what an adversarial probe found (issue 16): a client that
// half-closes after its request, transfer codings and repeated Host or Origin fields, and sessions
// made by initialize alone. Every wait is bounded; nothing sleeps to synchronise.
#include <sstream>

#include "http_test_support.hpp"

using namespace sciorex;
using namespace sciorex::test_http_server;

namespace {

json gate_call(int id, int ms = 5000) {
  return rpc(id, "tools/call", {{"name", "gate"}, {"arguments", {{"ms", ms}}}});
}

// A 2025 session, initialized and used (notifications/initialized names it); returns its headers.
Headers open_session(McpClient& client) {
  std::string session = client.post(initialize_request()).header("mcp-session-id");
  REQUIRE(!session.empty());
  Headers h = {{"Mcp-Session-Id", session}, {"MCP-Protocol-Version", "2025-11-25"}};
  REQUIRE(client.post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, h).status == 202);
  return h;
}

std::string raw_post(const std::string& extra_headers, const std::string& body) {
  return "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
         "Accept: application/json, text/event-stream\r\n" +
         extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("a client that half-closes after its request still gets the answer", "[http]") {
  Fixture f;
  transport::HttpServer http(f.server, test_options());
  std::uint16_t port = http.start();
  McpClient client(port);
  Headers session = open_session(client);

  SECTION("a client that takes SSE: the stream starts at the end of its input, the result follows") {
    http::request<http::string_body> req{http::verb::post, "/mcp", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.set(http::field::accept, "application/json, text/event-stream");
    for (const auto& [k, v] : session) req.set(k, v);
    req.body() = gate_call(5).dump();
    req.prepare_payload();
    client.write(req);
    REQUIRE(f.gate_reached(1));  // the end of input comes while the request is handled
    client.shutdown_send();
    // The stream's header comes while the call still waits at its gate: the server saw the end of
    // input and kept the request (it used to close the connection, cancelling it).
    std::string content_type;
    REQUIRE(client.read_header(&content_type) == 200);
    CHECK(content_type == "text/event-stream");
    f.open_gate();
    std::string rest;
    REQUIRE_FALSE(client.read_until(rest, "\r\n0\r\n\r\n"));
    CHECK(rest.find("through the gate") != std::string::npos);
    REQUIRE(f.gate_finished(1));
    CHECK_FALSE(f.gate_cancelled);
    CHECK(client.read_until(rest, "never sent") == net::error::eof);  // then the server closes
  }
  SECTION("a client that takes JSON only gets its JSON answer") {
    Headers json_only = session;
    json_only.emplace_back("Accept", "application/json");
    http::request<http::string_body> req{http::verb::post, "/mcp", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    for (const auto& [k, v] : json_only) req.set(k, v);
    req.body() = gate_call(6, 300).dump();  // long enough for the server to see the end of input
    req.prepare_payload();
    client.write(req);
    REQUIRE(f.gate_reached(1));
    client.shutdown_send();
    Reply r = client.read();
    CHECK(r.header("content-type") == "application/json");
    CHECK(r.json_body()["result"]["content"][0]["text"] == "through the gate");
    CHECK(r.header("connection") == "close");
    REQUIRE(f.gate_finished(1));
    CHECK_FALSE(f.gate_cancelled);
  }
}

TEST_CASE("HTTP refuses transfer codings it cannot undo, and repeated Host or Origin fields", "[http]") {
  Fixture f;
  transport::HttpServer http(f.server, test_options());
  std::uint16_t port = http.start();
  const std::string body = gate_call(1, 0).dump();
  auto chunked = [](const std::string& b) {
    std::ostringstream os;
    os << std::hex << b.size() << "\r\n" << b << "\r\n0\r\n\r\n";
    return os.str();
  };
  auto send = [&](const std::string& bytes) {
    McpClient c(port);
    REQUIRE_FALSE(c.write_raw(bytes));
    return c.read();
  };
  const std::string head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";

  Reply r = send(head + "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunked(body));
  CHECK(r.status == 501);
  CHECK(r.json_body()["error"]["message"].get<std::string>().find("gzip, chunked") != std::string::npos);
  CHECK(send(head + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body)).status ==
        501);
  // Two Origin fields: the second is foreign; checking only the first let it through.
  CHECK(send(raw_post("Origin: http://localhost\r\nOrigin: http://evil.example.com\r\n", body)).status ==
        403);
  CHECK(send(raw_post("Host: evil.example.com\r\n", body)).status == 400);  // a second Host
  CHECK(f.gate_calls == 0);                                                 // nothing reached the tools

  // Plain chunked still works.
  McpClient c(port);
  Headers session = open_session(c);
  REQUIRE_FALSE(c.write_raw(head + "Mcp-Session-Id: " + session[0].second +
                            "\r\nMCP-Protocol-Version: 2025-11-25\r\nTransfer-Encoding: chunked\r\n\r\n" +
                            chunked(rpc(2, "ping").dump())));
  Reply ping = c.read();
  CHECK(ping.status == 200);
  CHECK(ping.json_body()["id"] == 2);
}

TEST_CASE("over HTTP a full session table ends the oldest unused session for a new one, never a used one",
          "[http]") {
  Fixture f;
  auto o = test_options();
  o.max_sessions = 2;
  {
    transport::HttpServer http(f.server, o);
    McpClient client(http.start());
    Headers used = open_session(client);
    std::string unused = client.post(initialize_request()).header("mcp-session-id");
    REQUIRE(!unused.empty());
    for (int i = 0; i < 5; ++i) CHECK(client.post(initialize_request()).status == 200);  // a flood
    CHECK(client.post(rpc(3, "ping"), used).status == 200);
    CHECK(client.post(rpc(4, "ping"), {{"Mcp-Session-Id", unused}, {"MCP-Protocol-Version", "2025-11-25"}})
              .status == 404);
  }
  // The end of unused sessions after session_unused_timeout: http_sessions_tests.cpp (expire).
}
