// The live feed: an event written by another handle on the store reaches an open stream within a
// second; a stream that names the last event it saw gets what came after it first; one too far
// behind gets `event: reset`; and streams end when the board stops.
#include "board_fixture.hpp"

namespace sciorex::board_test {

namespace {

std::string event_line(std::int64_t id) { return "id: " + std::to_string(id) + "\nevent: change\n"; }

}  // namespace

TEST_CASE("a change by another process reaches an open stream within a second", "[board][live]") {
  BoardFixture f;
  SseReader sse(f.port, "/api/events");
  REQUIRE(sse.wait_for("retry: 1000", std::chrono::seconds(2)));  // the stream is open and listed
  auto t = f.tickets.create(ticket("from an agent"), f.agent());
  const auto id = f.feed.last_event_id();
  REQUIRE(sse.wait_for(event_line(id), std::chrono::seconds(1)));
  const auto at = sse.text().find(event_line(id));
  const std::string data = sse.text().substr(at, sse.text().find("\n\n", at) - at);
  CHECK(data.find("\"entityId\":\"" + t.id + "\"") != std::string::npos);
  CHECK(data.find("\"actor\":{\"id\":\"claude-code\",\"kind\":\"agent\"}") != std::string::npos);
  CHECK(data.find("\"action\":\"created\"") != std::string::npos);
}

TEST_CASE("a stream that names its last event id gets what came after it first", "[board][live]") {
  BoardFixture f;
  f.tickets.create(ticket("one"), f.agent());
  const auto seen = f.feed.last_event_id();
  f.tickets.create(ticket("two"), f.agent());
  f.tickets.create(ticket("three"), f.agent());
  const auto last = f.feed.last_event_id();
  {
    SseReader sse(f.port, "/api/events", std::to_string(seen));
    REQUIRE(sse.wait_for(event_line(last), std::chrono::seconds(2)));
    CHECK(sse.text().find(event_line(seen)) == std::string::npos);
    CHECK(sse.text().find(event_line(seen + 1)) < sse.text().find(event_line(last)));
  }
  {
    SseReader sse(f.port, "/api/events?after=" + std::to_string(seen));
    REQUIRE(sse.wait_for(event_line(last), std::chrono::seconds(2)));
  }
  HttpClient c(f.port);
  CHECK(c.request(bhttp::verb::get, "", {}, "127.0.0.1", "/api/events?after=abc").status == 400);
  CHECK(c.request(bhttp::verb::get, "", {{"Last-Event-ID", "-4"}}, "127.0.0.1", "/api/events").status == 400);
}

TEST_CASE("a stream too far behind is told to reload", "[board][live]") {
  BoardFixture f("", 3);
  for (int i = 0; i < 5; ++i) f.tickets.create(ticket("t" + std::to_string(i)), f.agent());
  // The feed thread catches up to the store before the stream asks (it polls every 100 ms).
  const auto last = f.feed.last_event_id();
  SseReader probe(f.port, "/api/events?after=" + std::to_string(last - 1));
  REQUIRE(probe.wait_for(event_line(last), std::chrono::seconds(2)));
  SseReader sse(f.port, "/api/events?after=0");
  REQUIRE(sse.wait_for("event: reset", std::chrono::seconds(2)));
  CHECK(sse.text().find(event_line(1)) == std::string::npos);
  SseReader near(f.port, "/api/events?after=" + std::to_string(last - 3));
  REQUIRE(near.wait_for(event_line(last), std::chrono::seconds(2)));
  CHECK(near.text().find("event: reset") == std::string::npos);
  // An id the store never gave out: another store; start over.
  SseReader future(f.port, "/api/events?after=" + std::to_string(last + 1000));
  REQUIRE(future.wait_for("event: reset", std::chrono::seconds(2)));
}

TEST_CASE("stopping the board ends its open streams", "[board][live]") {
  BoardFixture f;
  SseReader sse(f.port, "/api/events");
  REQUIRE(sse.wait_for("retry: 1000", std::chrono::seconds(2)));
  f.board.stop();
  CHECK(sse.wait_for("0\r\n\r\n", std::chrono::seconds(2)));  // the terminating chunk
}

}  // namespace sciorex::board_test
