// The serving loop (see service.hpp): one thread reads the feed, reloads the definitions and takes
// over orphaned runs; a second says this runner is alive; the run pool's workers execute the runs.
#include "service.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <climits>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

#include "definitions_watch.hpp"
#include "run_pool.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "trigger_scan.hpp"

namespace sciorex::flows {

namespace {

using ServiceClock = std::chrono::steady_clock;

std::string this_host() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

std::string random_hex(int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::uniform_int_distribution<int> pick(0, 15);
  std::string out;
  for (int i = 0; i < digits; ++i) out += kHex[pick(rd)];
  return out;
}

// Runs one step of the loop; a failure is logged and the loop goes on.
template <class Fn>
void logged_step(const char* what, Fn&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    spdlog::error("flows runner: {} failed: {}", what, e.what());
  }
}

}  // namespace

struct Service::Impl {
  Impl(std::filesystem::path dir, storage::Database& database, AgentLauncher& agent_launcher,
       ServiceOptions o)
      : sciorex_dir(std::move(dir)),
        db(database),
        launcher(agent_launcher),
        options(o),
        runner{this_host() + ":" + std::to_string(getpid()) + ":" + random_hex(8), this_host(), getpid()},
        watch(sciorex_dir) {}

  void serve(const std::atomic<bool>& stop);
  void beat(RunPool& pool);
  void take_orphans(RunPool& pool);
  void wake() {
    {
      std::lock_guard lock(mu);
      woken = true;
    }
    cv.notify_all();
  }

  std::filesystem::path sciorex_dir;
  storage::Database& db;
  AgentLauncher& launcher;
  ServiceOptions options;
  storage::RunnerInfo runner;
  DefinitionsWatch watch;
  std::shared_ptr<const Definitions> defs;  // the serving thread's
  mutable std::mutex defs_mu;               // guards `served`, what definitions() answers
  std::shared_ptr<const Definitions> served;

  std::mutex mu;
  std::condition_variable cv;
  bool woken = false;
  bool beating = false;
};

Service::Service(std::filesystem::path sciorex_dir, storage::Database& db, AgentLauncher& launcher,
                 ServiceOptions options)
    : impl_(std::make_unique<Impl>(std::move(sciorex_dir), db, launcher, options)) {}

Service::~Service() = default;

const std::string& Service::runner_id() const { return impl_->runner.id; }

void Service::serve(const std::atomic<bool>& stop) { impl_->serve(stop); }

std::shared_ptr<const Definitions> Service::definitions() const {
  std::lock_guard lock(impl_->defs_mu);
  return impl_->served;
}

// The heartbeat, on its own thread so that a long pass of the loop never makes this runner look
// gone. A runner whose record went missing (taken for gone, its runs taken over) stops the agents
// of the runs that are no longer its own and registers again.
void Service::Impl::beat(RunPool& pool) {
  storage::FlowRunRepository repo(db);
  std::unique_lock lock(mu);
  while (beating) {
    cv.wait_for(lock, options.heartbeat, [this] { return !beating; });
    if (!beating) break;
    lock.unlock();
    try {
      repo.heartbeat(runner.id);
    } catch (const storage::StoreError& e) {
      if (e.kind() == storage::ErrorKind::NotFound) {
        spdlog::warn("flows runner {}: taken for gone by another runner; registering again", runner.id);
        pool.abandon_all();
        logged_step("registering again", [&] { repo.register_runner(runner); });
      } else {
        spdlog::error("flows runner: heartbeat failed: {}", e.what());
      }
    } catch (const std::exception& e) {
      spdlog::error("flows runner: heartbeat failed: {}", e.what());
    }
    lock.lock();
  }
}

