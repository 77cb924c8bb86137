#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "sciorex/text/utf8.hpp"

using namespace sciorex;

namespace {
std::size_t length_at(const std::string& s, std::size_t i = 0) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  return utf8::sequence_length(p + i, p + s.size());
}
}  // namespace

TEST_CASE("character_count counts code points, not bytes", "[text]") {
  CHECK(utf8::character_count("") == 0);
  CHECK(utf8::character_count("abc") == 3);
  CHECK(utf8::character_count("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") == 4);  // a, é, €, an emoji
}

TEST_CASE("boundary_before never cuts a character in two", "[text]") {
  const std::string s =
      "a\xE2\x82\xAC"
      "b";  // a € b: bytes 0, 1-3, 4
  CHECK(utf8::boundary_before(s, 0) == 0);
  CHECK(utf8::boundary_before(s, 1) == 1);
  CHECK(utf8::boundary_before(s, 2) == 1);
  CHECK(utf8::boundary_before(s, 3) == 1);
  CHECK(utf8::boundary_before(s, 4) == 4);
  CHECK(utf8::boundary_before(s, 99) == 99);
}

TEST_CASE("sequence_length follows the Unicode table of well-formed sequences", "[text]") {
  CHECK(length_at("A") == 1);
  CHECK(length_at("\xC3\xA9") == 2);
  CHECK(length_at("\xE2\x82\xAC") == 3);
  CHECK(length_at("\xF0\x9F\x98\x80") == 4);
  CHECK(length_at("\xF4\x8F\xBF\xBF") == 4);  // U+10FFFF, the last code point
  SECTION("ill-formed sequences are 0") {
    CHECK(length_at("\x80") == 0);              // a stray continuation byte
    CHECK(length_at("\xC0\x80") == 0);          // an overlong NUL
    CHECK(length_at("\xC1\xBF") == 0);          // an overlong ASCII
    CHECK(length_at("\xE0\x80\x80") == 0);      // an overlong three-byte form
    CHECK(length_at("\xED\xA0\x80") == 0);      // a surrogate (U+D800)
    CHECK(length_at("\xF0\x80\x80\x80") == 0);  // an overlong four-byte form
    CHECK(length_at("\xF4\x90\x80\x80") == 0);  // past U+10FFFF
    CHECK(length_at("\xF5\x80\x80\x80") == 0);  // a lead byte no sequence has
    CHECK(length_at("\xE2\x82") == 0);          // cut short by the end
    CHECK(length_at("\xE2"
                    "A\xAC") == 0);  // a missing continuation byte
  }
}

TEST_CASE("decode gives the code point and its length", "[text]") {
  std::uint32_t cp = 0;
  CHECK(utf8::decode("A", 0, cp) == 1);
  CHECK(cp == 0x41);
  CHECK(utf8::decode("x\xC3\xA9", 1, cp) == 2);
  CHECK(cp == 0xE9);
  CHECK(utf8::decode("\xE2\x82\xAC", 0, cp) == 3);
  CHECK(cp == 0x20AC);
  CHECK(utf8::decode("\xF0\x9F\x98\x80", 0, cp) == 4);
  CHECK(cp == 0x1F600);
  CHECK(utf8::decode("\xED\xA0\x80", 0, cp) == 0);
}

TEST_CASE("is_valid accepts well-formed text only", "[text]") {
  CHECK(utf8::is_valid(""));
  CHECK(utf8::is_valid("plain ASCII"));
  CHECK(utf8::is_valid("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK_FALSE(utf8::is_valid("caf\xC3"));            // cut short
  CHECK_FALSE(utf8::is_valid("a\xED\xA0\x80z"));     // a surrogate inside
  CHECK_FALSE(utf8::is_valid(std::string("\xFF")));  // never in UTF-8
}
