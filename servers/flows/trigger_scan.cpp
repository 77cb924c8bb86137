#include "trigger_scan.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "engine.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"

namespace sciorex::flows {

namespace {

constexpr int kTriggerPage = 200;
constexpr int kWatchPage = 1000;

// The ticket events a trigger can start from (trigger_context decides which flow they start).
bool is_trigger_action(const std::string& action) {
  return action == "created" || action == "status_changed" || action == "subtask_completed" ||
         action == "subtask_status_changed";
}

// A ticket moved to cancelled, or deleted: its runs are to be cancelled.
bool ends_ticket(const storage::Event& e) {
  if (e.entity_type != "ticket") return false;
  if (e.action == "deleted") return true;
  if (e.action != "status_changed") return false;
  const auto details = nlohmann::json::parse(e.details_json, nullptr, false);
  return details.is_object() && details.value("to", "") == "cancelled";
}

bool starts_on_cancel(const Flow& flow) { return flow.trigger.to_status == storage::TicketStatus::Cancelled; }

}  // namespace

TriggerScan::TriggerScan(storage::Database& db, RunPool& pool, std::string runner_id,
                         std::filesystem::path workspace_root)
    : db_(db), pool_(pool), runner_id_(std::move(runner_id)), root_(std::move(workspace_root)) {}

void TriggerScan::start() {
  storage::EventFeed feed(db_);
  storage::FlowRunRepository repo(db_);
  const std::int64_t newest = feed.last_event_id();
  watch_pos_ = newest;
  if (!repo.cursor()) {
    repo.advance_cursor(newest);
    spdlog::info("first runner on this store: flows start from event {} on", newest);
  }
}

std::string TriggerScan::flow_file(const Flow& flow) const {
  if (flow.file.is_relative()) return flow.file.generic_string();
  const auto rel = flow.file.lexically_relative(root_);
  if (rel.empty() || *rel.begin() == "..") return flow.file.generic_string();
  return rel.generic_string();
}

bool TriggerScan::scan_triggers(const std::shared_ptr<const Definitions>& defs) {
  if (!defs || pool_.free_slots() <= 0) return false;
  storage::FlowRunRepository repo(db_);
  const std::int64_t shared = repo.cursor().value_or(0);
  const std::int64_t from = std::max(shared, done_);
  const auto events = storage::EventFeed(db_).events_after(from, kTriggerPage);
  std::int64_t last = from;
  bool stalled = false;
  for (const auto& e : events) {
    if (!handle(e, *defs, defs)) {
      stalled = true;
      break;
    }
    last = e.id;
  }
  done_ = last;
  if (last > shared) repo.advance_cursor(last);
  return !stalled && static_cast<int>(events.size()) == kTriggerPage;
}

bool TriggerScan::handle(const storage::Event& e, const Definitions& defs,
                         const std::shared_ptr<const Definitions>& keep) {
  if (e.entity_type != "ticket" || !is_trigger_action(e.action)) return true;
  const bool any = std::any_of(defs.flows.begin(), defs.flows.end(),
                               [](const Flow& f) { return f.trigger.type != TriggerType::Manual; });
  if (!any) return true;
  std::optional<storage::Ticket> ticket;
  try {
    ticket = storage::TicketRepository(db_).find(e.entity_id);
  } catch (const storage::StoreError& err) {
    if (err.kind() == storage::ErrorKind::Internal || err.retryable())
      throw;  // the store itself: read it again later
    spdlog::error("event {}: ticket {} could not be read: {}", e.id, e.entity_id, err.what());
    return true;
  }
  if (!ticket) return true;  // deleted since
  storage::FlowRunRepository repo(db_);
  for (const auto& flow : defs.flows) {
    try {
      const auto context = trigger_context(flow.trigger, &e, *ticket);
      if (!context) continue;
      if (ticket->status == storage::TicketStatus::Cancelled && !starts_on_cancel(flow)) {
        spdlog::info("event {}: flow '{}' not started, ticket {} is cancelled", e.id, flow.name, ticket->id);
        continue;
      }
      if (pool_.free_slots() <= 0) return false;
      storage::NewFlowRun in;
      in.flow_name = flow.name;
      in.flow_file = flow_file(flow);
      in.ticket_id = ticket->id;
      in.trigger_type = std::string(to_string(flow.trigger.type));
      in.trigger_event_id = e.id;
      in.trigger_json = context->dump();
      auto run = repo.claim(in, runner_id_);
      if (!run) continue;  // another runner has it
      spdlog::info("{}: claimed flow '{}' for {} (event {})", run->id, flow.name, ticket->id, e.id);
      pool_.submit(RunJob{run->id, ticket->id, e.id, keep, &flow, false});
    } catch (const storage::StoreError& err) {
      if (err.kind() == storage::ErrorKind::Internal || err.retryable()) throw;  // the store, not the input
      spdlog::error("event {}: flow '{}' for {} not started: {}", e.id, flow.name, ticket->id, err.what());
    } catch (const std::exception& err) {
      spdlog::error("event {}: flow '{}' for {} not started: {}", e.id, flow.name, ticket->id, err.what());
    }
  }
  return true;
}

void TriggerScan::scan_cancellations() {
  storage::EventFeed feed(db_);
  for (;;) {
    const auto events = feed.events_after(watch_pos_, kWatchPage);
    for (const auto& e : events) {
      if (ends_ticket(e)) pool_.cancel_ticket(e.entity_id, e.id);
      watch_pos_ = e.id;
    }
    if (static_cast<int>(events.size()) < kWatchPage) return;
  }
}

}  // namespace sciorex::flows
