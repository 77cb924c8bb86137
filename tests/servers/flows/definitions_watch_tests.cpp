// The serving runner's definitions while it serves: a flow file added, changed or removed is
// picked up without a restart; a bad file is logged as FILE:LINE: why and the other flows are
// served.
#include <catch2/catch.hpp>

#include "service_support.hpp"

namespace sciorex::flows::service_test {
namespace {

using storage::FlowRunStatus;
using storage::TicketStatus;

std::string watch_ticket(storage::Database& db, const std::string& title) {
  storage::NewTicket t;
  t.title = title;
  t.status = TicketStatus::Planned;
  const auto actor = storage::Actor::user("default");
  const std::string id = storage::TicketRepository(db).create(t, actor).id;
  storage::TicketRepository(db).change_status(id, TicketStatus::InProgress, actor);
  return id;
}

bool serves(Service& s, const std::string& flow) {
  const auto defs = s.definitions();
  return defs && defs->find_flow(flow) != nullptr;
}

// The names of the flows the ticket's runs ran, once they have all ended and the runner has seen
// every event since.
std::multiset<std::string> flows_run_for(storage::Database& db, const std::string& ticket,
                                         std::size_t expect) {
  REQUIRE(testing::poll_until(
      [&] {
        const auto runs = runs_of(db, ticket);
        return runs.size() >= expect &&
               std::all_of(runs.begin(), runs.end(),
                           [](const auto& r) { return r.status == FlowRunStatus::Succeeded; }) &&
               caught_up(db);
      },
      20s));
  std::multiset<std::string> out;
  for (const auto& r : runs_of(db, ticket)) out.insert(r.flow_name);
  return out;
}

}  // namespace

TEST_CASE("flow files added, changed and removed while serving are picked up", "[flows][service]") {
  Workspace ws;
  ws.write("flows/one.yaml", one_agent_flow("Flow One", "planned", "in_progress"));
  storage::Database db(ws.db_path());
  ScriptedLauncher agent;
  Serving serving(ws.sciorex(), db, agent, quick_options());
  REQUIRE(testing::poll_until([&] { return ready(serving.service(), db); }, 10s));
  CHECK_FALSE(serves(serving.service(), "Flow Two"));

  ws.write("flows/two.yaml", one_agent_flow("Flow Two", "planned", "in_progress"));
  REQUIRE(testing::poll_until([&] { return serves(serving.service(), "Flow Two"); }, 10s));
  const std::string a = watch_ticket(db, "Both flows");
  CHECK(flows_run_for(db, a, 2) == std::multiset<std::string>{"Flow One", "Flow Two"});

  // Renamed inside the same file: the new name is served, the old one no more.
  ws.write("flows/two.yaml", one_agent_flow("Flow Two renamed", "planned", "in_progress"));
  ws.remove("flows/one.yaml");
  REQUIRE(testing::poll_until(
      [&] { return serves(serving.service(), "Flow Two renamed") && !serves(serving.service(), "Flow One"); },
      10s));
  const std::string b = watch_ticket(db, "One flow");
  CHECK(flows_run_for(db, b, 1) == std::multiset<std::string>{"Flow Two renamed"});
}

TEST_CASE("a bad flow file is logged with its line and the other flows are served", "[flows][service]") {
  LogCapture log;
  Workspace ws;
  ws.write("flows/good.yaml", one_agent_flow("Good flow", "planned", "in_progress"));
  ws.write("flows/bad.yaml",
           "name: Bad flow\ntrigger:\n  type: ticketStatusChanged\n  toStatus: in_progress\n"
           "nodes:\n  - id: plan\n    type: teleport\n");
  storage::Database db(ws.db_path());
  ScriptedLauncher agent;
  Serving serving(ws.sciorex(), db, agent, quick_options());
  REQUIRE(testing::poll_until([&] { return ready(serving.service(), db); }, 10s));

  const auto defs = serving.service().definitions();
  REQUIRE(defs->errors.size() == 1);
  const auto& err = defs->errors.front();
  CHECK(err.file.filename() == "bad.yaml");
  CHECK(err.line > 0);
  CHECK(log.contains(err.to_string()));
  CHECK(log.contains("bad.yaml:" + std::to_string(err.line) + ":"));
  CHECK(serves(serving.service(), "Good flow"));
  CHECK_FALSE(serves(serving.service(), "Bad flow"));

  const std::string id = watch_ticket(db, "Served despite the bad file");
  CHECK(flows_run_for(db, id, 1) == std::multiset<std::string>{"Good flow"});

  // Fixed while serving: served from then on.
  ws.write("flows/bad.yaml", one_agent_flow("Bad flow", "planned", "in_progress"));
  REQUIRE(testing::poll_until([&] { return serves(serving.service(), "Bad flow"); }, 10s));
  CHECK(serving.service().definitions()->errors.empty());
}

}  // namespace sciorex::flows::service_test
