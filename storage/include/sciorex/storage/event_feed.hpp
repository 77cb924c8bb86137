// EventFeed: the change feed. Every change to the store appends one row to the events table in
// the same transaction as the change; a ticket's history is its events in order. Other server
// processes poll events_after(last_id) to learn what changed (resource notifications, flows),
// woken early by wake_on_events where the backend can tell them (PostgreSQL's NOTIFY).
//
// Holds a reference to a Database (which must outlive it); thread-safe as Database is.
// Throws StoreError(InvalidArgument) for a bad limit, StoreError(Internal) on SQLite failures.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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

// A registered wake-up (EventFeed::wake_on_events); destroying it stops the calls, waiting for
// one under way.
class EventWakeup {
 public:
  EventWakeup(Database& db, std::uint64_t id) : db_(db), id_(id) {}
  ~EventWakeup();
  EventWakeup(const EventWakeup&) = delete;
  EventWakeup& operator=(const EventWakeup&) = delete;

 private:
  Database& db_;
  std::uint64_t id_;
};

class EventFeed {
 public:
  explicit EventFeed(Database& db) : db_(db) {}

  // Events with id > last_id, oldest first, at most `limit` (1..10000).
  std::vector<Event> events_after(std::int64_t last_id, int limit = 100);
  // The id of the newest event, 0 when there is none.
  std::int64_t last_event_id();
  // Calls `wake` as soon as events may have been committed by any process, where the backend can
  // tell: on PostgreSQL a LISTEN on the channel the events table notifies (issue 13), also after
  // that connection comes back (what was notified meanwhile is lost: read events_after again).
  // A watcher then reads at once instead of at its next tick; it keeps its tick all the same.
  // Returns nullptr on SQLite, which has no such signal (watchers poll the file). `wake` runs on a
  // storage thread: it must be quick (set a flag, notify a condition variable) and must not
  // destroy the returned object.
  std::unique_ptr<EventWakeup> wake_on_events(std::function<void()> wake);

 private:
  Database& db_;
};

}  // namespace sciorex::storage
