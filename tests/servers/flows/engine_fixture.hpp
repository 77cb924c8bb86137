// The engine tests' store: a real store (:memory:) with a ticket like the seed's T-042 (planned,
// two subtasks), a registered runner, the seed's definitions, and a run of a flow claimed the way
// the serving runner does it (the ticket moved planned -> in_progress by a person, the trigger
// context built from that event).
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "flow_test_files.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "scripted_launcher.hpp"

namespace sciorex::flows::testing {

struct EngineStore {
  storage::Database db{":memory:"};
  storage::TicketRepository tickets{db};
  storage::FlowRunRepository runs{db};
  ScriptedLauncher launcher;
  const std::string runner = "test-host:1:engine";
  const storage::Actor person = storage::Actor::user("ana");
  std::string ticket_id;

  EngineStore() {
    runs.register_runner({runner, "test-host", 1});
    storage::NewTicket t;
    t.title = "Add user avatar upload";
    t.description = "Users can upload an avatar.\n\nAcceptance: PNG and JPEG up to 5 MB.";
    t.type = storage::TicketType::Feature;
    t.priority = storage::Priority::High;
    t.subtasks = {"Create upload endpoint", "Write tests"};
    t.status = storage::TicketStatus::Planned;
    ticket_id = tickets.create(t, person).id;
  }

  // Moves the ticket planned -> in_progress (as a person would) and claims the run of `flow` for
  // that event, as the serving runner does.
  storage::FlowRun claim(const Flow& flow) {
    tickets.change_status(ticket_id, storage::TicketStatus::InProgress, person);
    storage::EventFeed feed(db);
    const storage::Event e = feed.events_after(feed.last_event_id() - 1).back();
    const auto ctx = trigger_context(flow.trigger, &e, tickets.get(ticket_id));
    REQUIRE(ctx);
    storage::NewFlowRun in;
    in.flow_name = flow.name;
    in.flow_file = flow.file.string();
    in.ticket_id = ticket_id;
    in.trigger_type = std::string(to_string(flow.trigger.type));
    in.trigger_event_id = e.id;
    in.trigger_json = ctx->dump();
    auto run = runs.claim(in, runner);
    REQUIRE(run);
    return *run;
  }

  storage::FlowRun execute(const Flow& flow, const Definitions& defs, const std::string& run_id,
                           const std::atomic<bool>& cancel) {
    Engine engine(db, launcher, runner);
    return engine.execute(flow, defs, run_id, cancel);
  }

  // claim + execute, not cancelled.
  storage::FlowRun run(const Flow& flow, const Definitions& defs) {
    const std::atomic<bool> no{false};
    return execute(flow, defs, claim(flow).id, no);
  }

  // The ticket's history entries made by the flow (`system flow:NAME`), their actions in order.
  std::vector<std::string> flow_history(const std::string& flow_name) {
    std::vector<std::string> out;
    for (const auto& h : tickets.get(ticket_id).history)
      if (h.actor.type == storage::ActorType::System && h.actor.id == "flow:" + flow_name)
        out.push_back(h.action);
    return out;
  }
};

inline const Definitions& seed_definitions() {
  static const Definitions defs = load_definitions(seed_sciorex_dir());
  return defs;
}
inline const Flow& seed_flow() { return *seed_definitions().find_flow("Ticket Development Pipeline"); }

// The node records as "id#iteration:status", in order.
inline std::vector<std::string> node_trail(const storage::FlowRun& run) {
  std::vector<std::string> out;
  for (const auto& n : run.nodes)
    out.push_back(n.node_id + "#" + std::to_string(n.iteration) + ":" +
                  std::string(storage::to_string(n.status)));
  return out;
}

inline nlohmann::json node_output(const storage::FlowNodeRun& n) {
  return n.output_json ? nlohmann::json::parse(*n.output_json) : nlohmann::json();
}

}  // namespace sciorex::flows::testing
