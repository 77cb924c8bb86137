// Which CLAUDE_CODE_SESSION_ID values name a host session (servers/common/host_session.hpp).
#include <catch2/catch.hpp>
#include <string>

#include "sciorex/common/host_session.hpp"

using sciorex::common::host_session_from;

TEST_CASE("a Claude Code session id becomes a host session named claude-code", "[common][session]") {
  const auto s = host_session_from("1c9b4586-2c8f-4110-8abb-0e0fa239a094");
  REQUIRE(s.has_value());
  CHECK(s->id == "1c9b4586-2c8f-4110-8abb-0e0fa239a094");
  CHECK(s->host == "claude-code");
  CHECK(host_session_from("a_b.c-1")->id == "a_b.c-1");
}

TEST_CASE("no session from a missing, empty, long or strange value", "[common][session]") {
  CHECK_FALSE(host_session_from(nullptr).has_value());
  CHECK_FALSE(host_session_from("").has_value());
  CHECK_FALSE(host_session_from(std::string(201, 'a').c_str()).has_value());
  CHECK(host_session_from(std::string(200, 'a').c_str()).has_value());
  CHECK_FALSE(host_session_from("abc def").has_value());
  CHECK_FALSE(host_session_from("abc\ndef").has_value());
  CHECK_FALSE(host_session_from("${CLAUDE_CODE_SESSION_ID}").has_value());
}
