// The Streamable HTTP transport end to end: a real server on port 0 and a small synchronous
// Beast client (http_test_support.hpp). Every wait is bounded; nothing sleeps to synchronise.
#include "http_test_support.hpp"

using namespace sciorex;
using namespace sciorex::test_http_server;

TEST_CASE("a 2025 session over HTTP: initialize, calls, SSE progress, DELETE", "[http]") {
  Fixture f;
  transport::HttpServer http(f.server, test_options());
  std::uint16_t port = http.start();
  REQUIRE(port != 0);
  CHECK(http.url() == "http://127.0.0.1:" + std::to_string(port) + "/mcp");
  McpClient client(port);

  Reply init = client.post(initialize_request());
  REQUIRE(init.status == 200);
  CHECK(init.header("content-type") == "application/json");
  std::string session = init.header("mcp-session-id");
  CHECK(visible_ascii(session));
  CHECK(session.size() >= 32);
  CHECK(init.json_body()["result"]["protocolVersion"] == "2025-11-25");
  Headers with_session = {{"Mcp-Session-Id", session}, {"MCP-Protocol-Version", "2025-11-25"}};

  SECTION("a notification is 202 without a body") {
    Reply r = client.post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, with_session);
    CHECK(r.status == 202);
    CHECK(r.body.empty());
  }
  SECTION("tools/call on the session answers JSON, on the same connection") {
    client.post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, with_session);
    Reply r =
        client.post(rpc(2, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}}), with_session);
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "application/json");
    CHECK(r.json_body()["result"]["content"][0]["text"] == "hi");
  }
  SECTION("a tool that reports progress answers as an SSE stream ending with the result") {
    client.post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, with_session);
    Reply r = client.post(
        rpc(3, "tools/call",
            {{"name", "progress"}, {"arguments", json::object()}, {"_meta", {{"progressToken", "p1"}}}}),
        with_session);
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "text/event-stream");
    CHECK(r.header("x-accel-buffering") == "no");
    CHECK(r.header("mcp-session-id") == session);
    auto events = r.events();
    REQUIRE(events.size() == 3);
    CHECK(events[0]["method"] == "notifications/progress");
    CHECK(events[0]["params"]["progressToken"] == "p1");
    CHECK(events[1]["params"]["progress"] == 2);
    CHECK(events[2]["id"] == 3);
    CHECK(events[2]["result"]["content"][0]["text"] == "done");
    // The connection stays usable after a chunked stream.
    CHECK(client.post(rpc(4, "ping"), with_session).status == 200);
  }
  SECTION("DELETE ends the session; the id is then 404") {
    Reply del = client.request(http::verb::delete_, "", {{"Mcp-Session-Id", session}});
    CHECK(del.status == 200);
    CHECK(del.body.empty());
    Reply after = client.post(rpc(5, "ping"), with_session);
    CHECK(after.status == 404);
    CHECK(client.request(http::verb::delete_, "", {{"Mcp-Session-Id", session}}).status == 404);
  }
  SECTION("an unknown session id is 404") {
    Reply r = client.post(rpc(6, "ping"), {{"Mcp-Session-Id", "no-such-session"}});
    CHECK(r.status == 404);
    CHECK(r.json_body()["error"]["code"] == -32600);
  }
  SECTION("GET without a session is 400; a second GET stream on a session is 409") {
    CHECK(client.request(http::verb::get, "", {{"Accept", "text/event-stream"}}).status == 400);
    McpClient first(port), second(port);
    // Open a GET stream and read only its header.
    http::request<http::empty_body> get{http::verb::get, "/mcp", 11};
    get.set(http::field::host, "localhost");
    get.set(http::field::accept, "text/event-stream");
    get.set("Mcp-Session-Id", session);
    first.write(get);
    std::string content_type;
    CHECK(first.read_header(&content_type) == 200);
    CHECK(content_type == "text/event-stream");
    Reply busy =
        second.request(http::verb::get, "", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", session}});
    CHECK(busy.status == 409);
    // A list change reaches the stream.
    f.server.notify_tools_list_changed();
    std::string received;
    REQUIRE_FALSE(first.read_until(received, "list_changed"));
    CHECK(received.find("notifications/tools/list_changed") != std::string::npos);
  }
}

