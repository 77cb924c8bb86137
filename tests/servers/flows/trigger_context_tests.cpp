// Which store events start a flow, and the trigger context a run starts with
// (servers/flows/engine.hpp's trigger_context): status changes matched by from/to, the other
// trigger types, the filter, and keys exactly those the definitions' check allows.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "trigger_keys.hpp"

using nlohmann::json;
using sciorex::flows::Trigger;
using sciorex::flows::trigger_context;
using sciorex::flows::TriggerType;
namespace storage = sciorex::storage;

namespace {

struct TriggerStore {
  storage::Database db{":memory:"};
  storage::TicketRepository tickets{db};
  storage::EventFeed feed{db};
  const storage::Actor user = storage::Actor::user("ana");

  std::string ticket(storage::TicketType type = storage::TicketType::Feature,
                     storage::Priority priority = storage::Priority::High,
                     std::vector<std::string> labels = {"ui"}) {
    storage::NewTicket t;
    t.title = "Avatar upload";
    t.description = "Users upload an avatar";
    t.type = type;
    t.priority = priority;
    t.labels = std::move(labels);
    t.subtasks = {"Add endpoint", "Write tests"};
    t.status = storage::TicketStatus::Planned;
    return tickets.create(t, user).id;
  }
  storage::Event last_event() { return feed.events_after(feed.last_event_id() - 1).back(); }
  std::optional<json> context(const Trigger& trigger, const std::string& id, bool manual = false) {
    const storage::Event e = last_event();
    return trigger_context(trigger, manual ? nullptr : &e, tickets.get(id));
  }
};

Trigger status_trigger(std::optional<storage::TicketStatus> from, std::optional<storage::TicketStatus> to) {
  Trigger t;
  t.type = TriggerType::TicketStatusChanged;
  t.from_status = from;
  t.to_status = to;
  return t;
}

void check_keys_are_declared(const json& ctx, TriggerType type) {
  const auto keys = sciorex::flows::trigger_keys(type == TriggerType::Manual ? TriggerType::Manual : type);
  for (const auto& [k, v] : ctx.items()) CHECK(std::find(keys.begin(), keys.end(), k) != keys.end());
  for (const auto& [k, v] : ctx.at("ticket").items())
    CHECK(std::find(sciorex::flows::kTriggerTicketKeys.begin(), sciorex::flows::kTriggerTicketKeys.end(),
                    k) != sciorex::flows::kTriggerTicketKeys.end());
  CHECK(ctx.at("ticket").size() == sciorex::flows::kTriggerTicketKeys.size());
}

}  // namespace

TEST_CASE("a status change starts the seed's flow only from planned to in_progress", "[flows][trigger]") {
  TriggerStore s;
  const std::string id = s.ticket();
  const Trigger seed = status_trigger(storage::TicketStatus::Planned, storage::TicketStatus::InProgress);
  CHECK_FALSE(s.context(seed, id));  // the created event is no status change

  s.tickets.change_status(id, storage::TicketStatus::InProgress, s.user);
  const auto ctx = s.context(seed, id);
  REQUIRE(ctx);
  CHECK((*ctx)["type"] == "ticketStatusChanged");
  CHECK((*ctx)["fromStatus"] == "planned");
  CHECK((*ctx)["toStatus"] == "in_progress");
  CHECK((*ctx)["eventId"] == s.last_event().id);
  CHECK((*ctx)["ticket"]["id"] == id);
  CHECK((*ctx)["ticket"]["status"] == "in_progress");
  CHECK((*ctx)["ticket"]["priority"] == "high");
  CHECK((*ctx)["ticket"]["labels"] == json::array({"ui"}));
  CHECK((*ctx)["ticket"]["epicId"].is_null());
  REQUIRE((*ctx)["ticket"]["subtasks"].size() == 2);
  CHECK((*ctx)["ticket"]["subtasks"][0]["title"] == "Add endpoint");
  check_keys_are_declared(*ctx, TriggerType::TicketStatusChanged);

  CHECK(s.context(status_trigger(std::nullopt, storage::TicketStatus::InProgress), id));
  CHECK(s.context(status_trigger(std::nullopt, std::nullopt), id));
  CHECK_FALSE(s.context(status_trigger(storage::TicketStatus::Backlog, std::nullopt), id));
  CHECK_FALSE(s.context(status_trigger(std::nullopt, storage::TicketStatus::Done), id));

  s.tickets.change_status(id, storage::TicketStatus::Done, s.user);
  CHECK_FALSE(s.context(seed, id));
  CHECK(s.context(status_trigger(storage::TicketStatus::InProgress, storage::TicketStatus::Done), id));
}

