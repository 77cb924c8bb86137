// The dispatcher: message classification, both eras' lifecycles and envelopes, errors.
#include <catch2/catch.hpp>
#include <set>

#include "../conformance_server/fixture.hpp"
#include "http_guard.hpp"
#include "sciorex/protocol/channel.hpp"
#include "test_support.hpp"

using namespace sciorex;
using test::Client;
using test::json;
using test::modern_meta;

namespace {

std::unique_ptr<protocol::Server> fixture_server(protocol::ServerOptions options = {}) {
  auto s = std::make_unique<protocol::Server>(protocol::ServerInfo{"test-server", "9.9.9", "", "", "Be kind"},
                                              options);
  fixture::register_tools(*s);
  fixture::register_input_required_tools(*s);
  fixture::register_resources_and_prompts(*s);
  return s;
}

int error_code(const json& response) { return response.at("error").at("code").get<int>(); }

}  // namespace

TEST_CASE("a line that is not JSON gets -32700 with a null id", "[protocol][dispatcher]") {
  auto server = fixture_server();
  Client c(*server);
  auto sink = c.post_text("{not json");
  auto msgs = sink->wait_for(1);
  REQUIRE(msgs.size() == 1);
  CHECK(error_code(msgs[0]) == -32700);
  CHECK(msgs[0]["id"].is_null());
  CHECK(sink->dispositions()[0].envelope_error);
}

TEST_CASE("malformed JSON-RPC shapes get -32600 and keep the request id when it is readable",
          "[protocol][dispatcher]") {
  auto server = fixture_server();
  Client c(*server);
  SECTION("a batch") {
    auto m = c.post_text(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])")->wait_for(1);
    CHECK(error_code(m[0]) == -32600);
  }
  SECTION("no jsonrpc member") {
    auto m = c.post(json{{"id", 7}, {"method", "ping"}})->wait_for(1);
    CHECK(error_code(m[0]) == -32600);
    CHECK(m[0]["id"] == 7);
  }
  SECTION("a non-string method") {
    auto m = c.post(json{{"jsonrpc", "2.0"}, {"id", "a"}, {"method", 5}})->wait_for(1);
    CHECK(error_code(m[0]) == -32600);
    CHECK(m[0]["id"] == "a");
  }
  SECTION("params that are not an object") {
    auto m = c.post(json{{"jsonrpc", "2.0"}, {"id", 3}, {"method", "ping"}, {"params", {1, 2}}})->wait_for(1);
    CHECK(error_code(m[0]) == -32600);
  }
  SECTION("ids of the wrong type: null, float, bool, object") {
    for (json id : {json(nullptr), json(1.5), json(true), json::object()}) {
      auto m = c.post(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "ping"}})->wait_for(1);
      CHECK(error_code(m[0]) == -32600);
      CHECK(m[0]["id"].is_null());
    }
  }
  SECTION("a scalar") {
    auto m = c.post_text("42")->wait_for(1);
    CHECK(error_code(m[0]) == -32600);
  }
}

TEST_CASE("2025: requests before initialize are refused, ping is allowed", "[protocol][dispatcher][legacy]") {
  auto server = fixture_server();
  Client c(*server);
  CHECK(error_code(c.request("tools/list")) == -32600);
  CHECK(c.request("ping")["result"] == json::object());
}

TEST_CASE("2025: initialize echoes a supported version and offers the latest otherwise",
          "[protocol][dispatcher][legacy]") {
  auto server = fixture_server();
  SECTION("supported") {
    Client c(*server);
    auto r = c.initialize({}, "2025-06-18");
    CHECK(r["result"]["protocolVersion"] == "2025-06-18");
    CHECK(r["result"]["serverInfo"]["name"] == "test-server");
    CHECK(r["result"]["instructions"] == "Be kind");
    CHECK(r["result"]["capabilities"]["tools"]["listChanged"] == true);
    CHECK_FALSE(r["result"].contains("resultType"));
  }
  SECTION("unknown") {
    Client c(*server);
    CHECK(c.initialize({}, "1999-01-01")["result"]["protocolVersion"] == "2025-11-25");
  }
  SECTION("twice") {
    Client c(*server);
    c.initialize();
    CHECK(error_code(c.request("initialize", {{"protocolVersion", "2025-11-25"},
                                              {"capabilities", json::object()}})) == -32600);
  }
}

