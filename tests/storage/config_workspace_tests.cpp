// StoreConfig reading and workspace resolution.
#include <catch2/catch.hpp>
#include <fstream>

#include "sciorex/storage/config.hpp"
#include "sciorex/storage/database_uri.hpp"
#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;
namespace fs = std::filesystem;

namespace {
void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}
auto none = [](const fs::path&) { return false; };
}  // namespace

TEST_CASE("without sciorex.yaml the config is T, E, start 1, padding 3", "[storage][config]") {
  TempDir dir;
  const StoreConfig c = load_config(dir.path());
  CHECK(c.ticket_prefix == "T");
  CHECK(c.epic_prefix == "E");
  CHECK(c.start_number == 1);
  CHECK(c.padding == 3);
  CHECK(format_id("T", 7, 3) == "T-007");
  CHECK(format_id("T", 1234, 3) == "T-1234");
}

TEST_CASE("sciorex.yaml sets prefixes, start number and padding", "[storage][config]") {
  TempDir dir;
  write(dir.path() / "sciorex.yaml",
        "tickets:\n  prefix: TIX\n  startNumber: 100\n  padding: 4\nepics:\n  prefix: EP\n");
  const StoreConfig c = load_config(dir.path());
  CHECK(c.ticket_prefix == "TIX");
  CHECK(c.start_number == 100);
  CHECK(c.padding == 4);
  CHECK(c.epic_prefix == "EP");
  CHECK(c.epic_padding == 4);
  Database db(":memory:", c);
  CHECK(TicketRepository(db).create(titled("x"), me()).id == "TIX-0100");
  CHECK(EpicRepository(db).create({.title = "x"}, me()).id == "EP-0100");
}

TEST_CASE("a bad prefix or number in sciorex.yaml is refused with file and line", "[storage][config]") {
  TempDir dir;
  SECTION("prefix longer than 5") {
    write(dir.path() / "sciorex.yaml", "tickets:\n  prefix: TOOLONG\n");
    CHECK(error_message([&] { load_config(dir.path()); }).find("1-5 characters") != std::string::npos);
  }
  SECTION("padding not a number") {
    write(dir.path() / "sciorex.yaml", "tickets:\n  padding: three\n");
    const auto msg = error_message([&] { load_config(dir.path()); });
    CHECK(msg.find("sciorex.yaml:2: tickets.padding") != std::string::npos);
  }
  SECTION("the same prefix for tickets and epics") {
    write(dir.path() / "sciorex.yaml", "tickets:\n  prefix: X\nepics:\n  prefix: X\n");
    CHECK(error_kind([&] { load_config(dir.path()); }) == ErrorKind::InvalidArgument);
  }
  CHECK(error_kind([&] { validate(StoreConfig{.ticket_prefix = ""}); }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { validate(StoreConfig{.ticket_prefix = "1A"}); }) == ErrorKind::InvalidArgument);
}

TEST_CASE("--workspace puts the store in DIR/.sciorex", "[storage][workspace]") {
  const Workspace ws = resolve_workspace(
      {.workspace_arg = "/home/u/proj", .env_claude_project_dir = "/other", .cwd = "/tmp"}, none);
  CHECK(ws.root == "/home/u/proj");
  CHECK(ws.sciorex_dir == "/home/u/proj/.sciorex");
  CHECK(ws.db_path == "/home/u/proj/.sciorex/sciorex.db");
  CHECK(resolve_workspace({.workspace_arg = "proj", .cwd = "/home/u"}, none).root == "/home/u/proj");
}

TEST_CASE("--db and SCIOREX_DB override the database path, --db first", "[storage][workspace]") {
  CHECK(resolve_workspace(
            {.workspace_arg = "/p", .db_arg = "/data/x.db", .env_sciorex_db = "/env.db", .cwd = "/"}, none)
            .db_path == "/data/x.db");
  CHECK(resolve_workspace({.env_sciorex_db = "/env/y.db", .cwd = "/home/u"}, none).db_path == "/env/y.db");
}

TEST_CASE(
    "a PostgreSQL connection string in --db or SCIOREX_DB is kept as it is; the workspace is found as "
    "without one",
    "[storage][workspace]") {
  const std::string uri = "postgresql://alice@db.example:5432/team?sslmode=verify-full";
  const Workspace ws = resolve_workspace({.db_arg = uri, .cwd = "/home/u/proj"}, none);
  CHECK(ws.db_path.string() == uri);
  CHECK(ws.root == "/home/u/proj");  // the current folder, not a folder named after the URI
  CHECK(ws.sciorex_dir == "/home/u/proj/.sciorex");
  const Workspace env = resolve_workspace(
      {.env_sciorex_db = "host=/run/postgresql dbname=team", .env_claude_project_dir = "/p", .cwd = "/"},
      none);
  CHECK(env.db_path.string() == "host=/run/postgresql dbname=team");
  CHECK(env.root == "/p");
  // a relative SQLite path stays a path
  CHECK(resolve_workspace({.db_arg = "data/x.db", .cwd = "/home/u"}, none).db_path == "/home/u/data/x.db");
}

TEST_CASE("display_store hides a connection string's password", "[storage][workspace]") {
  using sciorex::storage::display_store;
  CHECK(display_store("postgresql://alice:s3cret@db/team") == "postgresql://alice:***@db/team");
  CHECK(display_store("postgres://alice@db/team?password=s3cret&sslmode=require") ==
        "postgres://alice@db/team?password=***&sslmode=require");
  CHECK(display_store("host=/run/pg dbname=team password=s3cret user=alice") ==
        "host=/run/pg dbname=team password=*** user=alice");
  CHECK(display_store("postgresql://alice@db/team") == "postgresql://alice@db/team");
  CHECK(display_store("/home/u/password=x/.sciorex/sciorex.db") == "/home/u/password=x/.sciorex/sciorex.db");
}

