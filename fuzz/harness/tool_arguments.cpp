#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <vector>

#include "harness.hpp"
#include "sciorex/protocol/features.hpp"
#include "sciorex/protocol/wire.hpp"
#include "store.hpp"
#include "tickets.hpp"
#include "tool_support.hpp"

namespace sciorex::fuzz {

namespace {

using nlohmann::json;

struct Parsers {
  std::vector<std::pair<std::string, common::ArgumentParser>> list;
  Parsers() {
    // Registering the tools fills the parser table; the store and server are not used after.
    static tickets::Store store(":memory:");
    static protocol::Server server(tickets::server_info());
    tickets::register_all(server, store);
    for (const auto& [name, tool] : tickets::tool_catalogue().registered())
      list.emplace_back(name, tool.parser);
  }
};

// Nesting the dispatcher would refuse before any parser sees it: the arguments object sits at
// level 3 of a tools/call message.
bool too_deep(std::string_view text) {
  return protocol::nests_deeper_than(text, protocol::kMaxNestingDepth - 2);
}

}  // namespace

void tool_arguments(const std::uint8_t* data, std::size_t size) {
  static Parsers* parsers = new Parsers();
  if (size < 1 || parsers->list.empty()) return;
  const auto& [name, parse] = parsers->list[data[0] % parsers->list.size()];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (too_deep(text)) return;
  json arguments = json::parse(text, nullptr, false);
  if (!arguments.is_object()) return;  // the dispatcher answers -32602 before any parser
  try {
    parse(arguments);
  } catch (const protocol::ToolError& e) {
    if (std::string(e.what()).size() < 10) {
      std::fprintf(stderr, "tool_arguments: %s: an error message too short to act on: %s\n", name.c_str(),
                   e.what());
      std::abort();
    }
  } catch (const std::exception& e) {
    // Anything else would reach the client as -32603 instead of a tool error naming the argument.
    std::fprintf(stderr, "tool_arguments: %s threw %s: %s\n", name.c_str(), typeid(e).name(), e.what());
    std::abort();
  }
}

}  // namespace sciorex::fuzz
