#include "run_pool.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "engine.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/flow_run_repository.hpp"

namespace sciorex::flows {

namespace {

// Thrown through the engine when the runner stops while a run's agent runs: not a std::exception,
// so that the engine's handlers of agent and store failures let it pass and record nothing. The
// run stays running in the store, for the next runner to take over as interrupted.
struct RunLeftForTakeover {};

}  // namespace

struct RunPool::Entry {
  std::optional<std::string> ticket_id;
  std::int64_t trigger_event_id = 0;
  std::atomic<bool> cancel{false};      // the engine's: the run ends cancelled
  std::atomic<bool> agent_stop{false};  // the launcher's: the agent's process group is stopped
  std::atomic<bool> lost{false};        // taken over by another runner: record nothing more
};

// Runs each agent with the run's agent-stop flag instead of the engine's cancel flag, so that a
// stopping runner can stop the agent without the engine recording a cancellation.
class RunPool::StoppingLauncher final : public AgentLauncher {
 public:
  StoppingLauncher(RunPool& pool, AgentLauncher& inner) : pool_(pool), inner_(inner) {}

  AgentOutcome run(const AgentCall& call, const std::atomic<bool>& cancel) override {
    std::shared_ptr<Entry> entry;
    {
      std::lock_guard lock(pool_.mu_);
      if (pool_.stopping_) throw RunLeftForTakeover{};
      auto it = pool_.entries_.find(call.run_id);
      if (it != pool_.entries_.end()) entry = it->second;
    }
    if (!entry) return inner_.run(call, cancel);  // not one of the pool's runs
    if (entry->lost) throw RunLeftForTakeover{};
    AgentOutcome out = inner_.run(call, entry->agent_stop);
    if (entry->lost || (!entry->cancel.load() && stopping())) throw RunLeftForTakeover{};
    return out;
  }

 private:
  bool stopping() const {
    std::lock_guard lock(pool_.mu_);
    return pool_.stopping_;
  }
  RunPool& pool_;
  AgentLauncher& inner_;
};

RunPool::RunPool(storage::Database& db, AgentLauncher& launcher, std::string runner_id, int max_runs,
                 std::function<void()> on_slot_free)
    : db_(db),
      runner_id_(std::move(runner_id)),
      max_runs_(std::max(1, max_runs)),
      on_slot_free_(std::move(on_slot_free)),
      launcher_(std::make_unique<StoppingLauncher>(*this, launcher)) {
  workers_.reserve(static_cast<std::size_t>(max_runs_));
  for (int i = 0; i < max_runs_; ++i) workers_.emplace_back([this] { work(); });
}

RunPool::~RunPool() { stop(); }

int RunPool::free_slots() const {
  std::lock_guard lock(mu_);
  return stopping_ ? 0 : max_runs_ - static_cast<int>(entries_.size());
}

int RunPool::active() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(entries_.size());
}

void RunPool::submit(RunJob job) {
  auto entry = std::make_shared<Entry>();
  entry->ticket_id = job.ticket_id;
  entry->trigger_event_id = job.trigger_event_id;
  if (job.cancelled) {
    entry->cancel = true;
    entry->agent_stop = true;
  }
  {
    std::lock_guard lock(mu_);
    entries_[job.run_id] = std::move(entry);
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
}

int RunPool::cancel_ticket(const std::string& ticket_id, std::int64_t before_event) {
  int n = 0;
  std::lock_guard lock(mu_);
  for (auto& [id, e] : entries_) {
    if (e->ticket_id != ticket_id) continue;
    if (before_event > 0 && e->trigger_event_id >= before_event) continue;
    if (e->cancel.exchange(true)) continue;
    e->agent_stop = true;
    spdlog::info("{}: cancelled, its ticket {} was cancelled or deleted", id, ticket_id);
    ++n;
  }
  return n;
}

void RunPool::abandon_all() {
  std::lock_guard lock(mu_);
  for (auto& [id, e] : entries_) {
    if (e->lost.exchange(true)) continue;
    e->agent_stop = true;
    spdlog::warn("{}: no longer this runner's (its heartbeat was found stale); its agent is stopped", id);
  }
}

void RunPool::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    for (auto& [id, e] : entries_) e->agent_stop = true;
  }
  cv_.notify_all();
  for (auto& w : workers_)
    if (w.joinable()) w.join();
  workers_.clear();
  std::lock_guard lock(mu_);
  for (const auto& job : queue_)
    spdlog::info("{}: not started; left for the next runner to take over", job.run_id);
  queue_.clear();
  entries_.clear();
}

void RunPool::work() {
  for (;;) {
    RunJob job;
    std::shared_ptr<Entry> entry;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      entry = entries_.at(job.run_id);
    }
    execute(job, *entry);
    {
      std::lock_guard lock(mu_);
      if (!stopping_) entries_.erase(job.run_id);
    }
    if (on_slot_free_) on_slot_free_();
  }
}

void RunPool::execute(const RunJob& job, Entry& entry) {
  const std::string ticket = job.ticket_id.value_or("no ticket");
  spdlog::info("{}: flow '{}' for {} starting", job.run_id, job.flow->name, ticket);
  try {
    Engine engine(db_, *launcher_, runner_id_);
    const storage::FlowRun run = engine.execute(*job.flow, *job.defs, job.run_id, entry.cancel);
    spdlog::info("{}: flow '{}' for {} {}{}", job.run_id, job.flow->name, ticket,
                 storage::to_string(run.status), run.error ? ": " + *run.error : std::string());
  } catch (const RunLeftForTakeover&) {
    if (!entry.lost)
      spdlog::info(
          "{}: the runner is stopping; its agent was stopped and the run is left for the next runner",
          job.run_id);
  } catch (const std::exception& e) {
    spdlog::error("{}: flow '{}' for {} broke off: {}", job.run_id, job.flow->name, ticket, e.what());
    // Record the failure unless the run has ended or changed hands meanwhile.
    try {
      storage::FlowRunRepository repo(db_);
      auto run = repo.find(job.run_id);
      if (run && run->status == storage::FlowRunStatus::Running && run->runner_id == runner_id_)
        repo.finish(job.run_id, storage::FlowRunStatus::Failed,
                    std::string("the runner failed: ") + e.what());
    } catch (const std::exception& again) {
      spdlog::error("{}: could not record its failure: {}", job.run_id, again.what());
    }
  }
}

}  // namespace sciorex::flows
