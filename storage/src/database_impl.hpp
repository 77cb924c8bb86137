// StoreBackend: what a store handle (database.hpp) is on each backend: SQLite's in database.cpp,
// PostgreSQL's in pg/pg_store.cpp. Private to the storage library.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "sciorex/storage/database.hpp"
#include "tx.hpp"

namespace sciorex::storage {

struct StoreBackend {
  StoreBackend() = default;
  StoreBackend(const StoreBackend&) = delete;
  StoreBackend& operator=(const StoreBackend&) = delete;
  virtual ~StoreBackend() = default;

  std::string path;
  StoreConfig config;
  int applied = 0;

  virtual int schema_version() = 0;
  virtual long background_checkpoints() const { return 0; }
  virtual int open_connections() const = 0;
  virtual void run(bool writable, const std::function<void(Tx&)>& fn) = 0;
  // The wake-up of watchers (EventFeed::wake_on_events): 0 where the backend has none (SQLite).
  virtual std::uint64_t add_event_waker(std::function<void()>&& /*wake*/) { return 0; }
  virtual void remove_event_waker(std::uint64_t /*id*/) {}
};

// A store on PostgreSQL at `uri` (database_uri.hpp), migrated. Throws StoreError(Unavailable)
// when the server cannot be reached, StoreError(Internal) for a schema newer than this build.
std::unique_ptr<StoreBackend> open_pg_store(const std::string& uri, StoreConfig config);

}  // namespace sciorex::storage