TEST_CASE("the filter: type, priority, labels and epic, each a list of which one must match",
          "[flows][trigger]") {
  TriggerStore s;
  const std::string bug = s.ticket(storage::TicketType::Bug, storage::Priority::Low, {"backend", "api"});
  s.tickets.change_status(bug, storage::TicketStatus::InProgress, s.user);
  Trigger t = status_trigger(std::nullopt, storage::TicketStatus::InProgress);
  t.filter.types = {storage::TicketType::Feature};
  CHECK_FALSE(s.context(t, bug));
  t.filter.types = {storage::TicketType::Feature, storage::TicketType::Bug};
  CHECK(s.context(t, bug));
  t.filter.priorities = {storage::Priority::Critical, storage::Priority::High};
  CHECK_FALSE(s.context(t, bug));
  t.filter.priorities = {storage::Priority::Low};
  CHECK(s.context(t, bug));
  t.filter.labels = {"ui", "frontend"};
  CHECK_FALSE(s.context(t, bug));
  t.filter.labels = {"ui", "api"};
  CHECK(s.context(t, bug));
  t.filter.epic_id = "E-001";
  CHECK_FALSE(s.context(t, bug));
}

TEST_CASE("ticketCreated, subtaskCompleted and manual triggers", "[flows][trigger]") {
  TriggerStore s;
  Trigger created;
  created.type = TriggerType::TicketCreated;
  const std::string id = s.ticket();
  const auto ctx = s.context(created, id);
  REQUIRE(ctx);
  CHECK((*ctx)["type"] == "ticketCreated");
  check_keys_are_declared(*ctx, TriggerType::TicketCreated);

  Trigger subtask;
  subtask.type = TriggerType::SubtaskCompleted;
  CHECK_FALSE(s.context(subtask, id));
  s.tickets.complete_subtask(id, {std::nullopt, "endpoint"}, true, s.user);
  auto done = s.context(subtask, id);
  REQUIRE(done);
  CHECK((*done)["subtask"]["title"] == "Add endpoint");
  CHECK((*done)["subtask"]["id"] == s.tickets.get(id).subtasks[0].id);
  check_keys_are_declared(*done, TriggerType::SubtaskCompleted);
  CHECK_FALSE(s.context(created, id));

  SECTION("a subtask set to done by its status completes it too; other statuses do not") {
    s.tickets.update_subtask(id, {std::nullopt, "tests"}, storage::SubtaskStatus::InProgress, std::nullopt,
                             s.user);
    CHECK_FALSE(s.context(subtask, id));
    s.tickets.update_subtask(id, {std::nullopt, "tests"}, storage::SubtaskStatus::Done, std::nullopt, s.user);
    done = s.context(subtask, id);
    REQUIRE(done);
    CHECK((*done)["subtask"]["title"] == "Write tests");
  }
  SECTION("a manual trigger never matches an event; a manual run passes its filter") {
    Trigger manual;
    CHECK_FALSE(s.context(manual, id));
    const auto by_hand = s.context(manual, id, true);
    REQUIRE(by_hand);
    CHECK((*by_hand)["type"] == "manual");
    CHECK_FALSE(by_hand->contains("eventId"));
    check_keys_are_declared(*by_hand, TriggerType::Manual);
    manual.filter.types = {storage::TicketType::Bug};
    CHECK_FALSE(s.context(manual, id, true));
  }
  SECTION("an event of another ticket does not start a run for this one") {
    const std::string other = s.ticket();
    const storage::Event e = s.last_event();
    CHECK_FALSE(trigger_context(created, &e, s.tickets.get(id)));
    CHECK(trigger_context(created, &e, s.tickets.get(other)));
  }
}
