// Helpers for the sciorex-tickets tests: a temporary workspace per test and an in-process server
// (the real registrations on a real store file) driven by the protocol tests' Client.
#pragma once

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <string>

#include "../../protocol/test_support.hpp"
#include "store.hpp"
#include "temp_dir.hpp"
#include "tickets.hpp"

namespace sciorex::tickets::test {

using nlohmann::json;

// A fresh workspace folder (with .sciorex/) under the system temp dir, removed at the end of the test.
class TempDir : public testing::TempDir {
 public:
  TempDir() : testing::TempDir("tickets", true) {}
  std::string db() const { return workspace_db(); }
};

// The capabilities of a client that shows MCP Apps views (issue 15).
inline json apps_client_capabilities() {
  return {{"roots", json::object()},
          {"extensions", {{"io.modelcontextprotocol/ui", {{"mimeTypes", {"text/html;profile=mcp-app"}}}}}}};
}

// The whole server in process, one initialized 2025 client named "test-client" (declaring
// `capabilities`: roots by default; apps_client_capabilities() for a host with MCP Apps).
class TicketServer {
 public:
  explicit TicketServer(protocol::ServerOptions options = {}, json capabilities = {{"roots", json::object()}})
      : store(dir.db()), server(server_info(), std::move(options)), client(server) {
    register_all(server, store);
    client.initialize(std::move(capabilities));
  }

  // The tools/call result object ({content, structuredContent?, isError?}).
  json call(const std::string& tool, json arguments = json::object()) {
    json r = client.request("tools/call", {{"name", tool}, {"arguments", std::move(arguments)}}, ++next_id_);
    INFO(r.dump());
    REQUIRE(r.contains("result"));
    return r["result"];
  }
  // structuredContent of a call that must succeed.
  json ok(const std::string& tool, json arguments = json::object()) {
    json r = call(tool, std::move(arguments));
    INFO(r.dump());
    REQUIRE_FALSE(r.value("isError", false));
    REQUIRE(r.contains("structuredContent"));
    return r["structuredContent"];
  }
  // The message of a call that must fail as a tool error.
  std::string error(const std::string& tool, json arguments = json::object()) {
    json r = call(tool, std::move(arguments));
    INFO(r.dump());
    REQUIRE(r.value("isError", false));
    return r["content"][0]["text"].get<std::string>();
  }
  std::string text(const json& result) { return result["content"][0]["text"].get<std::string>(); }
  json rpc(const std::string& method, json params = json::object()) {
    return client.request(method, std::move(params), ++next_id_);
  }
  std::string create(const std::string& title, json extra = json::object()) {
    extra["title"] = title;
    return ok("sciorex_create_ticket", extra)["id"];
  }
  std::string create_planned(const std::string& title, json extra = json::object()) {
    std::string id = create(title, std::move(extra));
    ok("sciorex_change_status", {{"ticketId", id}, {"status", "planned"}});
    return id;
  }

  TempDir dir;
  Store store;
  protocol::Server server;
  sciorex::test::Client client;

 private:
  int next_id_ = 100;
};

}  // namespace sciorex::tickets::test
