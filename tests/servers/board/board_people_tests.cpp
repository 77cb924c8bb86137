// People on the board (issue 13): once the store has people, the board needs a person's token (or
// the shared one) like /mcp; a person's writes are recorded as theirs; a read-only person reads
// everything and is refused every write with 403, the store untouched.
#include "board_fixture.hpp"
#include "sciorex/storage/user_repository.hpp"

namespace sciorex::board_test {

TEST_CASE("with people, the board takes a person's token and records their writes as theirs",
          "[board][security][people]") {
  BoardFixture f;
  CHECK(f.get("/api/board").status == 200);  // no people yet: loopback is open, as before
  storage::UserRepository people(f.other);
  const std::string carol = people.add("carol", false).token;
  const std::string rita = people.add("rita", true).token;

  CHECK(f.get("/api/board").status == 401);  // added while the board runs
  CHECK(f.get("/api/board", {{"Authorization", "Bearer sxr_wrong"}}).status == 401);
  CHECK(f.get("/?token=sxr_wrong").status == 403);
  auto login = f.get("/?token=" + carol);
  REQUIRE(login.status == 303);
  CHECK(login.header("set-cookie").rfind("sciorex_auth=" + carol + ";", 0) == 0);
  CHECK(f.get("/api/board", {{"Cookie", "sciorex_auth=" + carol}}).status == 200);
  // The page names who is signed in, and whether they may change anything.
  auto meta = f.get("/api/meta", {{"Cookie", "sciorex_auth=" + carol}}).json_body();
  CHECK(meta["user"] == "carol");
  CHECK(meta["readOnly"] == false);
  meta = f.get("/api/meta", {{"Authorization", "Bearer " + rita}}).json_body();
  CHECK(meta["user"] == "rita");
  CHECK(meta["readOnly"] == true);

  auto created = f.send(bhttp::verb::post, "/api/tickets", R"({"title":"Carol's"})", true,
                        {{"Authorization", "Bearer " + carol}});
  REQUIRE(created.status == 201);
  const std::string id = created.json_body()["id"];
  CHECK(f.tickets.get(id).history.front().actor == storage::Actor::user("carol"));

  SECTION("a read-only person reads everything and writes nothing") {
    const auto events = f.feed.last_event_id();
    CHECK(f.get("/api/tickets/" + id, {{"Authorization", "Bearer " + rita}}).status == 200);
    auto refused = f.send(bhttp::verb::post, "/api/tickets/" + id + "/comments", R"({"text":"hi"})", true,
                          {{"Authorization", "Bearer " + rita}});
    CHECK(refused.status == 403);
    CHECK(refused.json_body()["error"].get<std::string>().find("rita's token is read-only") !=
          std::string::npos);
    auto refused_create = f.send(bhttp::verb::post, "/api/tickets", R"({"title":"x"})", true,
                                 {{"Cookie", "sciorex_auth=" + rita}});
    CHECK(refused_create.status == 403);
    CHECK(f.feed.last_event_id() == events);
  }
  SECTION("a removed person's token stops working at once") {
    people.remove("carol");
    CHECK(f.get("/api/board", {{"Authorization", "Bearer " + carol}}).status == 401);
  }
}

TEST_CASE("the shared token stays valid beside people, writing as the board's user",
          "[board][security][people]") {
  BoardFixture f("s3cret-token");
  storage::UserRepository(f.other).add("carol", false);
  auto created = f.send(bhttp::verb::post, "/api/tickets", R"({"title":"Shared"})", true,
                        {{"Authorization", "Bearer s3cret-token"}});
  REQUIRE(created.status == 201);
  CHECK(f.tickets.get(created.json_body()["id"]).history.front().actor == storage::Actor::user("alice"));
  auto meta = f.get("/api/meta", {{"Authorization", "Bearer s3cret-token"}}).json_body();
  CHECK(meta["user"] == "alice");  // the board's own user
  CHECK(meta["readOnly"] == false);
}

}  // namespace sciorex::board_test
