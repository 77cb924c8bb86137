// InteractionRepository: the durable inbox. A question or approval is stored pending before
// anyone is asked, so it survives the asking call (a host timing out, a cancelled call, a crash)
// and can be answered from another process; the asking call polls for the answer.
//
// Each mutating call is one BEGIN IMMEDIATE transaction that appends its event (entity
// "interaction") and, when the interaction names a ticket, a history entry on that ticket
// (interaction_created, interaction_answered, interaction_withdrawn) in the same transaction.
//
// Thread-safe as Database is. Holds a reference: the Database must outlive it.
// Throws StoreError: NotFound (unknown interaction or ticket), InvalidArgument (empty summary,
// bad JSON text, too long), Conflict (answering one that is no longer pending), Internal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sciorex/storage/interaction.hpp"

namespace sciorex::storage {

class Database;

class InteractionRepository {
 public:
  explicit InteractionRepository(Database& db) : db_(db) {}

  // Questions and approvals start pending; notifications start delivered.
  Interaction create(const NewInteraction& input, const Actor& actor);
  std::optional<Interaction> find(const std::string& id);
  Interaction get(const std::string& id);  // NotFound with a hint
  // Records the answer of a pending interaction. Conflict when it was already answered or
  // withdrawn (the message says by whom and when).
  Interaction answer(const std::string& id, const std::string& answer_json, const std::string& channel,
                     const Actor& actor);
  // Marks a pending interaction withdrawn; a no-op for one that is no longer pending.
  Interaction withdraw(const std::string& id, const Actor& actor);
  // Newest first. pending_only: questions and approvals still waiting.
  std::vector<Interaction> list(bool pending_only, int limit = 100);

 private:
  Database& db_;
};

}  // namespace sciorex::storage
