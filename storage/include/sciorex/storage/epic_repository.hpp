// EpicRepository: the epic aggregate (an epic and its session links) over one Database; its
// progress is derived from the tickets whose epicId names it.
//
// Mutating calls take the Actor, run as one BEGIN IMMEDIATE transaction and append their history
// event (created, updated, status_changed) in it. Epic statuses change freely (no transition
// table in the contract); completedAt is set on entering completed and cleared on leaving it.
//
// Thread-safe (Database serialises calls). Holds a reference: the Database must outlive it.
// Throws StoreError: NotFound (unknown epic), InvalidArgument (empty/long title), Internal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sciorex/storage/epic.hpp"
#include "sciorex/storage/types.hpp"

namespace sciorex::storage {

class Database;

class EpicRepository {
 public:
  explicit EpicRepository(Database& db) : db_(db) {}

  Epic create(const NewEpic& input, const Actor& actor);
  std::optional<EpicDetail> find(const std::string& id);  // with tickets, progress, sessions, history
  EpicDetail get(const std::string& id);                  // NotFound when unknown
  std::vector<EpicSummary> list();                        // id order, each with progress
  // Partial update; no event when nothing changes. A status change is recorded as
  // status_changed {from, to}, other fields as updated {field: {from, to}}.
  Epic update(const std::string& id, const EpicPatch& patch, const Actor& actor);

 private:
  Database& db_;
};

}  // namespace sciorex::storage
