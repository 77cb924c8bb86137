// The serving runner's workers (issue 12): at most `max_runs` flow runs execute at once, each on a
// worker thread with the flow engine. The pool keeps a cancel flag per run (a cancelled ticket
// cancels its runs: the engine records them cancelled) and an agent-stop flag, the one the agent
// launcher watches, so that stopping the runner stops the running agents' processes without
// recording anything: those runs stay running in the store, held by a runner that unregisters,
// for the next runner to take over as interrupted.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "agent_launcher.hpp"
#include "definitions.hpp"

namespace sciorex::storage {
class Database;
}

namespace sciorex::flows {

struct RunJob {
  std::string run_id;
  std::optional<std::string> ticket_id;
  std::int64_t trigger_event_id = 0;  // 0 for a run without one
  std::shared_ptr<const Definitions> defs;
  const Flow* flow = nullptr;  // inside *defs
  bool cancelled = false;      // cancel before it starts (its ticket is cancelled already)
};

class RunPool {
 public:
  // `on_slot_free` is called (on a worker thread) whenever a run ends.
  RunPool(storage::Database& db, AgentLauncher& launcher, std::string runner_id, int max_runs,
          std::function<void()> on_slot_free);
  ~RunPool();
  RunPool(const RunPool&) = delete;
  RunPool& operator=(const RunPool&) = delete;

  // How many more runs may be submitted now (max_runs minus those queued or executing).
  int free_slots() const;
  int active() const;
  // Queues a run this runner holds; it starts as soon as a worker is free.
  void submit(RunJob job);
  // Cancels this runner's runs of `ticket_id` that started from an event before `before_event`
  // (all of them when 0). Returns how many.
  int cancel_ticket(const std::string& ticket_id, std::int64_t before_event = 0);
  // This runner's runs are no longer its own (it was taken for gone and its runs were taken
  // over): their agents are stopped and nothing more is recorded for them.
  void abandon_all();
  // No run starts any more; running agents are stopped and their runs left as they are in the
  // store (running, to be taken over); waits for the workers. Idempotent.
  void stop();

 private:
  struct Entry;
  class StoppingLauncher;
  void work();
  void execute(const RunJob& job, Entry& entry);

  storage::Database& db_;
  std::string runner_id_;
  int max_runs_;
  std::function<void()> on_slot_free_;
  std::unique_ptr<StoppingLauncher> launcher_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<RunJob> queue_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;  // queued or executing, by run id
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace sciorex::flows
