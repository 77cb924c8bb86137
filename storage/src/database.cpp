// Database: connection setup, migrations on open, and the write/read transaction helpers with
// retry on contention (see the header for the contract).
#include "sciorex/storage/database.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include "checkpointer.hpp"
#include "database_impl.hpp"
#include "sciorex/storage/database_uri.hpp"
#include "sciorex/storage/errors.hpp"
#include "sqlite_tx.hpp"

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

// One SQLite connection and what belongs to it. Used by one thread at a time (its mutex).
struct Connection {
  std::mutex mutex;
  std::unique_ptr<SQLite::Database> db;
  StatementCache cache;
  // BEGIN, BEGIN IMMEDIATE and COMMIT prepared once (sqlite3_exec would compile them per call).
  std::unique_ptr<SQLite::Statement> begin_read, begin_write, commit;

  ~Connection() {  // finalize statements before the connection closes
    cache.clear();
    begin_read.reset();
    begin_write.reset();
    commit.reset();
  }

  void step(std::unique_ptr<SQLite::Statement>& st, const char* sql) {
    if (!st) st = std::make_unique<SQLite::Statement>(*db, sql);
    st->tryReset();  // a failed COMMIT leaves its error on the statement; this call starts afresh
    st->exec();
  }
};

// Runs body with retries on contention.
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
        throw StoreError::internal(std::string(what) + ": database stayed locked for too long: " + e.what());
      backoff(attempt);
    }
  }
}

struct SqliteImpl final : StoreBackend {
  // Connections of a file database: [0] writes and reads; a read that finds every open one busy
  // opens another, up to this many. Threads that read at once (HTTP's I/O threads) then no
  // longer queue on one mutex, where each hand-over cost a cross-CPU wake-up.
  static constexpr int kMaxConnections = 2;

  int busy_timeout_ms = 0;
  std::array<std::unique_ptr<Connection>, kMaxConnections> conns;
  std::atomic<int> open{0};  // conns[0..open) are ready; only grows
  std::mutex opening;
  std::atomic<unsigned> next_blocking{0};
  std::unique_ptr<Checkpointer> checkpointer;  // file databases only
  bool poolable = false;  // a file database (each ":memory:" connection would be its own database)

  std::unique_ptr<Connection> connect() {
    auto c = std::make_unique<Connection>();
    try {
      c->db = std::make_unique<SQLite::Database>(
          // NOMUTEX: a connection is only used under its mutex (or before the object is shared),
          // so SQLite's own per-call locking would only repeat ours on every bind, step and column.
          path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, busy_timeout_ms);
    } catch (const SQLite::Exception& e) {
      throw StoreError::internal("Cannot open the database at " + path + ": " + e.what());
    }
    with_retry("open", [&] {
      c->db->exec("PRAGMA journal_mode=WAL");
      c->db->exec("PRAGMA foreign_keys=ON");
      c->db->exec("PRAGMA synchronous=NORMAL");
      // 2 MiB page cache per connection: the b-tree interiors stay cached and the OS page cache
      // holds the rest; 8 MiB each took a server past 20 MB at 100k tickets.
      c->db->exec("PRAGMA cache_size=-2048");
    });
    return c;
  }

  // The connection for a read, locked: a free one, else a new one while under the cap, else wait
  // for one in turn.
  Connection& for_read(std::unique_lock<std::mutex>& lock) {
    const int n = open.load(std::memory_order_acquire);
    for (int i = 0; i < n; ++i) {
      std::unique_lock l(conns[i]->mutex, std::try_to_lock);
      if (l.owns_lock()) {
        lock = std::move(l);
        return *conns[i];
      }
    }
    if (poolable && n < kMaxConnections) {
      std::lock_guard g(opening);
      const int m = open.load(std::memory_order_relaxed);
      if (m < kMaxConnections) {
        conns[m] = connect();
        lock = std::unique_lock(conns[m]->mutex);
        open.store(m + 1, std::memory_order_release);
        return *conns[m];
      }
    }
    Connection& c = *conns[next_blocking++ % static_cast<unsigned>(open.load(std::memory_order_acquire))];
    lock = std::unique_lock(c.mutex);
    return c;
  }

