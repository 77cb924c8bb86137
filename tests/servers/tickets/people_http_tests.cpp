// People over real HTTP against the built executables (issue 13): `users add` on the store, then
// sciorex-tickets --http and sciorex-interactions --http require a person's token on /mcp (401 with
// the metadata's address otherwise), a write with alice's token is recorded on behalf of alice, and
// a read-only token is refused on writes. Each wait is bounded; nothing sleeps.
#include <signal.h>

#include <fstream>
#include <iterator>

#include "child_process.hpp"
#include "http_test_client.hpp"
#include "sciorex/storage/user_repository.hpp"
#include "tickets_test_support.hpp"
#include "wait_until.hpp"

namespace sciorex::tickets::test {

namespace {

// A server executable over HTTP on port 0 in `ws`; its port from the "listening on" line.
class PeopleHttpServer {
 public:
  PeopleHttpServer(const char* binary, const TempDir& ws, std::vector<std::string> extra = {})
      : child_([&] {
          testing::SpawnOptions o;
          o.argv = {binary,        "--http",           "--port",      "0",
                    "--workspace", ws.path().string(), "--log-level", "warn"};
          o.argv.insert(o.argv.end(), extra.begin(), extra.end());
          o.cwd = ws.path();
          o.unset = {"CLAUDE_PROJECT_DIR", "SCIOREX_DB", "SCIOREX_AUTH_TOKEN"};
          o.stderr_file =
              ws.path() / (std::string(binary).substr(std::string(binary).rfind('/') + 1) + ".log");
          log_ = o.stderr_file;
          return o;
        }()) {
    testing::poll_until(
        [&] {
          std::ifstream in(log_);
          err_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
          auto at = err_.find("listening on http://127.0.0.1:");
          if (at != std::string::npos) port_ = static_cast<std::uint16_t>(std::stoi(err_.substr(at + 30)));
          return port_ != 0 || !child_.running();
        },
        std::chrono::seconds(20), std::chrono::milliseconds(20));
    INFO(err_);
    REQUIRE(port_ != 0);
  }
  ~PeopleHttpServer() {
    child_.kill(SIGTERM);
    child_.finish(std::chrono::seconds(10));
  }
  std::uint16_t port() const { return port_; }

 private:
  std::filesystem::path log_;  // before child_: set while child_ is made
  testing::ChildProcess child_;
  std::string err_;
  std::uint16_t port_ = 0;
};

test_http::HttpReply people_http_post(std::uint16_t port, const json& message, const std::string& token) {
  test_http::HttpClient client(port);
  test_http::HttpHeaders headers = {{"MCP-Protocol-Version", "2026-07-28"},
                                    {"Mcp-Method", message["method"].get<std::string>()}};
  if (message["params"].contains("name"))
    headers.emplace_back("Mcp-Name", message["params"]["name"].get<std::string>());
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return client.request(boost::beast::http::verb::post, message.dump(), headers);
}

json people_http_call(const std::string& tool, const json& arguments) {
  json meta = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
               {"io.modelcontextprotocol/clientCapabilities", json::object()},
               {"io.modelcontextprotocol/clientInfo", {{"name", "claude-code"}, {"version", "1"}}}};
  return {{"jsonrpc", "2.0"},
          {"id", 1},
          {"method", "tools/call"},
          {"params", {{"name", tool}, {"arguments", arguments}, {"_meta", meta}}}};
}

}  // namespace

TEST_CASE("sciorex-tickets --http with people: 401 without a token, writes on behalf of the person",
          "[tickets][people][process]") {
  TempDir ws;
  std::string alice, reader;
  {
    Store store(ws.db());
    storage::UserRepository people(store.writer());
    alice = people.add("alice", false).token;
    reader = people.add("rita", true).token;
  }
  PeopleHttpServer server(SCIOREX_TICKETS_BIN, ws);
  // The metadata's address is the one the client used: the test client's Host is "127.0.0.1".
  const std::string base = "http://127.0.0.1";

  auto missing =
      people_http_post(server.port(), people_http_call("sciorex_list_tickets", json::object()), "");
  CHECK(missing.status == 401);
  CHECK(missing.header("www-authenticate") ==
        "Bearer resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/mcp\"");
  CHECK(
      people_http_post(server.port(), people_http_call("sciorex_list_tickets", json::object()), "sxr_nobody")
          .status == 401);

  test_http::HttpClient get(server.port());
  auto doc = get.request(boost::beast::http::verb::get, "", {}, "127.0.0.1",
                         "/.well-known/oauth-protected-resource");
  REQUIRE(doc.status == 200);
  CHECK(doc.json_body()["resource"] == base + "/mcp");

  auto created =
      people_http_post(server.port(), people_http_call("sciorex_create_ticket", {{"title", "Hers"}}), alice);
  REQUIRE(created.status == 200);
  INFO(created.body);
  const std::string id = created.json_body()["result"]["structuredContent"]["id"];

  // A person added while the server runs counts at once.
  std::string carol;
  {
    Store store(ws.db());
    carol = storage::UserRepository(store.writer()).add("carol", false).token;
  }
  CHECK(people_http_post(server.port(),
                         people_http_call("sciorex_add_comment", {{"ticketId", id}, {"comment", "c"}}), carol)
            .status == 200);

  auto refused = people_http_post(
      server.port(), people_http_call("sciorex_add_comment", {{"ticketId", id}, {"comment", "x"}}), reader);
  REQUIRE(refused.status == 200);
  CHECK(refused.json_body()["result"]["isError"] == true);
  auto read =
      people_http_post(server.port(), people_http_call("sciorex_get_ticket", {{"ticketId", id}}), reader);
  REQUIRE(read.status == 200);
  CHECK_FALSE(read.json_body()["result"].value("isError", false));

  Store store(ws.db());
  const storage::Ticket t = store.ticket_reads.get(id);
  CHECK(t.history.front().actor.type == storage::ActorType::Agent);
  CHECK(t.history.front().actor.id == "claude-code");
  CHECK(t.history.front().actor.on_behalf_of == "alice");
  REQUIRE(t.comments.size() == 1);
  CHECK(t.comments[0].author.on_behalf_of == "carol");
}

TEST_CASE("sciorex-interactions --http with people needs a token too; its toolsets filter tools/list",
          "[tickets][people][process]") {
  TempDir ws;
  std::string bob;
  {
    Store store(ws.db());
    bob = storage::UserRepository(store.writer()).add("bob", false).token;
  }
  PeopleHttpServer server(SCIOREX_INTERACTIONS_BIN, ws, {"--toolsets", "notifications"});
  json list = {{"jsonrpc", "2.0"},
               {"id", 1},
               {"method", "tools/list"},
               {"params",
                {{"_meta",
                  {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                   {"io.modelcontextprotocol/clientCapabilities", json::object()}}}}}};
  CHECK(people_http_post(server.port(), list, "").status == 401);
  auto listed = people_http_post(server.port(), list, bob);
  REQUIRE(listed.status == 200);
  const json tools = listed.json_body()["result"]["tools"];
  REQUIRE(tools.size() == 1);
  CHECK(tools[0]["name"] == "sciorex_notify_user");
}

}  // namespace sciorex::tickets::test
