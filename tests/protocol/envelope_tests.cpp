// JSON-RPC envelopes (envelope.hpp) and the shared "Session not found" error.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_guard.hpp"
#include "sciorex/protocol/envelope.hpp"

using namespace sciorex;
using nlohmann::json;

TEST_CASE("envelope: requests, notifications, results and errors", "[protocol][envelope]") {
  namespace envelope = protocol::envelope;
  CHECK(envelope::request("s-1", "sampling/createMessage", {{"a", 1}}) ==
        json::parse(R"({"jsonrpc":"2.0","id":"s-1","method":"sampling/createMessage","params":{"a":1}})"));
  CHECK(envelope::notification("notifications/tools/list_changed") ==
        json::parse(R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed"})"));
  CHECK(envelope::notification("notifications/progress", {{"progress", 1}}) ==
        json::parse(R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}})"));
  CHECK(envelope::result(7, json::object()) == json::parse(R"({"jsonrpc":"2.0","id":7,"result":{}})"));
  CHECK(envelope::error(nullptr, protocol::errors::invalid_cursor()) ==
        json::parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32602,"message":"Invalid cursor"}})"));
}

TEST_CASE("envelope: the HTTP transport's unknown session is the dispatcher's error, with 404",
          "[protocol][envelope]") {
  auto r = transport::http_rules::session_not_found();
  auto error = protocol::errors::session_not_found();
  CHECK(r.status == 404);
  CHECK(r.message == error.what());
  CHECK(static_cast<int>(r.code) == error.code());
}
