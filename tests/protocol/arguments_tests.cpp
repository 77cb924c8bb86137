// Tool argument helpers: each bad input is a ToolError that names the argument.
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

#include "sciorex/protocol/arguments.hpp"
#include "sciorex/protocol/features.hpp"

using namespace sciorex::protocol;
using nlohmann::json;

TEST_CASE("required strings must be present, strings, non-blank and bounded", "[protocol][arguments]") {
  CHECK(args::required_string({{"t", "x"}}, "t") == "x");
  CHECK_THROWS_WITH(args::required_string(json::object(), "t"), Catch::Contains("\"t\": required"));
  CHECK_THROWS_WITH(args::required_string({{"t", 5}}, "t"), Catch::Contains("expected a string"));
  CHECK_THROWS_WITH(args::required_string({{"t", "  "}}, "t"), Catch::Contains("must not be empty"));
  CHECK_THROWS_AS(args::required_string({{"t", std::string(11, 'a')}}, "t", 10), ToolError);
}

TEST_CASE("nullable strings tell absent from null", "[protocol][arguments]") {
  CHECK_FALSE(args::nullable_string(json::object(), "e").has_value());
  auto null = args::nullable_string({{"e", nullptr}}, "e");
  REQUIRE(null.has_value());
  CHECK_FALSE(null->has_value());
  CHECK(**args::nullable_string({{"e", "E-001"}}, "e") == "E-001");
}

TEST_CASE("integers are bounded, whole floats accepted, other types refused", "[protocol][arguments]") {
  CHECK(*args::optional_int({{"n", 5}}, "n", 1, 10) == 5);
  CHECK(*args::optional_int({{"n", 5.0}}, "n", 1, 10) == 5);
  CHECK_THROWS_WITH(args::optional_int({{"n", 5.5}}, "n", 1, 10), Catch::Contains("expected an integer"));
  CHECK_THROWS_WITH(args::optional_int({{"n", 11}}, "n", 1, 10), Catch::Contains("between 1 and 10"));
  CHECK_THROWS_AS(args::optional_int({{"n", "5"}}, "n", 1, 10), ToolError);
  // Found by fuzz_tool_arguments under UBSan (issue 5): a float past int64 was cast first, which
  // is undefined; an unsigned past INT64_MAX wrapped to a negative number.
  CHECK_THROWS_WITH(args::optional_int({{"n", 2.5e112}}, "n", 1, 10), Catch::Contains("between 1 and 10"));
  CHECK_THROWS_WITH(args::optional_int({{"n", -1e30}}, "n", 1, 10), Catch::Contains("between 1 and 10"));
  CHECK_THROWS_WITH(args::optional_int({{"n", 9223372036854775808.0}}, "n", 0, INT64_MAX),
                    Catch::Contains("between"));
  CHECK_THROWS_WITH(args::optional_int({{"n", std::numeric_limits<double>::infinity()}}, "n", 1, 10),
                    Catch::Contains("expected an integer"));
  CHECK_THROWS_WITH(args::optional_int({{"n", UINT64_MAX}}, "n", -10, 10),
                    Catch::Contains("between -10 and 10"));
  CHECK(*args::optional_int({{"n", 1e3}}, "n", 1, 1000) == 1000);
}

constexpr std::array<std::string_view, 2> kLevels{"low", "high"};

TEST_CASE("enums list their valid values; unknown keys are refused", "[protocol][arguments]") {
  CHECK(*args::optional_enum({{"p", "low"}}, "p", kLevels) == "low");
  CHECK_FALSE(args::optional_enum(json::object(), "p", kLevels).has_value());
  CHECK_THROWS_WITH(args::optional_enum({{"p", "urgent"}}, "p", kLevels),
                    Catch::Equals("Invalid argument \"p\": 'urgent' is not one of: low, high"));
  CHECK_NOTHROW(args::only({{"a", 1}}, {"a", "b"}));
  CHECK_THROWS_WITH(args::only({{"c", 1}}, {"a", "b"}), Catch::Contains("Unknown argument \"c\""));
  CHECK_THROWS_AS(args::optional_strings({{"l", {"a", 1}}}, "l"), ToolError);
  CHECK(args::optional_strings({{"l", {"a", "b"}}}, "l")->size() == 2);
}

TEST_CASE("a required enum is present, a string, and one of its names", "[protocol][arguments]") {
  CHECK(args::required_enum({{"p", "high"}}, "p", kLevels) == "high");
  CHECK_THROWS_WITH(args::required_enum(json::object(), "p", kLevels),
                    Catch::Equals("Invalid argument \"p\": required"));
  // null is absent, never a value to dereference.
  CHECK_THROWS_WITH(args::required_enum({{"p", nullptr}}, "p", kLevels),
                    Catch::Equals("Invalid argument \"p\": required"));
  CHECK_THROWS_WITH(args::required_enum({{"p", 3}}, "p", kLevels), Catch::Contains("expected a string"));
  CHECK_THROWS_WITH(args::required_enum({{"p", "High"}}, "p", kLevels),
                    Catch::Contains("'High' is not one of: low, high"));
}

TEST_CASE("text arguments refuse a NUL and count characters, not bytes", "[protocol][arguments]") {
  // Issue 16: a NUL made a search fail with -32603 or list every ticket, and hid the rest of a title.
  const std::string nul("a\0b", 3);
  CHECK_THROWS_WITH(args::required_string({{"query", nul}}, "query"),
                    Catch::Contains("\"query\": must not contain a NUL"));
  CHECK_THROWS_WITH(args::required_string({{"q", std::string(1, '\0')}}, "q"), Catch::Contains("NUL"));
  CHECK_THROWS_WITH(args::optional_string({{"t", nul}}, "t"),
                    Catch::Contains("\"t\": must not contain a NUL"));
  CHECK_THROWS_WITH(args::nullable_string({{"e", nul}}, "e"), Catch::Contains("NUL"));
  CHECK_THROWS_WITH(args::optional_strings({{"l", {"ok", nul}}}, "l"),
                    Catch::Contains("\"l\": must not contain a NUL"));
  CHECK_THROWS_WITH(args::optional_enum({{"p", nul}}, "p", kLevels), Catch::Contains("NUL"));

  // maxLength counts code points (JSON Schema): 500 × "é" (1,000 bytes) fits in 500 characters.
  std::string e500;
  for (int i = 0; i < 500; ++i) e500 += "\xC3\xA9";
  CHECK(args::required_string({{"title", e500}}, "title", 500) == e500);
  CHECK_THROWS_WITH(args::required_string({{"title", e500 + "x"}}, "title", 500),
                    Catch::Contains("longer than 500 characters"));
  CHECK(args::optional_strings({{"l", {"\xF0\x9F\x98\x80"}}}, "l", 10, 1)->front() ==
        "\xF0\x9F\x98\x80");  // one emoji
}