TEST_CASE("explicit flags win over the environment: --workspace ignores SCIOREX_DB", "[storage][workspace]") {
  const Workspace ws =
      resolve_workspace({.workspace_arg = "/p", .env_sciorex_db = "/env/y.db", .cwd = "/"}, none);
  CHECK(ws.root == "/p");
  CHECK(ws.db_path == "/p/.sciorex/sciorex.db");
}

TEST_CASE("a database path without --workspace makes the db's folder the workspace, not cwd",
          "[storage][workspace]") {
  auto has = [](const fs::path& p) { return p == "/home/u"; };
  CHECK(resolve_workspace({.db_arg = "/data/x.db", .cwd = "/home/u/proj"}, has).root == "/data");
  CHECK(resolve_workspace({.db_arg = "/data/p/.sciorex/sciorex.db", .cwd = "/home/u"}, has).root ==
        "/data/p");
  CHECK(resolve_workspace({.env_sciorex_db = "/data/x.db", .env_claude_project_dir = "/c", .cwd = "/"}, has)
            .root == "/data");
}

TEST_CASE("CLAUDE_PROJECT_DIR in a subfolder finds the project's .sciorex upwards", "[storage][workspace]") {
  auto has = [](const fs::path& p) { return p == "/home/u/proj"; };
  CHECK(resolve_workspace({.env_claude_project_dir = "/home/u/proj/src/ui", .cwd = "/"}, has).root ==
        "/home/u/proj");
  CHECK(resolve_workspace({.env_claude_project_dir = "/home/u/other", .cwd = "/"}, has).root ==
        "/home/u/other");
}

TEST_CASE("preparing a workspace creates only .sciorex, inside a folder that exists",
          "[storage][workspace]") {
  TempDir dir;
  const auto missing = dir.path() / "typo";
  const Workspace ws = resolve_workspace({.workspace_arg = missing.string(), .cwd = "/"});
  const auto msg = error_message([&] { prepare_workspace(ws); });
  CHECK(msg.find(missing.string()) != std::string::npos);
  CHECK(msg.find("does not exist") != std::string::npos);
  CHECK_FALSE(fs::exists(missing));
  SECTION("a db elsewhere creates no .sciorex next to it") {
    const Workspace by_db = resolve_workspace({.db_arg = (dir.path() / "x.db").string(), .cwd = "/"});
    prepare_workspace(by_db);
    CHECK_FALSE(fs::exists(dir.path() / ".sciorex"));
    CHECK(error_kind([&] {
            prepare_workspace(resolve_workspace({.db_arg = (missing / "x.db").string(), .cwd = "/"}));
          }) == ErrorKind::NotFound);
  }
}

TEST_CASE("inspecting a workspace for reading creates nothing and names the missing store",
          "[storage][workspace]") {
  TempDir dir;
  const Workspace ws = resolve_workspace({.workspace_arg = dir.path().string(), .cwd = "/"});
  const auto msg = error_message([&] { inspect_workspace(ws); });
  CHECK(msg.find(ws.db_path.string()) != std::string::npos);
  CHECK_FALSE(fs::exists(ws.sciorex_dir));
  open_workspace(ws);
  CHECK_NOTHROW(inspect_workspace(ws));
}

TEST_CASE("without --workspace, CLAUDE_PROJECT_DIR, then the nearest .sciorex upwards, then cwd",
          "[storage][workspace]") {
  CHECK(resolve_workspace({.env_claude_project_dir = "/claude/proj", .cwd = "/tmp"}, none).root ==
        "/claude/proj");
  auto has = [](const fs::path& p) { return p == "/home/u/proj"; };
  CHECK(resolve_workspace({.cwd = "/home/u/proj/src/deep"}, has).root == "/home/u/proj");
  CHECK(resolve_workspace({.cwd = "/home/u/elsewhere"}, has).root == "/home/u/elsewhere");
}

TEST_CASE("the root folder is never a workspace", "[storage][workspace]") {
  const auto msg = error_message([] { resolve_workspace({.cwd = "/"}, none); });
  CHECK(msg.find("--workspace") != std::string::npos);
  CHECK(error_kind([] { resolve_workspace({.workspace_arg = "/", .cwd = "/tmp"}, none); }) ==
        ErrorKind::InvalidArgument);
  CHECK(error_kind([] { resolve_workspace({.env_claude_project_dir = "/", .cwd = "/tmp"}, none); }) ==
        ErrorKind::InvalidArgument);
  SECTION("unless a database path is given: the workspace is then the db's folder") {
    const Workspace ws = resolve_workspace({.db_arg = "/data/proj/.sciorex/sciorex.db", .cwd = "/"}, none);
    CHECK(ws.root == "/data/proj");
  }
}

TEST_CASE("preparing a workspace creates .sciorex and reads its config", "[storage][workspace]") {
  TempDir dir;
  const Workspace ws = resolve_workspace({.workspace_arg = dir.path().string(), .cwd = "/"});
  std::ofstream(dir.path() / "sciorex.yaml");  // not here: the config lives in .sciorex/
  auto db = open_workspace(ws);
  CHECK(fs::is_directory(dir.path() / ".sciorex"));
  CHECK(fs::exists(ws.db_path));
  write(ws.sciorex_dir / "sciorex.yaml", "tickets:\n  prefix: W\n");
  db = open_workspace(ws);
  CHECK(TicketRepository(*db).create(titled("x"), me()).id == "W-001");
  // Found again from a subfolder by walking upwards on the real filesystem.
  fs::create_directories(dir.path() / "src" / "x");
  CHECK(resolve_workspace({.cwd = dir.path() / "src" / "x"}).root == dir.path());
}
