// Which SCIOREX_AGENT values name the agent a server works for, and the actor of its tool calls
// (servers/common/agent_identity.hpp).
#include <catch2/catch.hpp>
#include <string>

#include "sciorex/common/agent_identity.hpp"

using sciorex::common::agent_actor;
using sciorex::common::agent_name_from;
using sciorex::storage::Actor;

TEST_CASE("an agent's name is letters, digits, '-', '_' and '.', 1 to 100 of them", "[common][agent]") {
  CHECK(agent_name_from("technical-planner") == "technical-planner");
  CHECK(agent_name_from("dev_2.b") == "dev_2.b");
  CHECK(agent_name_from(std::string(100, 'a').c_str()).has_value());
  std::string problem;
  CHECK_FALSE(agent_name_from(nullptr, &problem));
  CHECK_FALSE(agent_name_from("", &problem));
  CHECK(problem.empty());  // unset: nothing to warn about
  CHECK_FALSE(agent_name_from(std::string(101, 'a').c_str(), &problem));
  CHECK_THAT(problem, Catch::Contains("longer than 100"));
  problem.clear();
  CHECK_FALSE(agent_name_from("code reviewer", &problem));
  CHECK_THAT(problem, Catch::Contains("letters, digits"));
  CHECK_FALSE(agent_name_from("${SCIOREX_AGENT}"));
  CHECK_FALSE(agent_name_from("planner\n"));
}

TEST_CASE("a named agent's calls are by that agent with the client kept beside it", "[common][agent]") {
  Actor named = agent_actor("claude-code", std::string("technical-planner"));
  CHECK(named.type == sciorex::storage::ActorType::Agent);
  CHECK(named.id == "technical-planner");
  CHECK(named.client == "claude-code");
  CHECK(agent_actor("", std::string("planner")).client == "unknown");

  Actor plain = agent_actor("claude-code", std::nullopt);
  CHECK(plain == Actor::agent("claude-code"));
  CHECK(agent_actor("", std::nullopt).id == "unknown");
  CHECK(agent_actor(std::string(300, 'x'), std::nullopt).id.size() == 200);
}
