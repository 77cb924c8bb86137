// The pure HTTP rules of the Streamable HTTP transport, table-driven: each rule, its status, and
// the order in which they apply.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

// Private to sciorex_http: its tests reach in on purpose (like state_sealer.hpp).
#include "http_guard.hpp"

using namespace sciorex::transport::http_rules;

namespace {

// A request that passes every rule; each row changes one thing.
RequestHead good_post() {
  RequestHead h;
  h.method = "POST";
  h.target = "/mcp";
  h.host = "127.0.0.1:8080";
  h.content_type = "application/json";
  h.accept = "application/json, text/event-stream";
  return h;
}

struct Row {
  const char* name;
  void (*change)(RequestHead&);
  int status;  // 0: passes
};

}  // namespace

TEST_CASE("the HTTP guard applies each rule with its status", "[http]") {
  GuardConfig config;
  config.bound_host = "127.0.0.1";
  config.allowed_origins = {"https://app.example.com"};

  const Row rows[] = {
      {"a good POST passes", [](RequestHead&) {}, 0},
      {"Host localhost with a port passes", [](RequestHead& h) { h.host = "localhost:1234"; }, 0},
      {"Host [::1] passes", [](RequestHead& h) { h.host = "[::1]:9"; }, 0},
      {"Host 127.0.0.5 passes (127/8)", [](RequestHead& h) { h.host = "127.0.0.5"; }, 0},
      {"Host LOCALHOST passes (case-insensitive)", [](RequestHead& h) { h.host = "LOCALHOST"; }, 0},
      {"a missing Host is 400", [](RequestHead& h) { h.host.reset(); }, 400},
      {"a foreign Host is 403", [](RequestHead& h) { h.host = "evil.example.com"; }, 403},
      {"a foreign Host with a loopback port is 403", [](RequestHead& h) { h.host = "evil.example.com:8080"; },
       403},
      {"a malformed Host is 403", [](RequestHead& h) { h.host = "::1"; }, 403},
      {"Origin http://localhost:3000 passes", [](RequestHead& h) { h.origin = "http://localhost:3000"; }, 0},
      {"Origin https://127.0.0.1 passes", [](RequestHead& h) { h.origin = "https://127.0.0.1"; }, 0},
      {"Origin http://[::1]:5 passes", [](RequestHead& h) { h.origin = "http://[::1]:5"; }, 0},
      {"an allowed Origin passes", [](RequestHead& h) { h.origin = "https://app.example.com"; }, 0},
      {"a bad Origin with a good Host is 403", [](RequestHead& h) { h.origin = "http://evil.example.com"; },
       403},
      {"Origin null is 403", [](RequestHead& h) { h.origin = "null"; }, 403},
      {"an Origin of another scheme is 403", [](RequestHead& h) { h.origin = "ftp://localhost"; }, 403},
      {"a localhost prefix is no localhost Origin",
       [](RequestHead& h) { h.origin = "http://localhost.evil.com"; }, 403},
      {"another path is 404", [](RequestHead& h) { h.target = "/other"; }, 404},
      {"/mcp/ is 404", [](RequestHead& h) { h.target = "/mcp/"; }, 404},
      {"a query string is ignored", [](RequestHead& h) { h.target = "/mcp?x=1"; }, 0},
      {"PUT is 405", [](RequestHead& h) { h.method = "PUT"; }, 405},
      {"GET passes the generic rules",
       [](RequestHead& h) {
         h.method = "GET";
         h.content_type.reset();
       },
       0},
      {"DELETE passes the generic rules",
       [](RequestHead& h) {
         h.method = "DELETE";
         h.content_type.reset();
       },
       0},
      {"a POST without Content-Type is 415", [](RequestHead& h) { h.content_type.reset(); }, 415},
      {"a POST of text/plain is 415", [](RequestHead& h) { h.content_type = "text/plain"; }, 415},
      {"Content-Type parameters are allowed",
       [](RequestHead& h) { h.content_type = "Application/JSON; charset=utf-8"; }, 0},
      {"Accept text/html is 406", [](RequestHead& h) { h.accept = "text/html"; }, 406},
      {"Accept application/json alone passes", [](RequestHead& h) { h.accept = "application/json"; }, 0},
      {"Accept text/event-stream alone passes", [](RequestHead& h) { h.accept = "text/event-stream"; }, 0},
      {"Accept */* passes", [](RequestHead& h) { h.accept = "*/*"; }, 0},
      {"an absent Accept passes", [](RequestHead& h) { h.accept.reset(); }, 0},
      {"Accept with q=0 for both is 406",
       [](RequestHead& h) { h.accept = "application/json;q=0, text/event-stream; q=0.0"; }, 406},
      // Issue 16: a repeated Host or Origin, and transfer codings the server cannot undo.
      {"two Host headers are 400", [](RequestHead& h) { h.repeated_host = true; }, 400},
      {"two Origin headers are 403 (one would go unchecked)",
       [](RequestHead& h) {
         h.origin = "http://localhost";
         h.repeated_origin = true;
       },
       403},
      {"Transfer-Encoding chunked passes", [](RequestHead& h) { h.transfer_encoding = "chunked"; }, 0},
      {"Transfer-Encoding Chunked with spaces passes",
       [](RequestHead& h) { h.transfer_encoding = " Chunked , "; }, 0},
      {"Transfer-Encoding gzip, chunked is 501",
       [](RequestHead& h) { h.transfer_encoding = "gzip, chunked"; }, 501},
      {"Transfer-Encoding chunked, chunked is 501",
       [](RequestHead& h) { h.transfer_encoding = "chunked, chunked"; }, 501},
      {"Transfer-Encoding identity is 501", [](RequestHead& h) { h.transfer_encoding = "identity"; }, 501},
      {"an empty Transfer-Encoding is 501", [](RequestHead& h) { h.transfer_encoding = ""; }, 501},
      // Order: the first failing rule decides.
      {"a repeated Origin before the token, path and method",
       [](RequestHead& h) {
         h.repeated_origin = true;
         h.target = "/x";
       },
       403},
      {"bad method before transfer coding",
       [](RequestHead& h) {
         h.method = "PUT";
         h.transfer_encoding = "gzip";
       },
       405},
      {"transfer coding before content type",
       [](RequestHead& h) {
         h.transfer_encoding = "gzip";
         h.content_type.reset();
       },
       501},
      {"bad Host before bad Origin",
       [](RequestHead& h) {
         h.host = "evil.com";
         h.origin = "http://evil.com";
       },
       403},
      {"bad Origin before bad path",
       [](RequestHead& h) {
         h.origin = "http://evil.com";
         h.target = "/x";
       },
       403},
      {"bad path before bad method",
       [](RequestHead& h) {
         h.target = "/x";
         h.method = "PUT";
       },
       404},
      {"bad method before content type",
       [](RequestHead& h) {
         h.method = "PATCH";
         h.content_type.reset();
       },
       405},
      {"content type before accept",
       [](RequestHead& h) {
         h.content_type = "text/plain";
         h.accept = "text/html";
       },
       415},
  };
  for (const Row& row : rows) {
    SECTION(row.name) {
      RequestHead h = good_post();
      row.change(h);
      auto r = check_request(h, config);
      if (row.status == 0) {
        CHECK_FALSE(r.has_value());
      } else {
        REQUIRE(r.has_value());
        CHECK(r->status == row.status);
      }
    }
  }
}

