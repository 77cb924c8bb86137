// The board's security rules end to end: a write without the page's CSRF token, a foreign Origin
// or Host, and (off loopback) a missing token are refused and leave the store as it was.
#include "board_fixture.hpp"

namespace sciorex::board_test {

TEST_CASE("a write without the page's CSRF token is 403 and writes nothing", "[board][security]") {
  BoardFixture f;
  const auto events = f.feed.last_event_id();
  auto none = f.send(bhttp::verb::post, "/api/tickets", R"({"title":"x"})", false);
  CHECK(none.status == 403);
  CHECK(none.json_body()["code"] == "forbidden");
  auto wrong = f.send(bhttp::verb::post, "/api/tickets", R"({"title":"x"})", false,
                      {{"X-Sciorex-Csrf", "not-the-token"}});
  CHECK(wrong.status == 403);
  CHECK(f.feed.last_event_id() == events);
  // A form post from another site cannot set the header nor the JSON type.
  HttpClient c(f.port);
  auto form = c.request(
      bhttp::verb::post, "title=x",
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Sciorex-Csrf", f.board.csrf_token()}},
      "127.0.0.1", "/api/tickets");
  CHECK(form.status == 415);
  CHECK(f.feed.last_event_id() == events);
}

TEST_CASE("a foreign Origin or Host is 403 on every path, reads included", "[board][security]") {
  BoardFixture f;
  const auto events = f.feed.last_event_id();
  auto origin = f.send(bhttp::verb::post, "/api/tickets", R"({"title":"x"})", true,
                       {{"Origin", "https://evil.example"}});
  CHECK(origin.status == 403);
  CHECK(origin.json_body()["code"] == "forbidden");
  CHECK(f.get("/api/board", {{"Origin", "https://evil.example"}}).status == 403);
  HttpClient c(f.port);
  CHECK(c.request(bhttp::verb::get, "", {}, "evil.example", "/").status == 403);
  CHECK(c.request(bhttp::verb::get, "", {}, "evil.example:80", "/api/events").status == 403);
  CHECK(f.get("/api/board", {{"Origin", "http://127.0.0.1:" + std::to_string(f.port)}}).status == 200);
  CHECK(f.feed.last_event_id() == events);
}

TEST_CASE("with an auth token the board needs it, by Bearer or the cookie /?token= sets",
          "[board][security]") {
  BoardFixture f("s3cret-token");
  CHECK(f.get("/api/board").status == 401);
  CHECK(f.get("/").status == 401);
  CHECK(f.get("/?token=wrong").status == 403);
  auto login = f.get("/?token=s3cret-token");
  REQUIRE(login.status == 303);
  CHECK(login.header("location") == "/");
  const std::string cookie = login.header("set-cookie");
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Strict") != std::string::npos);
  const std::string pair = cookie.substr(0, cookie.find(';'));
  CHECK(f.get("/api/board", {{"Cookie", "other=1; " + pair}}).status == 200);
  CHECK(f.get("/api/board", {{"Authorization", "Bearer s3cret-token"}}).status == 200);
  CHECK(f.get("/api/board", {{"Authorization", "Bearer nope"}}).status == 401);
  // /mcp is not served by a board-only server.
  CHECK(f.get("/mcp", {{"Authorization", "Bearer s3cret-token"}}).status == 404);
}

}  // namespace sciorex::board_test
