#pragma once
// Serialising messages for the wire: compact JSON, invalid UTF-8 replaced rather than thrown.
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace sciorex::protocol {
std::string serialize(const nlohmann::json& message);

// A value the caller has already written as JSON text (valid, compact, as `serialize` writes):
// `serialize` copies it verbatim. Lets a handler write a large answer straight to text instead
// of building a document and walking it again. To code that reads the document it is a binary
// value (is_raw_json tells); tests compare the wire text.
nlohmann::json raw_json(std::string_view serialized);
bool is_raw_json(const nlohmann::json& value);

// Appends `text` as a JSON string literal, exactly as `serialize` writes strings (ill-formed
// UTF-8 replaced).
void append_json_string(std::string& out, const std::string& text);

// The deepest nesting of arrays and objects a message may have; the dispatcher refuses deeper
// ones before parsing (-32700). nlohmann's parser and destructor are iterative, but copying,
// comparing and dumping a value recurse: one 100,000-deep message overflowed the stack at its
// first copy (issue 5, tests/hostile). Real MCP messages stay far below this.
inline constexpr std::size_t kMaxNestingDepth = 128;

// True when `text` opens more than `limit` arrays/objects at once. Brackets inside strings do not
// count; on malformed JSON the answer does not matter (the parser refuses it either way).
bool nests_deeper_than(std::string_view text, std::size_t limit);
}  // namespace sciorex::protocol