// Runs of runners that went away: onInterrupt retry resumes them here, fail fails them.
void Service::Impl::take_orphans(RunPool& pool) {
  if (pool.free_slots() <= 0) return;
  storage::FlowRunRepository repo(db);
  for (const auto& run : repo.take_orphaned_runs(runner.id, options.stale_after)) {
    logged_step("taking over an interrupted run", [&] {
      const Flow* flow = defs ? defs->find_flow(run.flow_name) : nullptr;
      if (!flow) {
        const std::string why = "interrupted: its runner went away, and flow '" + run.flow_name +
                                "' no longer exists in " + (sciorex_dir / "flows").string() +
                                ", so it cannot be continued";
        spdlog::error("{}: {}", run.id, why);
        repo.finish(run.id, storage::FlowRunStatus::Failed, why);
        return;
      }
      if (flow->on_interrupt == OnInterrupt::Fail) {
        spdlog::info("{}: flow '{}' interrupted (its runner went away); onInterrupt: fail", run.id,
                     flow->name);
        repo.finish(run.id, storage::FlowRunStatus::Failed, "interrupted: its runner went away");
        return;
      }
      const auto resumed = repo.resume(run.id, runner.id);
      // Resumed, so it is this runner's to end: a failure to read its ticket must not leave it held.
      bool cancelled = false;
      if (resumed.ticket_id) {
        logged_step("reading a resumed run's ticket", [&] {
          const auto ticket = storage::TicketRepository(db).find(*resumed.ticket_id);
          cancelled = !ticket || (ticket->status == storage::TicketStatus::Cancelled &&
                                  flow->trigger.to_status != storage::TicketStatus::Cancelled);
        });
      }
      spdlog::info("{}: flow '{}' interrupted (its runner went away); retrying, attempt {}", run.id,
                   flow->name, resumed.attempt);
      pool.submit(
          RunJob{run.id, resumed.ticket_id, resumed.trigger_event_id.value_or(0), defs, flow, cancelled});
    });
  }
}

void Service::Impl::serve(const std::atomic<bool>& stop) {
  storage::FlowRunRepository repo(db);
  repo.register_runner(runner);
  spdlog::info("flows runner {} serving {} (at most {} runs at once)", runner.id, sciorex_dir.string(),
               options.max_runs);
  const std::filesystem::path root = std::filesystem::absolute(sciorex_dir).parent_path();
  RunPool pool(db, launcher, runner.id, options.max_runs, [this] { wake(); });
  TriggerScan scan(db, pool, runner.id, root);
  // On PostgreSQL a trigger is read as soon as it is committed, not at the next poll.
  const auto wakeup = storage::EventFeed(db).wake_on_events([this] { wake(); });
  {
    std::lock_guard lock(mu);
    beating = true;
  }
  std::thread heart([this, &pool] { beat(pool); });

  bool started = false;
  auto next_reload = ServiceClock::now();
  auto next_orphans = ServiceClock::now();
  while (!stop.load()) {
    const auto now = ServiceClock::now();
    if (now >= next_reload) {
      logged_step("reading the definitions", [&] {
        if (auto fresh = watch.reload_if_changed()) {
          defs = fresh;
          std::lock_guard lock(defs_mu);
          served = std::move(fresh);
        }
      });
      next_reload = now + options.reload_check;
    }
    if (!started) {
      logged_step("reading the cursor", [&] {
        scan.start();
        started = true;
      });
    }
    bool more = false;
    if (started) {
      logged_step("reading the events", [&] { more = scan.scan_triggers(defs); });
      logged_step("reading cancellations", [&] { scan.scan_cancellations(); });
    }
    if (now >= next_orphans) {
      logged_step("taking over orphaned runs", [&] { take_orphans(pool); });
      next_orphans = now + options.orphan_check;
    }
    if (more) continue;
    std::unique_lock lock(mu);
    cv.wait_for(lock, options.poll, [this] { return woken; });
    woken = false;
  }

  spdlog::info("flows runner {} stopping: {} runs left for the next runner", runner.id, pool.active());
  pool.stop();
  {
    std::lock_guard lock(mu);
    beating = false;
  }
  cv.notify_all();
  heart.join();
  logged_step("unregistering", [&] { repo.unregister_runner(runner.id); });
  spdlog::info("flows runner {} stopped", runner.id);
}

}  // namespace sciorex::flows
