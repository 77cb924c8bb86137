// Options where people type them: global options after the subcommand, an unknown subcommand
// listing the valid ones, one error style, the exit codes (0 done, 1 failed, 2 usage), and
// commands that log at warn while servers keep info.
#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "seed.hpp"

namespace sciorex::cli_test {

TEST_CASE("global options work after the subcommand", "[cli][options]") {
  TempDir ws, cwd;
  const std::string id = Seed(ws.db()).ticket("Add avatar upload");
  Run shown = tickets({"show", id, "--workspace", ws.str()}, {cwd.path()});
  CHECK(shown.code == 0);
  CHECK(shown.out.find("# " + id + ": Add avatar upload") != std::string::npos);
  Run listed = tickets({"list", "--db", ws.db().string(), "--json"}, {cwd.path()});
  CHECK(listed.code == 0);
  Run inbox = interactions({"inbox", "--workspace", ws.str()}, {cwd.path()});
  CHECK(inbox.code == 0);
  CHECK(inbox.out == "Nothing waiting for an answer.\n");
}

TEST_CASE("an unknown subcommand lists the valid ones", "[cli][options]") {
  TempDir cwd;
  Run r = tickets({"lst"}, {cwd.path()});
  CHECK(r.code == 2);
  CHECK(
      r.err.rfind(
          "sciorex-tickets: error: unknown command 'lst'; the commands are: init, import, export, list, show",
          0) == 0);
  Run i = interactions({"inbx"}, {cwd.path()});
  CHECK(i.code == 2);
  CHECK(i.err.find("sciorex-interactions: error: unknown command 'inbx'; the commands are: inbox, answer") !=
        std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("one error style and the documented exit codes", "[cli][options]") {
  TempDir ws;
  Seed(ws.db()).ticket("One");
  const RunOptions at{ws.path()};
  Run bad_option = tickets({"list", "--colour"}, at);
  CHECK(bad_option.code == 2);
  CHECK(bad_option.err.rfind("sciorex-tickets: error: ", 0) == 0);
  Run bad_value = tickets({"list", "--status", "nowhere"}, at);
  CHECK(bad_value.code == 2);
  CHECK(bad_value.err.rfind("sciorex-tickets: error: ", 0) == 0);
  CHECK(bad_value.err.find("in_progress") != std::string::npos);  // the valid values are named
  Run unknown = tickets({"show", "T-404"}, at);
  CHECK(unknown.code == 1);
  CHECK(unknown.err.rfind("sciorex-tickets: error: No ticket or epic T-404", 0) == 0);
  Run no_answer = interactions({"answer", "I-404", "--skip"}, at);
  CHECK(no_answer.code == 1);
  CHECK(no_answer.err.rfind("sciorex-interactions: error: ", 0) == 0);
  CHECK(tickets({"--help"}, at).code == 0);
  Run help = tickets({"list", "--help"}, at);
  CHECK(help.out.find("--status") != std::string::npos);
  CHECK(help.out.find("--workspace") != std::string::npos);
}

TEST_CASE("an error quoting agent text shows its control characters visibly", "[cli][options]") {
  TempDir ws;
  Seed seed(ws.db());
  const std::string id = seed.ticket("Claimed");
  const storage::Actor evil = storage::Actor::agent("evil\x1b[2J\nagent");
  seed.tickets.change_status(id, storage::TicketStatus::Planned, evil, std::nullopt);
  seed.tickets.change_status(id, storage::TicketStatus::InProgress, evil, std::nullopt);
  Run r = tickets({"move", id, "in_progress"}, {ws.path()});
  CHECK(r.code == 1);
  CHECK(r.err.find("evil\\x1b[2J\\nagent") != std::string::npos);
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("commands log at warn by default, servers at info", "[cli][options]") {
  TempDir ws;
  Seed(ws.db()).ticket("One");
  const RunOptions at{ws.path()};
  CHECK(tickets({"list"}, at).err.empty());
  CHECK(interactions({"inbox"}, at).err.empty());
  CHECK(tickets({"list", "--log-level", "info"}, at).err.find("workspace") != std::string::npos);
  CHECK(tickets({}, at).err.find("serving MCP on stdio") != std::string::npos);
  CHECK(interactions({}, at).err.find("serving MCP on stdio") != std::string::npos);
}

}  // namespace sciorex::cli_test
