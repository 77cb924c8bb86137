// Database: connection setup, migrations on open, and the write/read transaction helpers with
// retry on contention (see the header for the contract).
#include "sciorex/storage/database.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include "checkpointer.hpp"
#include "sciorex/storage/errors.hpp"
#include "tx.hpp"

namespace sciorex::storage {
namespace {

constexpr auto kMaxContention = std::chrono::minutes(2);

bool is_contention(const SQLite::Exception& e) {
  const int code = e.getErrorCode() & 0xff;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

// Backoff between retries: 1..64 ms, jittered so competing processes do not move in lockstep.
void backoff(int attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  const int cap = 1 << std::min(attempt, 6);
  std::this_thread::sleep_for(std::chrono::milliseconds(1 + static_cast<int>(rng() % cap)));
}

}  // namespace

struct Database::Impl {
  std::string path;
  StoreConfig config;
  std::mutex mutex;
  std::unique_ptr<SQLite::Database> db;
  StatementCache cache;
  std::unique_ptr<Checkpointer> checkpointer;  // file databases only
  int applied = 0;

  // Runs body with retries on contention; body gets the attempt number.
  template <class F>
  void with_retry(const char* what, F&& body) {
    const auto start = std::chrono::steady_clock::now();
    for (int attempt = 0;; ++attempt) {
      try {
        body();
        return;
      } catch (const SQLite::Exception& e) {
        if (!is_contention(e)) throw StoreError::internal(std::string(what) + ": " + e.what());
        if (std::chrono::steady_clock::now() - start > kMaxContention)
          throw StoreError::internal(std::string(what) +
                                     ": database stayed locked for too long: " + e.what());
        backoff(attempt);
      }
    }
  }

  // BEGIN, BEGIN IMMEDIATE and COMMIT prepared once (sqlite3_exec would compile them per call).
  std::unique_ptr<SQLite::Statement> begin_read, begin_write, commit;

  void step(std::unique_ptr<SQLite::Statement>& st, const char* sql) {
    if (!st) st = std::make_unique<SQLite::Statement>(*db, sql);
    st->tryReset();  // a failed COMMIT leaves its error on the statement; this call starts afresh
    st->exec();
  }

  void run(bool writable, const std::function<void(Tx&)>& fn) {
    std::lock_guard lock(mutex);
    with_retry(writable ? "write" : "read", [&] {
      step(writable ? begin_write : begin_read, writable ? "BEGIN IMMEDIATE" : "BEGIN");
      try {
        Tx tx(*db, cache, config, writable);
        fn(tx);
        cache.reset_used();
        step(commit, "COMMIT");
      } catch (...) {
        cache.reset_used();
        db->tryExec("ROLLBACK");
        throw;
      }
    });
  }
};

Database::Database(const std::string& path, StoreConfig config, int busy_timeout_ms)
    : impl_(std::make_unique<Impl>()) {
  // SQLite counts every allocation under a process-wide mutex for sqlite3_memory_used(), which we
  // never read: two lock operations per malloc, a few hundred per ticket read. Off before the first
  // connection initialises the library (afterwards the call is refused, harmlessly).
  static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memstatus_off;
  validate(config);
  impl_->path = path;
  impl_->config = std::move(config);
  try {
    impl_->db = std::make_unique<SQLite::Database>(
        // NOMUTEX: the connection is only used under `mutex` (or before the object is shared),
        // so SQLite's own per-call locking would only repeat ours on every bind, step and column.
        path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, busy_timeout_ms);
  } catch (const SQLite::Exception& e) {
    throw StoreError::internal("Cannot open the database at " + path + ": " + e.what());
  }
  impl_->with_retry("open", [&] {
    impl_->db->exec("PRAGMA journal_mode=WAL");
    impl_->db->exec("PRAGMA foreign_keys=ON");
    impl_->db->exec("PRAGMA synchronous=NORMAL");
    // 2 MiB page cache per connection (two per server): the b-tree interiors stay cached and the
    // OS page cache holds the rest; 8 MiB each took a server past 20 MB at 100k tickets.
    impl_->db->exec("PRAGMA cache_size=-2048");
  });
  impl_->with_retry("migrate", [&] {
    impl_->db->exec("BEGIN IMMEDIATE");
    try {
      impl_->applied = run_migrations(*impl_->db);
      impl_->db->exec("COMMIT");
    } catch (...) {
      impl_->db->tryExec("ROLLBACK");
      throw;
    }
  });
  // A file database checkpoints on a thread of its own (see checkpointer.hpp); an in-memory one
  // has no WAL.
  const char* file = sqlite3_db_filename(impl_->db->getHandle(), "main");
  if (file && *file) impl_->checkpointer = std::make_unique<Checkpointer>(impl_->db->getHandle(), file);
}

Database::~Database() {
  if (impl_) {  // stop checkpointing and finalize statements before the connection closes
    impl_->checkpointer.reset();
    impl_->cache.clear();
    impl_->begin_read.reset();
    impl_->begin_write.reset();
    impl_->commit.reset();
  }
}

const std::string& Database::path() const { return impl_->path; }
const StoreConfig& Database::config() const { return impl_->config; }
int Database::migrations_applied() const { return impl_->applied; }
long Database::background_checkpoints() const {
  return impl_->checkpointer ? impl_->checkpointer->completed() : 0;
}
int Database::latest_schema_version() { return latest_migration_version(); }

int Database::schema_version() {
  std::lock_guard lock(impl_->mutex);
  return impl_->db->execAndGet("PRAGMA user_version").getInt();
}

std::unique_ptr<Database> open_workspace(const Workspace& ws) {
  StoreConfig config = prepare_workspace(ws);
  return std::make_unique<Database>(ws.db_path.string(), std::move(config));
}

void Database::write(const std::function<void(Tx&)>& fn) { impl_->run(true, fn); }
void Database::read(const std::function<void(Tx&)>& fn) { impl_->run(false, fn); }

}  // namespace sciorex::storage