TEST_CASE("a 2026 stateless request over HTTP", "[http]") {
  Fixture f;
  transport::HttpServer http(f.server, test_options());
  McpClient client(http.start());
  json meta = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
               {"io.modelcontextprotocol/clientCapabilities", json::object()}};
  json call = rpc(1, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "x"}}}, {"_meta", meta}});
  Headers headers = {
      {"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", "tools/call"}, {"Mcp-Name", " echo "}};
  Reply r = client.post(call, headers);
  REQUIRE(r.status == 200);
  CHECK(r.header("mcp-session-id").empty());
  CHECK(r.json_body()["result"]["content"][0]["text"] == "x");
  Reply missing_name =
      client.post(call, {{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", "tools/call"}});
  CHECK(missing_name.status == 400);
  CHECK(missing_name.json_body()["error"]["code"] == -32020);
  CHECK(client
            .request(http::verb::get, "",
                     {{"Accept", "text/event-stream"}, {"MCP-Protocol-Version", "2026-07-28"}})
            .status == 405);
}

TEST_CASE("the HTTP transport refuses what its rules forbid", "[http]") {
  Fixture f;
  transport::HttpServer http(f.server, test_options());
  std::uint16_t port = http.start();
  McpClient client(port);

  SECTION("a bad Origin with a good Host is 403 with a JSON-RPC error body") {
    Reply r = client.post(initialize_request(), {{"Origin", "http://evil.example.com"}});
    CHECK(r.status == 403);
    CHECK(r.header("content-type") == "application/json");
    CHECK(r.json_body()["error"]["code"] == -32600);
    CHECK(r.json_body()["id"].is_null());
  }
  SECTION("a good Origin passes") {
    CHECK(client.post(initialize_request(), {{"Origin", "http://localhost:6274"}}).status == 200);
  }
  SECTION("a bad Host is 403") {
    CHECK(client.post(initialize_request(), {{"Host", "evil.example.com"}}).status == 403);
  }
  SECTION("another path is 404, another method 405") {
    CHECK(client.request(http::verb::post, initialize_request().dump(), {}, "/other").status == 404);
    Reply put = client.request(http::verb::put, "");
    CHECK(put.status == 405);
    CHECK(put.header("allow") == "GET, POST, DELETE");
  }
  SECTION("a body over the limit is 413, then the connection closes") {
    json big = rpc(1, "ping", {{"pad", std::string(8000, 'x')}});
    Reply r = client.post(big);
    CHECK(r.status == 413);
    CHECK(r.json_body()["error"]["code"] == -32600);
  }
  SECTION("a wrong Content-Type is 415") {
    CHECK(client.post(initialize_request(), {{"Content-Type", "text/plain"}}).status == 415);
  }
  SECTION("a malformed body reaches the dispatcher: parse error") {
    Reply r = client.request(http::verb::post, "{nope");
    CHECK(r.status == 400);
    CHECK(r.json_body()["error"]["code"] == -32700);
  }
}

TEST_CASE("the HTTP transport checks the bearer token when one is set", "[http]") {
  Fixture f;
  auto o = test_options();
  o.auth_token = "t0ken";
  transport::HttpServer http(f.server, o);
  McpClient client(http.start());
  Reply wrong = client.post(initialize_request(), {{"Authorization", "Bearer nope"}});
  CHECK(wrong.status == 401);
  CHECK(wrong.header("www-authenticate").rfind("Bearer", 0) == 0);
  CHECK(client.post(initialize_request(), {}).status == 401);
  CHECK(client.post(initialize_request(), {{"Authorization", "Bearer t0ken"}}).status == 200);
}

TEST_CASE("the HTTP transport refuses to bind off loopback without a token", "[http]") {
  Fixture f;
  auto o = test_options();
  o.host = "0.0.0.0";
  transport::HttpServer http(f.server, o);
  CHECK_THROWS_WITH(http.start(), Catch::Contains("non-loopback"));
}

TEST_CASE("a slow client is disconnected after the read timeout", "[http]") {
  Fixture f;
  transport::HttpServer http(f.server, test_options());  // read_timeout 1 s
  std::uint16_t port = http.start();
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  std::string half =
      "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
      "100\r\n\r\n{\"jsonrpc\":";
  net::write(socket, net::buffer(half));
  auto took = time_until_closed(socket, 5s);
  CHECK(took >= 900ms);
  CHECK(took < 4s);
}

TEST_CASE("a client that goes away cancels its request", "[http]") {
  Fixture f;
  transport::HttpServer http(f.server, test_options());
  std::uint16_t port = http.start();
  {
    McpClient client(port);
    REQUIRE(client.post(initialize_request()).status == 200);
    json meta = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                 {"io.modelcontextprotocol/clientCapabilities", json::object()}};
    http::request<http::string_body> req{http::verb::post, "/mcp", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.set("MCP-Protocol-Version", "2026-07-28");
    req.set("Mcp-Method", "tools/call");
    req.set("Mcp-Name", "wait");
    req.body() =
        rpc(9, "tools/call", {{"name", "wait"}, {"arguments", json::object()}, {"_meta", meta}}).dump();
    req.prepare_payload();
    client.write(req);
  }  // the client closes its socket without reading the answer
  std::unique_lock lock(f.mu);
  REQUIRE(f.cv.wait_for(lock, 5s, [&] { return f.saw_cancel; }));
}

TEST_CASE("stop() ends streams, sessions and requests in flight, and is idempotent", "[http]") {
  Fixture f;
  transport::HttpServer http(f.server, test_options());
  std::uint16_t port = http.start();
  McpClient client(port), stream(port), waiting(port);
  std::string session = client.post(initialize_request()).header("mcp-session-id");
  REQUIRE(!session.empty());
  Headers with_session = {{"Mcp-Session-Id", session}, {"MCP-Protocol-Version", "2025-11-25"}};
  client.post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, with_session);
  // An open GET stream and a tool call in flight on the session.
  http::request<http::empty_body> get{http::verb::get, "/mcp", 11};
  get.set(http::field::host, "localhost");
  get.set(http::field::accept, "text/event-stream");
  get.set("Mcp-Session-Id", session);
  stream.write(get);
  REQUIRE(stream.read_header() == 200);
  http::request<http::string_body> call{http::verb::post, "/mcp", 11};
  call.set(http::field::host, "127.0.0.1");
  call.set(http::field::content_type, "application/json");
  call.set("Mcp-Session-Id", session);
  call.body() = rpc(7, "tools/call", {{"name", "wait"}, {"arguments", json::object()}}).dump();
  call.prepare_payload();
  waiting.write(call);
  {
    std::unique_lock lock(f.mu);
    REQUIRE(f.cv.wait_for(lock, 5s, [&] { return f.wait_started; }));
  }

  auto started = std::chrono::steady_clock::now();
  http.stop();
  http.stop();
  CHECK(std::chrono::steady_clock::now() - started < 3s);
  {
    std::unique_lock lock(f.mu);
    CHECK(f.cv.wait_for(lock, 5s, [&] { return f.saw_cancel; }));  // the session's peer was closed
  }
  std::string rest;
  CHECK(stream.read_until(rest, "never sent"));  // the stream ended
  net::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  CHECK(ec);  // nobody listens any more
}

TEST_CASE("the HTTP transport bounds connections and sessions", "[http]") {
  Fixture f;
  auto o = test_options();
  SECTION("past max_connections a connection is answered 503") {
    o.max_connections = 1;
    transport::HttpServer http(f.server, o);
    std::uint16_t port = http.start();
    McpClient first(port);
    REQUIRE(first.post(initialize_request()).status == 200);  // the first connection is registered
    McpClient second(port);
    Reply r = second.read();  // answered without a request
    CHECK(r.status == 503);
    CHECK(r.header("connection") == "close");
  }
  SECTION("past max_sessions of used sessions an initialize is answered 503 and registers nothing") {
    o.max_sessions = 1;
    transport::HttpServer http(f.server, o);
    McpClient client(http.start());
    std::string session = client.post(initialize_request()).header("mcp-session-id");
    REQUIRE(!session.empty());
    REQUIRE(client
                .post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}},
                      {{"Mcp-Session-Id", session}, {"MCP-Protocol-Version", "2025-11-25"}})
                .status == 202);  // used: an unused session would give way (http_hardening_tests.cpp)
    Reply r = client.post(initialize_request());
    CHECK(r.status == 503);
    CHECK(r.header("mcp-session-id").empty());
    CHECK(r.json_body()["error"]["message"].get<std::string>().find("sessions") != std::string::npos);
  }
}

