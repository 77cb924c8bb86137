// EventFeed: the change feed. Every change to the store appends one row to the events table in
// the same transaction as the change; a ticket's history is its events in order. Other server
// processes poll events_after(last_id) to learn what changed (resource notifications, flows).
//
// Holds a reference to a Database (which must outlive it); thread-safe as Database is.
// Throws StoreError(InvalidArgument) for a bad limit, StoreError(Internal) on SQLite failures.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sciorex/storage/types.hpp"

namespace sciorex::storage {

class Database;

struct Event {
  std::int64_t id = 0;      // strictly increasing, never reused
  std::string timestamp;    // ISO-8601 UTC
  std::string entity_type;  // "ticket", "epic" (later "interaction")
  std::string entity_id;
  std::string action;        // created, status_changed, updated, ..., deleted, imported
  std::string details_json;  // a JSON object as text
  Actor actor;
  bool in_history = true;  // false for feed-only events (e.g. "imported")
};

class EventFeed {
 public:
  explicit EventFeed(Database& db) : db_(db) {}

  // Events with id > last_id, oldest first, at most `limit` (1..10000).
  std::vector<Event> events_after(std::int64_t last_id, int limit = 100);
  // The id of the newest event, 0 when there is none.
  std::int64_t last_event_id();

 private:
  Database& db_;
};

}  // namespace sciorex::storage
