// The arguments of the query tools (search, ready, blocked), shared with the command line.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sciorex/protocol/arguments.hpp"
#include "sciorex/storage/ticket.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace args = protocol::args;

struct SearchParams {
  std::string query;
  int limit = 20;
  std::optional<std::string> cursor;
  static SearchParams from_json(const json& a) {
    args::only(a, {"query", "limit", "cursor"});
    return {args::required_string(a, "query", 500), limit_arg(a, 20),
            args::optional_string(a, "cursor", 500)};
  }
};

struct ReadyParams {
  storage::ReadyFilter filter;
  static ReadyParams from_json(const json& a) {
    args::only(a, {"limit", "priority", "type", "cursor"});
    ReadyParams p;
    p.filter.limit = limit_arg(a, 10);
    p.filter.priority = common::optional_enum<storage::Priority>(a, "priority");
    p.filter.type = common::optional_enum<storage::TicketType>(a, "type");
    p.filter.cursor = args::optional_string(a, "cursor", 500);
    return p;
  }
};

struct BlockedParams {
  int limit = 10;
  std::optional<std::string> cursor;
  static BlockedParams from_json(const json& a) {
    args::only(a, {"limit", "cursor"});
    return {limit_arg(a, 10), args::optional_string(a, "cursor", 500)};
  }
};

}  // namespace sciorex::tickets