TEST_CASE("Connection: close is honoured", "[http]") {
  Fixture f;
  transport::HttpServer http(f.server, test_options());
  McpClient client(http.start());
  Reply r = client.post(initialize_request(), {{"Connection", "close"}});
  CHECK(r.status == 200);
  CHECK(r.header("connection") == "close");
  std::string rest;
  CHECK(client.read_until(rest, "never sent") == net::error::eof);
  CHECK(rest.empty());
}

TEST_CASE("a GET stream gets keep-alive comments and ends with its session", "[http]") {
  Fixture f;
  auto o = test_options();
  o.keepalive_interval = 1s;
  o.read_timeout = 10s;  // the idle client must outlive the wait for a keep-alive comment
  transport::HttpServer http(f.server, o);
  std::uint16_t port = http.start();
  McpClient client(port), stream(port);
  std::string session = client.post(initialize_request()).header("mcp-session-id");
  REQUIRE(!session.empty());

  http::request<http::empty_body> get{http::verb::get, "/mcp", 11};
  get.set(http::field::host, "localhost");
  get.set(http::field::accept, "text/event-stream");
  get.set("Mcp-Session-Id", session);
  stream.write(get);
  REQUIRE(stream.read_header() == 200);
  std::string received;
  REQUIRE_FALSE(stream.read_until(received, ": keepalive\n\n"));
  // DELETE ends the stream: the terminating chunk, and the connection stays usable.
  CHECK(client.request(http::verb::delete_, "", {{"Mcp-Session-Id", session}}).status == 200);
  REQUIRE_FALSE(stream.read_until(received, "\r\n0\r\n\r\n"));
  CHECK(stream.post(initialize_request()).status == 200);
}
