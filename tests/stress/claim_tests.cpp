// Two agents, one ticket (issue 5, Concurrency), through MCP between two server processes: the
// atomic claim (moving a planned ticket to in_progress has exactly one winner, and the loser is
// told by whom), and expectedUpdatedAt on sciorex_update_ticket (a stale value is refused with
// the current one, also when the change it missed happened in the same second).
#include <catch2/catch.hpp>
#include <iostream>
#include <regex>

#include "sciorex/storage/database.hpp"
#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "server_process.hpp"

namespace sciorex::stress {

namespace {

constexpr int kRaces = 50;

// Two processes on one workspace, one initialised client each.
struct TwoAgents {
  TempWorkspace ws;
  ServerProcess pa{ws, "a.stderr"}, pb{ws, "b.stderr"};
  McpClient a{pa}, b{pb};
  TwoAgents() {
    a.initialize("agent-alpha");
    b.initialize("agent-beta");
  }
};

json structured(const json& response) {
  INFO(response.dump());
  REQUIRE_FALSE(is_tool_error(response));
  return response.at("result").at("structuredContent");
}

std::string new_ticket(McpClient& c, const std::string& title, bool planned) {
  std::string id = structured(c.call("sciorex_create_ticket", {{"title", title}})).at("id");
  if (planned) structured(c.call("sciorex_change_status", {{"ticketId", id}, {"status", "planned"}}));
  return id;
}

// Sends both calls before reading either answer, so the two processes race for the store.
std::pair<json, json> at_once(TwoAgents& t, bool a_first, const std::string& tool, const json& args_a,
                              const json& args_b) {
  if (a_first) {
    t.a.send_call(tool, args_a);
    t.b.send_call(tool, args_b);
  } else {
    t.b.send_call(tool, args_b);
    t.a.send_call(tool, args_a);
  }
  auto ra = t.a.next_response();
  auto rb = t.b.next_response();
  REQUIRE(ra);
  REQUIRE(rb);
  return {*ra, *rb};
}

}  // namespace

TEST_CASE("two processes claiming one planned ticket at once: exactly one wins, the other is told by whom",
          "[stress][claim]") {
  TwoAgents t;
  std::vector<std::string> ids;
  for (int i = 0; i < kRaces; ++i) ids.push_back(new_ticket(t.a, "Claim race " + std::to_string(i), true));

  std::map<std::string, std::string> winner_of;
  int alpha_wins = 0;
  for (int i = 0; i < kRaces; ++i) {
    const json args = {{"ticketId", ids[i]}, {"status", "in_progress"}};
    auto [ra, rb] = at_once(t, i % 2 == 0, "sciorex_change_status", args, args);
    INFO(ids[i] << "\nalpha: " << ra.dump() << "\nbeta: " << rb.dump());
    REQUIRE(is_tool_error(ra) != is_tool_error(rb));
    const bool alpha_won = !is_tool_error(ra);
    const json& loser = alpha_won ? rb : ra;
    const std::string winner = alpha_won ? "agent-alpha" : "agent-beta";
    CHECK_FALSE(loser.contains("error"));  // a tool error (isError), not a protocol error
    CHECK(loser.at("result").value("isError", false));
    CHECK(response_text(loser).find(ids[i] + " is already in_progress") != std::string::npos);
    CHECK(response_text(loser).find("'" + winner + "'") != std::string::npos);
    CHECK(structured(alpha_won ? ra : rb).at("status") == "in_progress");
    winner_of[ids[i]] = winner;
    alpha_wins += alpha_won;
  }

  // The store agrees: one claim per ticket, by the winner.
  t.pa.finish();
  t.pb.finish();
  // Read through the store's own change feed, so the check is the same on both backends.
  storage::Database db(t.ws.store());
  std::map<std::string, std::vector<std::string>> claims;  // ticket -> who moved it to in_progress
  storage::EventFeed feed(db);
  for (std::int64_t after = 0;;) {
    const auto events = feed.events_after(after, 1000);
    if (events.empty()) break;
    for (const auto& e : events) {
      after = e.id;
      if (e.entity_type != "ticket" || e.action != "status_changed") continue;
      const json d = json::parse(e.details_json);
      if (d.value("to", "") == "in_progress") claims[e.entity_id].push_back(e.actor.id);
    }
  }
  int rows = 0;
  storage::TicketRepository tickets(db);
  for (const auto& [id, by] : claims) {
    ++rows;
    INFO(id);
    CHECK(tickets.get(id).status == storage::TicketStatus::InProgress);
    CHECK(by.size() == 1);
    CHECK(by.front() == winner_of[id]);
  }
  CHECK(rows == kRaces);
  std::cout << "claim: " << kRaces << " races between two processes, " << kRaces
            << " single winners (agent-alpha " << alpha_wins << ", agent-beta " << kRaces - alpha_wins << ")"
            << std::endl;
}

TEST_CASE("updatedAt has millisecond precision and a stale expectedUpdatedAt from the same second is refused",
          "[stress][expected-updated-at]") {
  TwoAgents t;
  const std::regex iso_ms(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");
  const std::string id = new_ticket(t.a, "Edited by two agents", false);
  std::string seen = structured(t.b.call("sciorex_get_ticket", {{"ticketId", id}})).at("updatedAt");
  REQUIRE(std::regex_match(seen, iso_ms));

  int same_second = 0, rounds = 0;
  std::string mode;
  SECTION("one after the other: the second writer's value is stale") {
    mode = "one after the other, each stale update refused";
    for (; rounds < 100; ++rounds) {
      // alpha writes with the value both read; beta then writes with the same, now stale, value.
      json ok = structured(t.a.call(
          "sciorex_update_ticket",
          {{"ticketId", id}, {"title", "alpha " + std::to_string(rounds)}, {"expectedUpdatedAt", seen}}));
      const std::string current = ok.at("updatedAt");
      REQUIRE(std::regex_match(current, iso_ms));
      REQUIRE(current != seen);
      same_second += current.substr(0, 19) == seen.substr(0, 19);
      json stale = t.b.call(
          "sciorex_update_ticket",
          {{"ticketId", id}, {"title", "beta " + std::to_string(rounds)}, {"expectedUpdatedAt", seen}});
      INFO(stale.dump());
      REQUIRE(is_tool_error(stale));
      CHECK_FALSE(stale.contains("error"));
      CHECK(response_text(stale).find("changed since you read it (updatedAt is now " + current) !=
            std::string::npos);
      seen = current;
    }
    CHECK(structured(t.b.call("sciorex_get_ticket", {{"ticketId", id}})).at("title") ==
          "alpha " + std::to_string(rounds - 1));
  }
  SECTION("both at once with the value both read: exactly one update wins") {
    mode = "both at once, one winner and one refusal each";
    for (; rounds < 100; ++rounds) {
      const std::string r = std::to_string(rounds);
      auto [ra, rb] = at_once(t, rounds % 2 == 0, "sciorex_update_ticket",
                              {{"ticketId", id}, {"title", "alpha " + r}, {"expectedUpdatedAt", seen}},
                              {{"ticketId", id}, {"title", "beta " + r}, {"expectedUpdatedAt", seen}});
      INFO("alpha: " << ra.dump() << "\nbeta: " << rb.dump());
      REQUIRE(is_tool_error(ra) != is_tool_error(rb));
      const json won = structured(is_tool_error(ra) ? rb : ra);
      const std::string current = won.at("updatedAt");
      CHECK(response_text(is_tool_error(ra) ? ra : rb).find("updatedAt is now " + current) !=
            std::string::npos);
      same_second += current.substr(0, 19) == seen.substr(0, 19);
      json now = structured(t.a.call("sciorex_get_ticket", {{"ticketId", id}}));
      CHECK(now.at("title") == won.at("title"));
      CHECK(now.at("updatedAt") == current);
      seen = current;
    }
  }
  // Most rounds take a few milliseconds, so many fall in the second of the change before.
  CHECK(same_second >= 20);
  std::cout << "expectedUpdatedAt: " << rounds << " rounds " << mode << "; in " << same_second
            << " of them the change the loser missed was made in the same second it read" << std::endl;
}

}  // namespace sciorex::stress
