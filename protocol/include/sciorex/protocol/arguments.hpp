#pragma once
// Reading tool arguments: small helpers for required and optional keys that throw ToolError
// with a message naming the argument (a bad argument is a tool result with isError, which an
// agent can act on). Never operator[] on input.
//
// Every text argument read here is refused when it holds a NUL (U+0000): no stored text or query
// needs one, and C strings, SQLite functions and terminals cut text at it. Lengths count
// characters (Unicode code points), as the schemas' maxLength does (JSON Schema counts code points).

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sciorex::protocol::args {

using nlohmann::json;

// Refuses keys outside `known` (the schemas say additionalProperties: false).
void only(const json& a, std::initializer_list<const char*> known);

std::string required_string(const json& a, const char* key, std::size_t max_length = 100'000);
std::optional<std::string> optional_string(const json& a, const char* key, std::size_t max_length = 100'000);
// Absent: nullopt. null: an engaged optional holding nullopt (e.g. "epicId: null removes it").
std::optional<std::optional<std::string>> nullable_string(const json& a, const char* key,
                                                          std::size_t max_length = 100'000);
std::optional<std::int64_t> optional_int(const json& a, const char* key, std::int64_t min, std::int64_t max);
std::optional<bool> optional_bool(const json& a, const char* key);
std::optional<std::vector<std::string>> optional_strings(const json& a, const char* key,
                                                         std::size_t max_items = 1000,
                                                         std::size_t max_length = 10'000);
// The names an enum argument allows, in the order an error lists them (e.g. storage's
// kPriorityNames, or a server's constexpr std::array<std::string_view, N>).
using Names = std::span<const std::string_view>;

// One of `allowed`, or nullopt when absent (or null).
std::optional<std::string> optional_enum(const json& a, const char* key, Names allowed);
// One of `allowed`; absent or null is "required".
std::string required_enum(const json& a, const char* key, Names allowed);

}  // namespace sciorex::protocol::args