TEST_CASE("server/discover is 2026 only: a 2025 claim is refused -32601, before and after initialize",
          "[protocol][dispatcher][legacy]") {
  auto server = fixture_server();
  Client c(*server);
  json legacy_claim = {{"_meta", {{"io.modelcontextprotocol/protocolVersion", "2025-11-25"}}}};
  CHECK(error_code(c.request("server/discover", legacy_claim)) == -32601);  // not -32600 (not initialized)
  c.initialize();
  CHECK(error_code(c.request("server/discover", legacy_claim)) == -32601);
  // Without a claim it is taken as a malformed 2026 request (its _meta is missing).
  CHECK(error_code(c.request("server/discover")) == -32602);
}

TEST_CASE("2025: an unknown method is -32601 and an unknown tool is -32602",
          "[protocol][dispatcher][legacy]") {
  auto server = fixture_server();
  Client c(*server);
  c.initialize();
  CHECK(error_code(c.request("no/such/method")) == -32601);
  CHECK(error_code(c.request("subscriptions/listen")) == -32601);
  CHECK(error_code(c.request("tools/call", {{"name", "nope"}})) == -32602);
}

TEST_CASE("notifications and responses get no reply", "[protocol][dispatcher]") {
  auto server = fixture_server();
  Client c(*server);
  auto sink = c.post({{"jsonrpc", "2.0"}, {"method", "notifications/whatever"}});
  CHECK(sink->wait_finished(1) == 1);
  CHECK(sink->messages().empty());
  CHECK(sink->dispositions()[0].accepted_without_reply);
  auto r = c.post({{"jsonrpc", "2.0"}, {"id", "nobody-asked"}, {"result", json::object()}});
  CHECK(r->messages().empty());
  CHECK(r->dispositions()[0].accepted_without_reply);
}

TEST_CASE("2025: a tool error is a result with isError, not a protocol error", "[protocol][dispatcher]") {
  auto server = fixture_server();
  Client c(*server);
  c.initialize();
  auto r = c.request("tools/call", {{"name", "test_error_handling"}});
  CHECK(r["result"]["isError"] == true);
  CHECK(r["result"]["content"][0]["type"] == "text");
  auto bad = c.request("tools/call", {{"name", "test_sampling"}, {"arguments", {{"prompt", 5}}}});
  CHECK(bad["result"]["isError"] == true);
  CHECK(bad["result"]["content"][0]["text"].get<std::string>().find("prompt") != std::string::npos);
}

TEST_CASE("2026: the validation ladder answers each malformed request with its error",
          "[protocol][dispatcher][modern]") {
  auto server = fixture_server();
  Client c(*server);
  protocol::HttpHeaders h;
  h.protocol_version = "2026-07-28";
  auto send = [&](const json& params, const std::string& method = "server/discover") {
    h.mcp_method = method;
    auto sink = c.post({{"jsonrpc", "2.0"}, {"id", 9}, {"method", method}, {"params", params}}, &h);
    sink->wait_finished(1);
    return std::make_pair(sink->messages().back(),
                          transport::http_rules::http_status_for(sink->dispositions()[0]));
  };
  SECTION("no _meta at all: -32602, HTTP 400") {
    auto [m, status] = send(json::object());
    CHECK(error_code(m) == -32602);
    CHECK(m["id"] == 9);
    CHECK(status == 400);
  }
  SECTION("a body version that differs from the header: -32020 before the version check") {
    json meta = modern_meta();
    meta["io.modelcontextprotocol/protocolVersion"] = "v999.0.0";
    auto [m, status] = send({{"_meta", meta}});
    CHECK(error_code(m) == -32020);
    CHECK(status == 400);
  }
  SECTION("an unsupported version: -32022 with supported and requested") {
    json meta = modern_meta();
    meta["io.modelcontextprotocol/protocolVersion"] = "v999.0.0";
    h.protocol_version = "v999.0.0";
    auto [m, status] = send({{"_meta", meta}});
    CHECK(error_code(m) == -32022);
    CHECK(m["error"]["data"]["requested"] == "v999.0.0");
    CHECK(m["error"]["data"]["supported"] == json::array({"2026-07-28"}));
    CHECK(status == 400);
  }
  SECTION("missing clientCapabilities: -32602") {
    json meta = modern_meta();
    meta.erase("io.modelcontextprotocol/clientCapabilities");
    CHECK(error_code(send({{"_meta", meta}}).first) == -32602);
  }
  SECTION("clientInfo is optional") {
    json meta = modern_meta();
    meta.erase("io.modelcontextprotocol/clientInfo");
    CHECK(send({{"_meta", meta}}).first.contains("result"));
  }
  SECTION("an invalid log level: -32602") {
    json meta = modern_meta();
    meta["io.modelcontextprotocol/logLevel"] = "loud";
    CHECK(error_code(send({{"_meta", meta}}).first) == -32602);
  }
  SECTION("methods removed in 2026 are -32601 with HTTP 404, initialize included") {
    for (const char* m : {"initialize", "ping", "logging/setLevel", "resources/subscribe", "no/such"}) {
      auto [resp, status] = send({{"_meta", modern_meta()}}, m);
      CHECK(error_code(resp) == -32601);
      CHECK(status == 404);
    }
  }
  SECTION("an Mcp-Method header that differs from the body: -32020") {
    h.mcp_method = "tools/list";
    auto sink = c.post({{"jsonrpc", "2.0"},
                        {"id", 9},
                        {"method", "server/discover"},
                        {"params", {{"_meta", modern_meta()}}}},
                       &h);
    sink->wait_finished(1);
    CHECK(error_code(sink->messages().back()) == -32020);
  }
  SECTION("a missing or wrong Mcp-Name on tools/call: -32020") {
    h.mcp_method = "tools/call";
    json req = {{"jsonrpc", "2.0"},
                {"id", 9},
                {"method", "tools/call"},
                {"params", {{"name", "test_simple_text"}, {"_meta", modern_meta()}}}};
    auto missing = c.post(req, &h);
    missing->wait_finished(1);
    CHECK(error_code(missing->messages().back()) == -32020);
    h.mcp_name = "test_simple_text";
    auto ok = c.post(req, &h);
    ok->wait_finished(1);
    CHECK(ok->messages().back()["result"]["resultType"] == "complete");
  }
}

