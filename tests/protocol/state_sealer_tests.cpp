// requestState sealing: only what this server sealed, for this target, within its lifetime, opens.
#include <catch2/catch.hpp>

#include "state_sealer.hpp"

using sciorex::protocol::detail::base64url_decode;
using sciorex::protocol::detail::base64url_encode;
using sciorex::protocol::detail::StateSealer;

TEST_CASE("a sealed state opens for the same binding and carries its content", "[protocol][state]") {
  StateSealer s("secret", std::chrono::seconds(60));
  auto token = s.seal("tools/call:x", {{"round", 2}});
  auto opened = s.open("tools/call:x", token);
  REQUIRE(opened);
  CHECK((*opened)["round"] == 2);
}

TEST_CASE("a tampered, foreign, moved or expired state does not open", "[protocol][state]") {
  StateSealer s("secret", std::chrono::seconds(60));
  auto token = s.seal("tools/call:x", {{"round", 2}});
  CHECK_FALSE(s.open("tools/call:x", token + "-TAMPERED"));
  CHECK_FALSE(s.open("tools/call:y", token));
  std::string flipped = token;
  flipped[3] = flipped[3] == 'A' ? 'B' : 'A';
  CHECK_FALSE(s.open("tools/call:x", flipped));
  CHECK_FALSE(StateSealer("other", std::chrono::seconds(60)).open("tools/call:x", token));
  StateSealer expired("secret", std::chrono::seconds(-5));
  CHECK_FALSE(expired.open("tools/call:x", expired.seal("tools/call:x", {})));
  CHECK_FALSE(s.open("tools/call:x", "no-dot-here"));
}

TEST_CASE("base64url round-trips every length and rejects foreign characters", "[protocol][state]") {
  std::string bytes;
  for (int n = 0; n < 20; ++n) {
    CHECK(base64url_decode(base64url_encode(bytes)) == bytes);
    bytes.push_back(static_cast<char>(n * 37));
  }
  CHECK_FALSE(base64url_decode("ab+/"));
  CHECK_FALSE(base64url_decode("a"));
}
