// Choosing the store has no side effects: reading commands create nothing, a missing workspace
// folder is an error naming it, explicit flags win over SCIOREX_DB, servers create .sciorex/ only
// inside an existing folder, and Claude Code's subfolder finds the project's store upwards.
#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "seed.hpp"

namespace sciorex::cli_test {

namespace fs = std::filesystem;

TEST_CASE("--db PATH list creates no .sciorex in the current folder", "[cli][workspace]") {
  TempDir cwd, data;
  const std::string db = (data.path() / "x.db").string();
  SECTION("a store that does not exist is an error, and nothing is created") {
    Run r = tickets({"--db", db, "list"}, {cwd.path()});
    CHECK(r.code == 1);
    CHECK(r.err.find("sciorex-tickets: error: No Sciorex store at " + db) != std::string::npos);
    CHECK_FALSE(fs::exists(db));
  }
  SECTION("an existing store is listed") {
    Seed(data.path() / "x.db").ticket("Kept elsewhere");
    Run r = tickets({"--db", db, "list"}, {cwd.path()});
    CHECK(r.code == 0);
    CHECK(r.out.find("Kept elsewhere") != std::string::npos);
    CHECK_FALSE(fs::exists(data.path() / ".sciorex"));
  }
  CHECK(fs::is_empty(cwd.path()));
}

TEST_CASE("a mistyped --workspace is an error naming the folder, never created", "[cli][workspace]") {
  TempDir dir;
  const std::string typo = (dir.path() / "porject").string();
  for (auto args :
       std::vector<std::vector<std::string>>{{"--workspace", typo, "list"}, {"--workspace", typo}}) {
    Run r = tickets(args, {dir.path()});
    CHECK(r.code == 2);
    CHECK(r.err.find("sciorex-tickets: error: The workspace folder " + typo + " does not exist") !=
          std::string::npos);
    CHECK(r.out.empty());
  }
  Run inbox = interactions({"inbox", "--workspace", typo}, {dir.path()});
  CHECK(inbox.code == 2);
  CHECK(inbox.err.find(typo) != std::string::npos);
  CHECK_FALSE(fs::exists(typo));
}

TEST_CASE("reading commands never create a store", "[cli][workspace]") {
  TempDir dir;
  for (auto args :
       std::vector<std::vector<std::string>>{{"list"}, {"show", "T-001"}, {"search", "x"}, {"epics"}}) {
    Run r = tickets(args, {dir.path()});
    CHECK(r.code == 1);
    CHECK(r.err.find("No Sciorex store") != std::string::npos);
  }
  CHECK(interactions({"inbox"}, {dir.path()}).code == 1);
  CHECK(interactions({"answer", "I-001", "--skip"}, {dir.path()}).code == 1);
  CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("explicit --workspace wins over SCIOREX_DB", "[cli][workspace]") {
  TempDir ws, other;
  Seed(ws.db()).ticket("In the workspace");
  Seed(other.path() / "env.db").ticket("In the environment's store");
  Run r = tickets({"list", "--workspace", ws.str()},
                  {other.path(), {{"SCIOREX_DB", (other.path() / "env.db").string()}}});
  CHECK(r.code == 0);
  CHECK(r.out.find("In the workspace") != std::string::npos);
  CHECK(r.out.find("environment") == std::string::npos);
  // Without the flag the environment still chooses.
  Run env = tickets({"list"}, {ws.path(), {{"SCIOREX_DB", (other.path() / "env.db").string()}}});
  CHECK(env.out.find("In the environment's store") != std::string::npos);
}

TEST_CASE("a server creates .sciorex inside an existing folder", "[cli][workspace]") {
  TempDir ws;
  Run r = tickets({"--workspace", ws.str()}, {ws.path()});  // stdin closed: serves nothing, exits
  CHECK(r.code == 0);
  CHECK(fs::exists(ws.db()));
  TempDir ws2;
  CHECK(interactions({"--workspace", ws2.str()}, {ws2.path()}).code == 0);
  CHECK(fs::exists(ws2.db()));
}

TEST_CASE("under Claude Code from a subfolder, the project's existing store is used", "[cli][workspace]") {
  TempDir project, elsewhere;
  Seed(project.db()).ticket("The project's ticket");
  const fs::path sub = project.path() / "src" / "ui";
  fs::create_directories(sub);
  const RunOptions in_sub{elsewhere.path(), {{"CLAUDE_PROJECT_DIR", sub.string()}}};
  Run r = tickets({"list"}, in_sub);
  CHECK(r.code == 0);
  CHECK(r.out.find("The project's ticket") != std::string::npos);
  CHECK(tickets({}, in_sub).code == 0);  // the server, too, opens the project's store
  CHECK_FALSE(fs::exists(sub / ".sciorex"));
}

}  // namespace sciorex::cli_test
