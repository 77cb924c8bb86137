// `sciorex-tickets users add|list|remove` (issue 13): a token printed once and only its hash
// stored; the list never shows tokens; clear errors with the documented exit codes. And the
// servers' --toolsets: an unknown name is a usage error at start-up.
#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "child_process.hpp"
#include "cli_run.hpp"
#include "sciorex/storage/user_repository.hpp"
#include "seed.hpp"
#include "wait_until.hpp"

namespace sciorex::cli_test {

using nlohmann::json;

namespace {
// The token of `users add`'s text: the indented line after the first blank line.
std::string users_test_token(const std::string& out) {
  const auto at = out.find("\n\n  sxr_");
  if (at == std::string::npos) return "";
  return out.substr(at + 4, out.find('\n', at + 4) - (at + 4));
}
}  // namespace

TEST_CASE("users add prints a token once, list shows people without tokens, remove revokes", "[cli][users]") {
  TempDir ws;
  const RunOptions in_ws{ws.path()};
  Run added = tickets({"users", "add", "alice"}, in_ws);
  REQUIRE(added.code == 0);
  const std::string token = users_test_token(added.out);
  REQUIRE(token.size() == 47);
  CHECK(added.out.find("Authorization: Bearer " + token) != std::string::npos);
  CHECK(added.out.find("shown only this once") != std::string::npos);
  CHECK(added.err.empty());

  Run ro = tickets({"users", "add", "rita", "--read-only", "--json"}, in_ws);
  REQUIRE(ro.code == 0);
  const json j = json::parse(ro.out);
  CHECK(j["name"] == "rita");
  CHECK(j["readOnly"] == true);
  CHECK(j["token"].get<std::string>().rfind("sxr_", 0) == 0);

  {  // only the hash is in the file
    SQLite::Database raw(ws.db().string());
    SQLite::Statement st(raw, "SELECT count(*) FROM users WHERE token_hash = ? OR name = ?");
    st.bind(1, token);
    st.bind(2, token);
    REQUIRE(st.executeStep());
    CHECK(st.getColumn(0).getInt() == 0);
    Seed seed(ws.db());
    auto who = storage::UserRepository(seed.database).authenticate(token);
    REQUIRE(who);
    CHECK(who->name == "alice");
  }

  Run list = tickets({"users", "list"}, in_ws);
  REQUIRE(list.code == 0);
  CHECK(list.out.find("alice  read-write") != std::string::npos);
  CHECK(list.out.find("rita  read-only") != std::string::npos);
  CHECK(list.out.find("sxr_") == std::string::npos);
  Run list_json = tickets({"users", "list", "--json"}, in_ws);
  REQUIRE(list_json.code == 0);
  CHECK(json::parse(list_json.out)["count"] == 2);
  CHECK(list_json.out.find("sxr_") == std::string::npos);

  SECTION("errors: a taken name, a bad name, an unknown name, no subcommand") {
    Run again = tickets({"users", "add", "alice"}, in_ws);
    CHECK(again.code == 1);
    CHECK(again.err.rfind("sciorex-tickets: error: A person named 'alice' already exists", 0) == 0);
    Run bad = tickets({"users", "add", "al ice"}, in_ws);
    CHECK(bad.code == 2);
    CHECK(bad.err.find("Invalid name") != std::string::npos);
    Run unknown = tickets({"users", "remove", "zoe"}, in_ws);
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("No person named 'zoe'") != std::string::npos);
    CHECK(tickets({"users"}, in_ws).code == 2);
    CHECK(tickets({"users", "list"}, in_ws).out.find("alice") != std::string::npos);  // unchanged
  }
  SECTION("remove: the token stops working") {
    Run removed = tickets({"users", "remove", "alice"}, in_ws);
    CHECK(removed.code == 0);
    CHECK(removed.out.find("Removed alice") != std::string::npos);
    Seed seed(ws.db());
    CHECK_FALSE(storage::UserRepository(seed.database).authenticate(token));
    CHECK(tickets({"users", "list"}, in_ws).out.find("alice") == std::string::npos);
  }
}

TEST_CASE("users list on a store without people says how to add one", "[cli][users]") {
  TempDir ws;
  Seed seed(ws.db());
  Run list = tickets({"users", "list"}, {ws.path()});
  CHECK(list.code == 0);
  CHECK(list.out.find("No people") != std::string::npos);
  CHECK(list.out.find("users add NAME") != std::string::npos);
}

TEST_CASE("an unknown toolset is a usage error naming the toolsets", "[cli][toolsets]") {
  TempDir ws;
  Run t = tickets({"--toolsets", "tickets,wishes"}, {ws.path()});
  CHECK(t.code == 2);
  CHECK(t.err.find("unknown toolset 'wishes'") != std::string::npos);
  CHECK(t.err.find("tickets, epics, subtasks, work, flows") != std::string::npos);
  Run i = interactions({"--toolsets", "tickets"}, {ws.path()});
  CHECK(i.code == 2);
  CHECK(i.err.find("questions, notifications") != std::string::npos);
  Run help = tickets({"--help"}, {ws.path()});
  CHECK(help.out.find("--toolsets") != std::string::npos);
  CHECK(help.out.find("--read-only") != std::string::npos);
  CHECK(help.out.find("--authorization-server") != std::string::npos);
}

TEST_CASE("the board listens off loopback without --auth-token only once the store has people",
          "[cli][users][board]") {
  TempDir ws;
  const RunOptions in_ws{ws.path()};
  REQUIRE(tickets({"init"}, in_ws).code == 0);
  Run refused = tickets({"board", "--host", "0.0.0.0", "--port", "0"}, in_ws);
  CHECK(refused.code == 2);
  CHECK(refused.err.find("refusing to bind a non-loopback address without --auth-token or people") !=
        std::string::npos);

  REQUIRE(tickets({"users", "add", "alice"}, in_ws).code == 0);
  const auto log = ws.path() / "board.log";
  testing::SpawnOptions o;
  o.argv = {SCIOREX_TICKETS_BIN, "board", "--host", "0.0.0.0", "--port", "0"};
  o.cwd = ws.path();
  o.unset = {"CLAUDE_PROJECT_DIR", "SCIOREX_DB", "SCIOREX_AUTH_TOKEN"};
  o.stderr_file = log;
  testing::ChildProcess board(o);
  auto log_text = [&] {
    std::ifstream in(log);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  // It serves (the one line it prints once listening), or says why not.
  REQUIRE(testing::poll_until(
      [&] {
        const auto t = log_text();
        return t.find("board at ") != std::string::npos || t.find("cannot serve") != std::string::npos;
      },
      std::chrono::seconds(20)));
  CHECK(log_text().find("board at http://0.0.0.0:") != std::string::npos);
}

}  // namespace sciorex::cli_test
