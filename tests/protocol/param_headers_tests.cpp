// 2026 x-mcp-header: Mcp-Param-* headers must mirror the marked arguments exactly.
#include <catch2/catch.hpp>

#include "param_headers.hpp"
#include "sciorex/protocol/errors.hpp"

using nlohmann::json;
using sciorex::protocol::RpcError;
using sciorex::protocol::detail::base64_decode_strict;
using sciorex::protocol::detail::check_param_headers;

namespace {
const json kSchema = {{"type", "object"},
                      {"properties",
                       {{"region", {{"type", "string"}, {"x-mcp-header", "Region"}}},
                        {"count", {{"type", "integer"}, {"x-mcp-header", "Count"}}},
                        {"plain", {{"type", "string"}}}}}};
using Headers = std::vector<std::pair<std::string, std::string>>;

int code_of(const json& args, const Headers& h) {
  try {
    check_param_headers(kSchema, args, h);
    return 0;
  } catch (const RpcError& e) {
    return e.code();
  }
}
}  // namespace

TEST_CASE("Mcp-Param headers: literal and base64 values that match are accepted", "[protocol][headers]") {
  CHECK(code_of({{"region", "Hello"}}, {{"region", "=?base64?SGVsbG8=?="}}) == 0);
  CHECK(code_of({{"region", "SGVsbG8="}}, {{"region", "SGVsbG8="}}) == 0);
  CHECK(code_of({{"region", "=?base64?SGVsbG8="}}, {{"region", "=?base64?SGVsbG8="}}) == 0);
  CHECK(code_of({{"count", 7}}, {{"count", "007"}}) == 0);
  CHECK(code_of({{"plain", "x"}}, {}) == 0);       // unmarked arguments need no header
  CHECK(code_of({{"region", nullptr}}, {}) == 0);  // absent or null: no header expected
  CHECK(code_of(json::object(), {{"region", "x"}}) == 0);
}

TEST_CASE("Mcp-Param headers: missing, mismatched, malformed or invalid values are -32020",
          "[protocol][headers]") {
  CHECK(code_of({{"region", "test-value"}}, {}) == -32020);
  CHECK(code_of({{"region", "Hello"}}, {{"region", "Hullo"}}) == -32020);
  CHECK(code_of({{"region", "Hello"}}, {{"region", "=?base64?SGVsbG8?="}}) == -32020);
  CHECK(code_of({{"region", "Hello"}}, {{"region", "=?base64?SGVs!!!bG8=?="}}) == -32020);
  CHECK(code_of({{"region", "a\x01"}}, {{"region", "a\x01"}}) == -32020);
  CHECK(code_of({{"count", 7}}, {{"count", "seven"}}) == -32020);
}

TEST_CASE("strict base64 refuses bad padding and foreign characters", "[protocol][headers]") {
  CHECK(base64_decode_strict("SGVsbG8=") == "Hello");
  CHECK(base64_decode_strict("SGVsbA==") == "Hell");
  CHECK_FALSE(base64_decode_strict("SGVsbG8"));
  CHECK_FALSE(base64_decode_strict("SG=sbG8="));
  CHECK_FALSE(base64_decode_strict("SGVs!!bG8="));
}
