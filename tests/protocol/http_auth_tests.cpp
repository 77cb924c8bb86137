// Per-person bearer tokens over real HTTP (issue 13): once people exist, /mcp needs a person's token
// (or the shared one), a refusal is 401 naming the Protected Resource Metadata (RFC 9728), the
// document is served, and the person reaches the handler as RequestContext::principal().
#include "http_auth.hpp"
#include "http_test_support.hpp"

using namespace sciorex;
using namespace sciorex::test_http_server;

namespace {

// People as a store would hold them, changeable while the server runs.
struct AuthTestPeople {
  std::mutex mu;
  std::map<std::string, protocol::Principal> by_token;

  void add(const std::string& token, const std::string& name, bool read_only) {
    std::lock_guard lock(mu);
    by_token[token] = protocol::Principal{name, read_only};
  }
  void attach(transport::HttpOptions& o) {
    o.authenticate = [this](std::string_view token) -> std::optional<protocol::Principal> {
      std::lock_guard lock(mu);
      auto it = by_token.find(std::string(token));
      if (it == by_token.end()) return std::nullopt;
      return it->second;
    };
    o.people_required = [this] {
      std::lock_guard lock(mu);
      return !by_token.empty();
    };
  }
};

// A 2026 stateless tools/call of the fixture's `whoami` tool.
Reply auth_test_whoami(McpClient& client, Headers headers) {
  json meta = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
               {"io.modelcontextprotocol/clientCapabilities", json::object()}};
  headers.emplace_back("MCP-Protocol-Version", "2026-07-28");
  headers.emplace_back("Mcp-Method", "tools/call");
  headers.emplace_back("Mcp-Name", "whoami");
  return client.post(
      rpc(1, "tools/call", {{"name", "whoami"}, {"arguments", json::object()}, {"_meta", meta}}), headers);
}

void add_whoami(protocol::Server& server) {
  server.add_tool({json{{"name", "whoami"}, {"inputSchema", {{"type", "object"}}}}, true},
                  [](const json&, protocol::RequestContext& ctx) {
                    const protocol::Principal* p = ctx.principal();
                    return protocol::ToolResult::text(
                        p == nullptr ? "nobody" : p->name + (p->read_only ? " (read-only)" : ""));
                  });
}

std::string auth_test_text(const Reply& r) { return r.json_body()["result"]["content"][0]["text"]; }

}  // namespace

TEST_CASE("with people, /mcp needs a person's token and the handler sees the person", "[http][auth]") {
  Fixture f;
  add_whoami(f.server);
  AuthTestPeople people;
  auto o = test_options();
  people.attach(o);
  transport::HttpServer http(f.server, o);
  const std::uint16_t port = http.start();
  McpClient client(port);
  // The metadata's address is the one the client used: the test client's Host is "127.0.0.1".
  const std::string base = "http://127.0.0.1";
  CHECK(port != 0);

  // No people yet: loopback needs no token, as before, and the call is nobody's.
  Reply anonymous = auth_test_whoami(client, {});
  REQUIRE(anonymous.status == 200);
  CHECK(auth_test_text(anonymous) == "nobody");

  // A person added while the server runs counts at once.
  people.add("sxr_alice", "alice", false);
  people.add("sxr_bob", "bob", true);

  Reply missing = auth_test_whoami(client, {});
  CHECK(missing.status == 401);
  CHECK(missing.header("www-authenticate") ==
        "Bearer resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/mcp\"");
  CHECK(missing.json_body()["error"]["message"].get<std::string>().find("Bearer") != std::string::npos);

  Reply wrong = auth_test_whoami(client, {{"Authorization", "Bearer sxr_mallory"}});
  CHECK(wrong.status == 401);
  CHECK(wrong.header("www-authenticate") == "Bearer error=\"invalid_token\", resource_metadata=\"" + base +
                                                "/.well-known/oauth-protected-resource/mcp\"");

  Reply alice = auth_test_whoami(client, {{"Authorization", "Bearer sxr_alice"}});
  REQUIRE(alice.status == 200);
  CHECK(auth_test_text(alice) == "alice");
  Reply bob = auth_test_whoami(client, {{"Authorization", "bearer sxr_bob"}});
  REQUIRE(bob.status == 200);
  CHECK(auth_test_text(bob) == "bob (read-only)");

  SECTION("a 2025 session: every request is authenticated, initialize included") {
    CHECK(client.post(initialize_request()).status == 401);
    Reply init = client.post(initialize_request(), {{"Authorization", "Bearer sxr_alice"}});
    REQUIRE(init.status == 200);
    Headers session = {{"Mcp-Session-Id", init.header("mcp-session-id")},
                       {"MCP-Protocol-Version", "2025-11-25"}};
    CHECK(client.post(rpc(2, "tools/call", {{"name", "whoami"}}), session).status == 401);
    session.emplace_back("Authorization", "Bearer sxr_alice");
    Reply call = client.post(rpc(3, "tools/call", {{"name", "whoami"}}), session);
    REQUIRE(call.status == 200);
    CHECK(auth_test_text(call) == "alice");
  }
}

