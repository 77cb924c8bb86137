// The 2025 session table of the HTTP transport: ids, limits, the GET stream slot, ending sessions.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

// Private headers, reached on purpose: the table (transport/src) and PeerState (protocol/src).
#include "http_sessions.hpp"
#include "peer_state.hpp"

using namespace sciorex;
using transport::SessionTable;

namespace {

bool peer_closed(const std::shared_ptr<protocol::Peer>& p) { return p->state().closed(); }

class NullSink : public protocol::Sink {
 public:
  bool send(const nlohmann::json&) override { return true; }
  void finish(const nlohmann::json*, const protocol::Disposition&) override {}
};

}  // namespace

TEST_CASE("session ids are long, random and of visible ASCII", "[http]") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = SessionTable::mint_id();
    CHECK(id.size() == 48);  // 192 bits in hex
    for (char c : id) CHECK((c >= 0x21 && c <= 0x7e));
    seen.insert(id);
  }
  CHECK(seen.size() == 100);
}

TEST_CASE("the session table registers, finds and ends sessions", "[http]") {
  SessionTable table(2);
  auto a = std::make_shared<protocol::Peer>();
  auto id = table.create(a);
  REQUIRE(id);
  CHECK(table.find(*id) == a);
  CHECK(table.find("unknown") == nullptr);
  CHECK(table.has_stream(*id) == false);
  CHECK_FALSE(table.has_stream("unknown").has_value());

  SECTION("max_sessions bounds the table: a full table of used sessions refuses more") {
    auto second = table.create(std::make_shared<protocol::Peer>());
    REQUIRE(second);
    REQUIRE(table.find(*second));  // both used now
    CHECK_FALSE(table.create(std::make_shared<protocol::Peer>()));
    CHECK(table.size() == 2);
    CHECK(table.find(*id) == a);
    CHECK_FALSE(peer_closed(a));
  }
  SECTION("a full table ends its oldest unused session to make room, never a used one") {
    // Issue 16: initialize alone filled every session for the whole idle time.
    auto b = std::make_shared<protocol::Peer>();
    auto unused = table.create(b);
    REQUIRE(unused);
    auto c = std::make_shared<protocol::Peer>();
    auto newer = table.create(c);
    REQUIRE(newer);  // `unused` made room
    CHECK(peer_closed(b));
    CHECK(table.find(*unused) == nullptr);
    CHECK(table.size() == 2);
    auto d = table.create(std::make_shared<protocol::Peer>());
    REQUIRE(d);  // `newer` made room; `id` (used) stays
    CHECK(peer_closed(c));
    CHECK(table.find(*id) == a);
    CHECK_FALSE(peer_closed(a));
  }
  SECTION("remove forgets the id, ends the stream and closes the peer") {
    bool ended = false;
    auto sink = std::make_shared<NullSink>();
    REQUIRE(table.attach_stream(*id, sink, [&] { ended = true; }) == SessionTable::Attach::attached);
    CHECK(table.remove(*id));
    CHECK(ended);
    CHECK(peer_closed(a));
    CHECK(table.find(*id) == nullptr);
    CHECK_FALSE(table.remove(*id));
  }
  SECTION("one GET stream per session; detach frees the slot only for its holder") {
    auto first = std::make_shared<NullSink>();
    auto second = std::make_shared<NullSink>();
    CHECK(table.attach_stream(*id, first, [] {}) == SessionTable::Attach::attached);
    CHECK(table.attach_stream(*id, second, [] {}) == SessionTable::Attach::busy);
    CHECK(table.attach_stream("unknown", second, [] {}) == SessionTable::Attach::unknown);
    table.detach_stream(*id, second.get());
    CHECK(table.has_stream(*id) == true);
    table.detach_stream(*id, first.get());
    CHECK(table.has_stream(*id) == false);
    CHECK(table.attach_stream(*id, second, [] {}) == SessionTable::Attach::attached);
  }
  SECTION("idle sessions expire, unless a GET stream is open") {
    auto b = std::make_shared<protocol::Peer>();
    auto with_stream = table.create(b);
    REQUIRE(with_stream);
    REQUIRE(table.attach_stream(*with_stream, std::make_shared<NullSink>(), [] {}) ==
            SessionTable::Attach::attached);
    auto later = SessionTable::Clock::now() + std::chrono::minutes(2);
    CHECK(table.expire(SessionTable::Clock::now(), std::chrono::minutes(1), std::chrono::minutes(1)) == 0);
    CHECK(table.expire(later, std::chrono::minutes(1), std::chrono::minutes(1)) == 1);
    CHECK(table.find(*id) == nullptr);
    CHECK(peer_closed(a));
    CHECK(table.find(*with_stream) == b);
  }
  SECTION("a session no request used ends after the short unused timeout; a used one stays") {
    auto b = std::make_shared<protocol::Peer>();
    auto unused = table.create(b);
    REQUIRE(unused);
    REQUIRE(table.find(*id) == a);  // used
    auto soon = SessionTable::Clock::now() + std::chrono::seconds(61);
    CHECK(table.expire(soon, std::chrono::minutes(60), std::chrono::seconds(60)) == 1);
    CHECK(peer_closed(b));
    CHECK(table.find(*unused) == nullptr);
    CHECK(table.find(*id) == a);
    CHECK_FALSE(peer_closed(a));
  }
  SECTION("clear ends every session") {
    table.clear();
    CHECK(table.size() == 0);
    CHECK(peer_closed(a));
  }
}
