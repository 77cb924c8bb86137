// Reading a board API request: percent-decoding, the query string as typed parameters (unknown
// ones refused), the JSON body (size, UTF-8, an object) and the tool-style argument helpers'
// errors as ApiErrors. Pure functions; every refusal is an ApiError with code "invalid" (400) or
// "too_large" (413).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api_error.hpp"
#include "sciorex/transport/http_routes.hpp"

namespace sciorex::board {

// "%41b+c" -> "Ab c" when `plus_is_space` (query strings); refuses a bad escape, a NUL or text
// that is not UTF-8.
std::string percent_decode(std::string_view s, bool plus_is_space = false);

// The path's segments after "/", each decoded: "/api/tickets/T-001" -> {"api", "tickets", "T-001"}.
std::vector<std::string> path_segments(std::string_view path);

class Query {
 public:
  explicit Query(std::string_view query);
  // Refuses a parameter outside `known`.
  void only(std::initializer_list<const char*> known) const;
  // The value of `name`; an empty value counts as absent ("?type=" filters nothing).
  std::optional<std::string> text(const char* name, std::size_t max_chars = 500) const;
  int integer(const char* name, int fallback, int min, int max) const;
  bool flag(const char* name) const;  // "1" or "true"; absent: false

 private:
  std::map<std::string, std::string> values_;
};

// The request's JSON body: at most `max_bytes` (413), valid JSON text in UTF-8 (400), an object.
json json_body(const transport::RouteRequest& r, std::size_t max_bytes);

// Runs `parse` (tool-style params: protocol::args, throwing ToolError) as a 400 on failure.
template <class F>
auto parse_params(F&& parse) -> decltype(parse());

}  // namespace sciorex::board

#include "sciorex/protocol/features.hpp"

namespace sciorex::board {

template <class F>
auto parse_params(F&& parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const protocol::ToolError& e) {
    throw ApiError::invalid(e.what());
  }
}

}  // namespace sciorex::board
