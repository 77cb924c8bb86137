#pragma once
// Serialising messages for the wire: compact JSON, invalid UTF-8 replaced rather than thrown.
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace sciorex::protocol {
std::string serialize(const nlohmann::json& message);

// The deepest nesting of arrays and objects a message may have; the dispatcher refuses deeper
// ones before parsing (-32700). nlohmann's parser and destructor are iterative, but copying,
// comparing and dumping a value recurse: one 100,000-deep message overflowed the stack at its
// first copy (issue 5, tests/hostile). Real MCP messages stay far below this.
inline constexpr std::size_t kMaxNestingDepth = 128;

// True when `text` opens more than `limit` arrays/objects at once. Brackets inside strings do not
// count; on malformed JSON the answer does not matter (the parser refuses it either way).
bool nests_deeper_than(std::string_view text, std::size_t limit);
}
