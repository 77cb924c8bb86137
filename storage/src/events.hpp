// Appending to and reading from the events table inside a transaction (private).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sciorex/storage/ticket.hpp"
#include "tx.hpp"

namespace sciorex::storage {

// Appends an event stamped with the transaction's time; returns its id.
std::int64_t append_event(Tx& tx, std::string_view entity_type, const std::string& entity_id,
                          std::string_view action, const nlohmann::json& details, const Actor& actor,
                          bool in_history = true);

// Appends a history event with an explicit timestamp (import).
void append_history(Tx& tx, std::string_view entity_type, const std::string& entity_id,
                    const HistoryEntry& entry);

std::vector<HistoryEntry> load_history(Tx& tx, std::string_view entity_type, const std::string& entity_id);
// The columns read_history reads, as load_history (and PostgreSQL's ticket detail) select them.
inline constexpr const char* kHistoryColumns =
    "ts, action, details, actor_type, actor_id, actor_client, actor_on_behalf_of";
std::vector<HistoryEntry> read_history(Stmt& st);

// Takes an entity's entries out of its history (import replaces them); the feed keeps them.
void retire_history(Tx& tx, std::string_view entity_type, const std::string& entity_id);

// Actor validation: id 1..200 characters.
void validate_actor(const Actor& actor);

}  // namespace sciorex::storage