TEST_CASE("the shared --auth-token stays valid beside people, as no particular person", "[http][auth]") {
  Fixture f;
  add_whoami(f.server);
  AuthTestPeople people;
  people.add("sxr_alice", "alice", false);
  auto o = test_options();
  o.auth_token = "shared";
  people.attach(o);
  transport::HttpServer http(f.server, o);
  McpClient client(http.start());
  Reply shared = auth_test_whoami(client, {{"Authorization", "Bearer shared"}});
  REQUIRE(shared.status == 200);
  CHECK(auth_test_text(shared) == "nobody");
  CHECK(auth_test_text(auth_test_whoami(client, {{"Authorization", "Bearer sxr_alice"}})) == "alice");
  CHECK(auth_test_whoami(client, {}).status == 401);
}

TEST_CASE("the Protected Resource Metadata document is served at both well-known paths", "[http][auth]") {
  Fixture f;
  AuthTestPeople people;
  auto o = test_options();
  people.attach(o);
  o.authorization_server = "https://auth.example.com";
  o.resource_name = "sciorex-tickets";
  transport::HttpServer http(f.server, o);
  const std::uint16_t port = http.start();
  McpClient client(port);
  people.add("sxr_alice", "alice", false);  // the document needs no token
  for (const char* path :
       {"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"}) {
    Reply r = client.request(http::verb::get, "", {}, path);
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "application/json");
    const json doc = r.json_body();
    CHECK(doc["resource"] == "http://127.0.0.1/mcp");
    CHECK(client.request(http::verb::get, "", {{"Host", "127.0.0.1:" + std::to_string(port)}}, path)
              .json_body()["resource"] == "http://127.0.0.1:" + std::to_string(port) + "/mcp");
    CHECK(doc["authorization_servers"] == json::array({"https://auth.example.com"}));
    CHECK(doc["bearer_methods_supported"] == json::array({"header"}));
    CHECK(doc["resource_name"] == "sciorex-tickets");
  }
  CHECK(client.request(http::verb::post, "{}", {}, "/.well-known/oauth-protected-resource").status == 405);
}

TEST_CASE("off loopback, people's tokens stand in for the shared one and stay required", "[http][auth]") {
  Fixture f;
  AuthTestPeople people;
  auto o = test_options();
  o.host = "0.0.0.0";
  people.attach(o);
  {
    transport::HttpServer http(f.server, o);
    CHECK_THROWS_WITH(http.start(), Catch::Contains("non-loopback"));
  }
  people.add("sxr_alice", "alice", false);
  transport::HttpServer http(f.server, o);
  McpClient client(http.start());
  CHECK(client.post(initialize_request()).status == 401);
  {
    std::lock_guard lock(people.mu);
    people.by_token.clear();
  }
  CHECK(client.post(initialize_request()).status == 401);  // everyone removed: still no way in
}

TEST_CASE("check_bearer: the order of the token rules", "[http][auth]") {
  using transport::http_rules::check_bearer;
  transport::http_rules::RequestHead head;
  head.host = "example.com:8080";
  transport::http_rules::GuardConfig config;
  std::optional<protocol::Principal> who;
  CHECK_FALSE(check_bearer(head, config, &who));  // nothing configured: anyone
  bool people = false;
  config.people_required = [&people] { return people; };
  config.authenticate = [](std::string_view t) -> std::optional<protocol::Principal> {
    if (t == "good") return protocol::Principal{"alice", false};
    return std::nullopt;
  };
  head.authorization = "Bearer wrong";
  CHECK_FALSE(check_bearer(head, config, &who));  // no people, no shared token: a token is ignored
  CHECK_FALSE(who);
  people = true;
  auto r = check_bearer(head, config, &who);
  REQUIRE(r);
  CHECK(r->status == 401);
  CHECK(r->headers.at(0).second ==
        "Bearer error=\"invalid_token\", resource_metadata=\"http://example.com:8080/.well-known/"
        "oauth-protected-resource/mcp\"");
  head.authorization = "Bearer good";
  CHECK_FALSE(check_bearer(head, config, &who));
  REQUIRE(who);
  CHECK(who->name == "alice");
  head.host = "evil\"host";  // never echoed into the header
  head.authorization.reset();
  r = check_bearer(head, config, &who);
  REQUIRE(r);
  CHECK(r->headers.at(0).second == "Bearer");
}
