// Database: a store handle (pimpl; SQLiteCpp and libpq stay private). A `path` that is a
// PostgreSQL connection string (is_database_uri, database_uri.hpp) opens the PostgreSQL backend
// (storage/README.md: a pool, SERIALIZABLE writes retried on conflict, the same repositories and
// guarantees); everything below describes the SQLite one, a file or ":memory:".
//
// Opening sets WAL, busy_timeout (10 s), foreign_keys=ON, synchronous=NORMAL and runs the
// PRAGMA user_version migrations inside BEGIN IMMEDIATE (so concurrent openers migrate once).
// A file database checkpoints its WAL on a background thread with a connection of its own once a
// commit leaves 1,000 frames in it, so no write waits for a checkpoint's fsync.
//
// Threads: any number of threads may share a Database. Writes go through its first connection,
// one at a time. A read takes a free connection; when every open one is busy, a file database
// opens one more (two at most), so two threads can read at once; an in-memory database has one
// connection and serialises everything. Other processes (or other Database objects on the same
// file) use their own connections; SQLite's locking plus `write`'s retry keep them consistent.
//
// write(fn) runs fn inside BEGIN IMMEDIATE ... COMMIT. If fn throws, the transaction is rolled
// back and the exception propagates. If SQLite reports BUSY/LOCKED after the busy timeout, the
// whole transaction (fn included) is retried with backoff, so fn must only touch the database
// and its own captured results. read(fn) runs fn in a deferred (read) transaction: one snapshot.
// fn must not call back into the same Database (the mutex is not recursive).
//
// Throws StoreError(Internal) for SQLite failures other than contention (and for contention
// that lasts longer than two minutes); exceptions from fn propagate unchanged.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "sciorex/storage/config.hpp"

namespace sciorex::storage {

class Tx;  // a running transaction; defined in the library's private headers

class Database {
 public:
  static constexpr int kBusyTimeoutMs = 10000;

  // `path` is a file path, ":memory:" or a PostgreSQL connection string. Throws
  // StoreError(Internal) if it cannot be opened or its schema is newer than this build
  // (StoreError(Unavailable) when a database server cannot be reached). `busy_timeout_ms` is
  // SQLite's wait for a lock before `write` backs off and retries (tests shorten it).
  explicit Database(const std::string& path, StoreConfig config = {}, int busy_timeout_ms = kBusyTimeoutMs);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const;
  const StoreConfig& config() const;

  int schema_version();                 // PRAGMA user_version now
  static int latest_schema_version();   // what this build migrates to
  int migrations_applied() const;       // steps run when this handle opened (0: up to date)
  long background_checkpoints() const;  // checkpoints the background thread has completed
  int open_connections() const;         // 1, or 2 once reads have overlapped

  void write(const std::function<void(Tx&)>& fn);
  void read(const std::function<void(Tx&)>& fn);

  // For EventFeed::wake_on_events (event_feed.hpp): registers a wake-up for committed events and
  // returns its id, or 0 when the backend has no such signal (SQLite); remove stops the calls.
  std::uint64_t add_event_waker(std::function<void()> wake);
  void remove_event_waker(std::uint64_t id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Opens the store of a resolved workspace: creates its `.sciorex/` (and the db's folder), reads
// `.sciorex/sciorex.yaml`, opens the database. Throws StoreError (see prepare_workspace).
std::unique_ptr<Database> open_workspace(const Workspace& ws);

}  // namespace sciorex::storage
