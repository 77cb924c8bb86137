// The serving runner's reading of the change feed (issue 12). Triggers: the events after the
// shared cursor (or after what this runner has handled, when that is further), in order; for a
// ticket created, a status change or a subtask completed, the ticket is read and each loaded flow
// whose trigger matches is claimed in the store and, when this runner got the claim, run. An event
// is done when every matching flow has been claimed (by anyone); the scan stops at the first event
// it cannot finish for want of a free run slot and takes it up again when a slot frees. Then the
// shared cursor moves past the events done. Cancellations: every event after this runner's own
// position (not the shared cursor, which other runners move): a ticket moved to cancelled or deleted
// cancels this runner's runs of it that started from an earlier event.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "definitions.hpp"
#include "run_pool.hpp"

namespace sciorex::storage {
class Database;
struct Event;
}  // namespace sciorex::storage

namespace sciorex::flows {

class TriggerScan {
 public:
  // workspace_root: what a run's flow_file is written relative to.
  TriggerScan(storage::Database& db, RunPool& pool, std::string runner_id,
              std::filesystem::path workspace_root);

  // Sets the shared cursor to the newest event when no runner ever served this store, and this
  // runner's cancellation position to the newest event.
  void start();
  // One pass over new trigger events; true when a full page was read (more may be waiting).
  bool scan_triggers(const std::shared_ptr<const Definitions>& defs);
  // One pass over new events for cancelled or deleted tickets.
  void scan_cancellations();

  // A run's flow_file: the flow's file relative to the workspace when it is inside it.
  std::string flow_file(const Flow& flow) const;

 private:
  // False when it stopped for want of a run slot (the event is to be read again).
  bool handle(const storage::Event& e, const Definitions& defs,
              const std::shared_ptr<const Definitions>& keep);

  storage::Database& db_;
  RunPool& pool_;
  std::string runner_id_;
  std::filesystem::path root_;
  std::int64_t done_ = 0;       // every trigger event up to here is handled
  std::int64_t watch_pos_ = 0;  // cancellations read up to here
};

}  // namespace sciorex::flows