TEST_CASE("2026: every result carries resultType and serverInfo; lists and reads carry caching hints",
          "[protocol][dispatcher][modern]") {
  auto server = fixture_server();
  Client c(*server);
  json p = {{"_meta", modern_meta()}};
  auto discover = c.request("server/discover", p)["result"];
  CHECK(discover["resultType"] == "complete");
  CHECK(discover["supportedVersions"][0] == "2026-07-28");
  CHECK(discover["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "test-server");
  for (const char* m :
       {"server/discover", "tools/list", "prompts/list", "resources/list", "resources/templates/list"}) {
    auto r = c.request(m, p)["result"];
    INFO(m);
    CHECK(r["ttlMs"].is_number_integer());
    CHECK(r["ttlMs"].get<long long>() >= 0);
    CHECK((r["cacheScope"] == "public" || r["cacheScope"] == "private"));
  }
  json read = p;
  read["uri"] = "test://static-text";
  auto r = c.request("resources/read", read)["result"];
  CHECK(r["cacheScope"] == "private");
  CHECK(r["contents"][0]["text"] == "This is the content of the static text resource.");
  auto complete = c.request("completion/complete",
                            {{"_meta", modern_meta()},
                             {"ref", {{"type", "ref/prompt"}, {"name", "test_prompt_with_arguments"}}},
                             {"argument", {{"name", "arg1"}, {"value", "par"}}}})["result"];
  CHECK(complete["resultType"] == "complete");
  CHECK(complete["completion"]["values"] == json::array({"paris", "park", "party"}));
}

TEST_CASE("an unknown resource is -32002 in 2025 and -32602 in 2026, with data.uri",
          "[protocol][dispatcher]") {
  auto server = fixture_server();
  Client legacy(*server);
  legacy.initialize();
  auto l = legacy.request("resources/read", {{"uri", "test://missing"}});
  CHECK(error_code(l) == -32002);
  CHECK(l["error"]["data"]["uri"] == "test://missing");
  Client modern(*server);
  auto m = modern.request("resources/read", {{"uri", "test://missing"}, {"_meta", modern_meta()}});
  CHECK(error_code(m) == -32602);
  CHECK(m["error"]["data"]["uri"] == "test://missing");
}

TEST_CASE("a resource template matches its variables", "[protocol][dispatcher]") {
  auto server = fixture_server();
  Client c(*server);
  c.initialize();
  auto r = c.request("resources/read", {{"uri", "test://template/123/data"}});
  CHECK(json::parse(r["result"]["contents"][0]["text"].get<std::string>())["id"] == "123");
  CHECK(error_code(c.request("resources/read", {{"uri", "test://template//data"}})) == -32002);
  CHECK(protocol::match_uri_template("a://{x}/b", "a://1/2/b") == std::nullopt);
}

TEST_CASE("prompts/get checks required arguments", "[protocol][dispatcher]") {
  auto server = fixture_server();
  Client c(*server);
  c.initialize();
  CHECK(error_code(c.request("prompts/get", {{"name", "test_prompt_with_arguments"},
                                             {"arguments", {{"arg1", "a"}}}})) == -32602);
  auto ok = c.request(
      "prompts/get", {{"name", "test_prompt_with_arguments"}, {"arguments", {{"arg1", "a"}, {"arg2", "b"}}}});
  CHECK(ok["result"]["messages"][0]["content"]["text"] == "Prompt with arguments: arg1='a', arg2='b'");
  CHECK(error_code(c.request("prompts/get", {{"name", "nope"}})) == -32602);
}

TEST_CASE("lists are paginated with opaque cursors; a bad cursor is -32602", "[protocol][dispatcher]") {
  protocol::ServerOptions o;
  o.page_size = 4;
  auto server = fixture_server(o);
  Client c(*server);
  c.initialize();
  std::vector<std::string> names;
  json params = json::object();
  for (int pages = 0; pages < 20; ++pages) {
    auto r = c.request("tools/list", params)["result"];
    for (auto& t : r["tools"]) names.push_back(t["name"]);
    if (!r.contains("nextCursor")) break;
    params["cursor"] = r["nextCursor"];
  }
  CHECK(names.size() > 8);
  CHECK(names.front() == "test_simple_text");
  CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
  CHECK(error_code(c.request("tools/list", {{"cursor", "garbage!"}})) == -32602);
  CHECK(error_code(c.request("tools/list", {{"cursor", 5}})) == -32602);
}

TEST_CASE("2025 over HTTP: a request without a session id other than initialize is refused with 400",
          "[protocol][dispatcher][legacy]") {
  auto server = fixture_server();
  Client c(*server);
  protocol::HttpHeaders h;  // no Mcp-Session-Id
  auto sink = c.post({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "ping"}}, &h);
  sink->wait_finished(1);
  CHECK(error_code(sink->messages().back()) == -32600);
  CHECK(transport::http_rules::http_status_for(sink->dispositions()[0]) == 400);
  // ping stays allowed before initialize where there are no sessions (stdio)
  CHECK(c.request("ping")["result"] == json::object());
}

TEST_CASE("a message nested deeper than 128 levels gets -32700 instead of overflowing the stack",
          "[protocol][dispatcher]") {
  // Before the bound, 200,000 nested arrays in a tool's arguments or a notification's params
  // crashed the process with SIGSEGV when the dispatcher copied them (issue 5, hostile input).
  auto server = fixture_server();
  Client c(*server);
  c.initialize();
  auto nested = [](std::size_t n) { return std::string(n, '[') + std::string(n, ']'); };
  SECTION("200,000 levels in a tool's arguments, a notification's params and a bare array") {
    for (std::string text :
         {R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"a":)" +
              nested(200'000) + "}}}",
          R"({"jsonrpc":"2.0","method":"notifications/x","params":{"a":)" + nested(200'000) + "}}",
          nested(200'000)}) {
      auto m = c.post_text(text)->wait_for(1);
      REQUIRE(m.size() == 1);
      CHECK(error_code(m[0]) == -32700);
      CHECK(m[0]["id"].is_null());
      CHECK(m[0]["error"]["message"].get<std::string>().find("deeper than 128 levels") != std::string::npos);
    }
    CHECK(c.request("ping", json::object(), 2).contains("result"));
  }
  SECTION("128 levels in all are served; 129 are refused; brackets inside strings do not count") {
    // The message object is level 1 and params level 2: 126 arrays inside reach 128.
    auto ping_with = [&](std::size_t arrays) {
      return c
          .post_text(R"({"jsonrpc":"2.0","id":3,"method":"ping","params":{"a":)" + nested(arrays) +
                     R"(,"s":")" + std::string(1000, '[') + R"("}})")
          ->wait_for(1)
          .at(0);
    };
    CHECK(ping_with(126).contains("result"));
    CHECK(error_code(ping_with(127)) == -32700);
  }
}

TEST_CASE("a notification's era comes from its _meta, which stays readable while it is classified",
          "[protocol][dispatcher]") {
  // The era was read through a reference into a temporary copy of params, already freed (found
  // by the AddressSanitizer build, issue 5): a 2026 notification on an ended 2025 session could
  // be taken for a 2025 one and refused.
  auto server = fixture_server();
  Client c(*server);
  c.peer()->mark_unknown_session();
  auto modern = c.post({{"jsonrpc", "2.0"},
                        {"method", "notifications/cancelled"},
                        {"params", {{"requestId", 8}, {"_meta", modern_meta()}}}});
  REQUIRE(modern->wait_finished(1) == 1);
  CHECK(modern->messages().empty());
  CHECK(modern->dispositions()[0].era == protocol::Era::modern);
  CHECK(modern->dispositions()[0].accepted_without_reply);
  auto legacy =
      c.post({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 8}}}});
  REQUIRE(legacy->wait_finished(1) == 1);
  CHECK(legacy->dispositions()[0].unknown_session);
}