TEST_CASE("the HTTP guard checks the bearer token when one is configured", "[http]") {
  GuardConfig config;
  config.bound_host = "127.0.0.1";
  config.auth_token = "s3cret";
  RequestHead h = good_post();

  SECTION("the right token passes; the scheme is case-insensitive") {
    h.authorization = "Bearer s3cret";
    CHECK_FALSE(check_request(h, config));
    h.authorization = "bearer s3cret";
    CHECK_FALSE(check_request(h, config));
  }
  SECTION("a missing token is 401 with WWW-Authenticate: Bearer") {
    auto r = check_request(h, config);
    REQUIRE(r);
    CHECK(r->status == 401);
    REQUIRE(r->headers.size() == 1);
    CHECK(r->headers[0].first == "WWW-Authenticate");
    CHECK(r->headers[0].second.rfind("Bearer", 0) == 0);
  }
  SECTION("a wrong token, a prefix of it, or another scheme is 401") {
    for (const char* value : {"Bearer wrong", "Bearer s3cre", "Bearer s3cret2", "Basic s3cret", "Bearer "}) {
      h.authorization = value;
      auto r = check_request(h, config);
      REQUIRE(r);
      CHECK(r->status == 401);
    }
  }
  SECTION("Host and Origin are checked before the token") {
    h.origin = "http://evil.com";
    CHECK(check_request(h, config)->status == 403);
  }
}

