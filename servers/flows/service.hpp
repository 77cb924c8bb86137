// The serving runner (issue 12): `sciorex-flows serve`. Watches the store's events from the shared
// cursor, starts every flow whose trigger matches (claimed in the store, so that one event starts a
// flow exactly once with any number of runners), runs at most `max_runs` at once, takes over the
// runs of runners that went away (onInterrupt: retry resumes them, fail fails them), cancels the
// runs of a ticket that gets cancelled, and reloads the definitions when their files change.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "agent_launcher.hpp"

namespace sciorex::storage {
class Database;
}

namespace sciorex::flows {

struct ServiceOptions {
  int max_runs = 2;                              // runs executing at once (--max-runs)
  std::chrono::milliseconds poll{100};           // how often the events are read
  std::chrono::milliseconds heartbeat{2000};     // how often this runner says it is alive
  std::chrono::seconds stale_after{10};          // a runner silent this long has gone away
  std::chrono::milliseconds reload_check{1000};  // how often definition files are checked
  std::chrono::milliseconds orphan_check{2000};  // how often runs of runners gone away are taken
};

class Service {
 public:
  // sciorex_dir holds flows/ and agents/. The Database and launcher must outlive the Service.
  Service(std::filesystem::path sciorex_dir, storage::Database& db, AgentLauncher& launcher,
          ServiceOptions options = {});
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Serves until `stop` becomes true; then stops taking events, cancels nothing that is running
  // but stops its agents and unregisters, so that the runs it held are taken over (as interrupted)
  // by the next runner. Logs to stderr (spdlog).
  void serve(const std::atomic<bool>& stop);
  const std::string& runner_id() const;
  // The definitions being served (reloaded when their files change), with their errors; nullptr
  // until serve() has read them. Safe to call from any thread.
  std::shared_ptr<const Definitions> definitions() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sciorex::flows