  ~SqliteImpl() override { checkpointer.reset(); }  // stop checkpointing before the connections close

  int schema_version() override {
    std::lock_guard lock(conns[0]->mutex);
    return conns[0]->db->execAndGet("PRAGMA user_version").getInt();
  }
  long background_checkpoints() const override { return checkpointer ? checkpointer->completed() : 0; }
  int open_connections() const override { return open.load(); }

  void run(bool writable, const std::function<void(Tx&)>& fn) override {
    std::unique_lock<std::mutex> lock;
    Connection& c = writable ? *conns[0] : for_read(lock);
    if (writable) lock = std::unique_lock(c.mutex);
    with_retry(writable ? "write" : "read", [&] {
      c.step(writable ? c.begin_write : c.begin_read, writable ? "BEGIN IMMEDIATE" : "BEGIN");
      try {
        SqliteTx tx(*c.db, c.cache, config, writable);
        fn(tx);
        c.cache.reset_used();
        c.step(c.commit, "COMMIT");
      } catch (...) {
        c.cache.reset_used();
        c.db->tryExec("ROLLBACK");
        throw;
      }
    });
  }
};

}  // namespace

struct Database::Impl {
  std::unique_ptr<StoreBackend> backend;
};

Database::Database(const std::string& path, StoreConfig config, int busy_timeout_ms)
    : impl_(std::make_unique<Impl>()) {
  validate(config);
  if (is_database_uri(path)) {
    impl_->backend = open_pg_store(path, std::move(config));
    return;
  }
  // SQLite counts every allocation under a process-wide mutex for sqlite3_memory_used(), which we
  // never read: two lock operations per malloc, a few hundred per ticket read. Off before the first
  // connection initialises the library (afterwards the call is refused, harmlessly).
  static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memstatus_off;
  auto impl = std::make_unique<SqliteImpl>();
  impl->path = path;
  impl->config = std::move(config);
  impl->busy_timeout_ms = busy_timeout_ms;
  impl->conns[0] = impl->connect();
  impl->open.store(1);
  SQLite::Database& db = *impl->conns[0]->db;
  with_retry("migrate", [&] {
    db.exec("BEGIN IMMEDIATE");
    try {
      impl->applied = run_migrations(db);
      db.exec("COMMIT");
    } catch (...) {
      db.tryExec("ROLLBACK");
      throw;
    }
  });
  // A file database checkpoints on a thread of its own (see checkpointer.hpp) and may open a
  // second connection for reads; an in-memory one has no WAL and no second connection.
  const char* file = sqlite3_db_filename(db.getHandle(), "main");
  impl->poolable = file && *file;
  if (impl->poolable) impl->checkpointer = std::make_unique<Checkpointer>(db.getHandle(), file);
  impl_->backend = std::move(impl);
}

Database::~Database() = default;

const std::string& Database::path() const { return impl_->backend->path; }
const StoreConfig& Database::config() const { return impl_->backend->config; }
int Database::migrations_applied() const { return impl_->backend->applied; }
int Database::open_connections() const { return impl_->backend->open_connections(); }
long Database::background_checkpoints() const { return impl_->backend->background_checkpoints(); }
int Database::latest_schema_version() { return latest_migration_version(); }

int Database::schema_version() { return impl_->backend->schema_version(); }

std::unique_ptr<Database> open_workspace(const Workspace& ws) {
  StoreConfig config = prepare_workspace(ws);
  return std::make_unique<Database>(ws.db_path.string(), std::move(config));
}

void Database::write(const std::function<void(Tx&)>& fn) { impl_->backend->run(true, fn); }
void Database::read(const std::function<void(Tx&)>& fn) { impl_->backend->run(false, fn); }
std::uint64_t Database::add_event_waker(std::function<void()> wake) {
  return impl_->backend->add_event_waker(std::move(wake));
}
void Database::remove_event_waker(std::uint64_t id) {
  if (id != 0) impl_->backend->remove_event_waker(id);
}

}  // namespace sciorex::storage