TEST_CASE("the HTTP guard's Host rule follows the bound address", "[http]") {
  RequestHead h = good_post();
  GuardConfig config;
  SECTION("bound to a named address: that name passes, others do not") {
    config.bound_host = "192.168.1.5";
    h.host = "192.168.1.5:8080";
    CHECK_FALSE(check_request(h, config));
    h.host = "localhost:8080";
    CHECK_FALSE(check_request(h, config));
    h.host = "192.168.1.6:8080";
    CHECK(check_request(h, config)->status == 403);
  }
  SECTION("bound to an IPv6 address: the bracketed form passes") {
    config.bound_host = "fd00::5";
    h.host = "[fd00::5]:80";
    CHECK_FALSE(check_request(h, config));
  }
  SECTION("bound to a wildcard address: any Host passes (the token protects)") {
    config.bound_host = "0.0.0.0";
    h.host = "my-machine.lan:8080";
    CHECK_FALSE(check_request(h, config));
  }
}

TEST_CASE("GET and DELETE need a known 2025 session", "[http]") {
  struct SessionRow {
    const char* name;
    SessionRequest request;
    int status;
  };
  const SessionRow rows[] = {
      {"GET on a known session with SSE accepted passes",
       {"GET", "abc", true, false, {}, "text/event-stream"},
       0},
      {"GET without a session is 400", {"GET", std::nullopt, false, false, {}, "text/event-stream"}, 400},
      {"GET without a session claiming 2026-07-28 is 405",
       {"GET", std::nullopt, false, false, "2026-07-28", "text/event-stream"},
       405},
      {"GET not accepting text/event-stream is 406",
       {"GET", "abc", true, false, {}, "application/json"},
       406},
      {"GET without Accept is 406", {"GET", "abc", true, false, {}, std::nullopt}, 406},
      {"GET on an unknown session is 404", {"GET", "abc", false, false, {}, "text/event-stream"}, 404},
      {"a second GET stream is 409", {"GET", "abc", true, true, {}, "text/event-stream"}, 409},
      {"DELETE on a known session passes", {"DELETE", "abc", true, false, {}, std::nullopt}, 0},
      {"DELETE without a session is 400", {"DELETE", std::nullopt, false, false, {}, std::nullopt}, 400},
      {"DELETE on an unknown session is 404", {"DELETE", "abc", false, false, {}, std::nullopt}, 404},
      {"DELETE while a GET stream is open passes", {"DELETE", "abc", true, true, {}, std::nullopt}, 0},
  };
  for (const SessionRow& row : rows) {
    SECTION(row.name) {
      auto r = check_session_request(row.request);
      if (row.status == 0) {
        CHECK_FALSE(r.has_value());
      } else {
        REQUIRE(r.has_value());
        CHECK(r->status == row.status);
      }
    }
  }
}

TEST_CASE("HTTP rule helpers", "[http]") {
  SECTION("host_name_of drops the port and keeps IPv6 brackets") {
    CHECK(host_name_of("LocalHost:80") == "localhost");
    CHECK(host_name_of("[::1]:80") == "[::1]");
    CHECK(host_name_of("127.0.0.1") == "127.0.0.1");
    CHECK_FALSE(host_name_of("::1"));
    CHECK_FALSE(host_name_of("host:abc"));
    CHECK_FALSE(host_name_of(""));
  }
  SECTION("is_loopback_name") {
    CHECK(is_loopback_name("localhost"));
    CHECK(is_loopback_name("127.1.2.3"));
    CHECK(is_loopback_name("::1"));
    CHECK(is_loopback_name("[::1]"));
    CHECK_FALSE(is_loopback_name("128.0.0.1"));
    CHECK_FALSE(is_loopback_name("0.0.0.0"));
    CHECK_FALSE(is_loopback_name("localhost.evil.com"));
  }
  SECTION("constant_time_equal") {
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "ab"));
    CHECK_FALSE(constant_time_equal("abc", ""));
    CHECK_FALSE(constant_time_equal("abc", "abcabc"));
  }
  SECTION("error bodies are JSON-RPC errors without an id") {
    auto body = nlohmann::json::parse(error_body(sciorex::protocol::ErrorCode::invalid_request, "nope"));
    CHECK(body ==
          nlohmann::json::parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"nope"}})"));
  }
}
