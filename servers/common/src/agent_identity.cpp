#include "sciorex/common/agent_identity.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "sciorex/text/utf8.hpp"

namespace sciorex::common {

namespace {
constexpr std::size_t kMaxAgentName = 100;
constexpr std::size_t kMaxClientName = 200;

bool agent_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.';
}
}  // namespace

std::optional<std::string> agent_name_from(const char* value, std::string* problem) {
  if (value == nullptr || *value == '\0') return std::nullopt;
  const std::string_view v(value);
  std::string why;
  if (v.size() > kMaxAgentName)
    why = "longer than " + std::to_string(kMaxAgentName) + " characters";
  else if (!std::all_of(v.begin(), v.end(), agent_name_char))
    why = "use only letters, digits, '-', '_' and '.'";
  if (why.empty()) return std::string(v);
  if (problem != nullptr) *problem = std::move(why);
  return std::nullopt;
}

const std::optional<std::string>& agent_name() {
  static const std::optional<std::string> name = [] {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read once, before any thread could change the environment
    const char* value = std::getenv("SCIOREX_AGENT");
    std::string problem;
    auto n = agent_name_from(value, &problem);
    if (!problem.empty())
      std::cerr << "sciorex: warning: SCIOREX_AGENT ignored (" << problem
                << "); tool calls are recorded by the client's name.\n";
    return n;
  }();
  return name;
}

storage::Actor agent_actor(const std::string& client_name, const std::optional<std::string>& agent) {
  std::string client = client_name.empty()
                           ? "unknown"
                           : client_name.substr(0, utf8::boundary_before(client_name, kMaxClientName));
  if (!agent) return storage::Actor::agent(std::move(client));
  storage::Actor actor = storage::Actor::agent(*agent);
  actor.client = std::move(client);
  return actor;
}

storage::Actor agent_actor(const std::string& client_name, const std::optional<std::string>& agent,
                           const std::optional<std::string>& person) {
  storage::Actor actor = agent_actor(client_name, agent);
  actor.on_behalf_of = person;
  return actor;
}

std::optional<std::string> request_person(const protocol::RequestContext& ctx) {
  const protocol::Principal* p = ctx.principal();
  return p != nullptr ? std::optional<std::string>(p->name) : std::nullopt;
}

storage::Actor request_actor(const protocol::RequestContext& ctx) {
  return agent_actor(ctx.client_name(), agent_name(), request_person(ctx));
}

}  // namespace sciorex::common
