// A store handle (Database, database.hpp) on PostgreSQL: StoreBackend over PgDatabase.
#include <map>
#include <mutex>

#include "database_impl.hpp"
#include "pg_database.hpp"
#include "pg_listener.hpp"

namespace sciorex::storage {
namespace {

struct PgImpl final : StoreBackend {
  PgImpl(const std::string& uri, StoreConfig cfg) : db(uri, pg::PgOptions{}, cfg) {
    path = uri;
    config = std::move(cfg);
    applied = db.migrations_applied();
  }
  int schema_version() override { return db.schema_version(); }
  int open_connections() const override { return static_cast<int>(db.pool().open()); }
  void run(bool writable, const std::function<void(Tx&)>& fn) override {
    if (writable)
      db.write([&](pg::PgTx& tx) { fn(tx); });
    else
      db.read([&](pg::PgTx& tx) { fn(tx); });
  }

  // The first waker starts the LISTEN connection; the listener calls every waker on each NOTIFY
  // (and after it reconnects). remove_event_waker waits for a call under way (same mutex).
  std::uint64_t add_event_waker(std::function<void()>&& wake) override {
    std::lock_guard lock(wake_mu);
    wakers.emplace(++last_waker, std::move(wake));
    if (!listener)
      listener =
          std::make_unique<pg::Listener>(db.pool().conninfo(), pg::kEventsChannel, [this] { wake_all(); });
    return last_waker;
  }
  void remove_event_waker(std::uint64_t id) override {
    std::lock_guard lock(wake_mu);
    wakers.erase(id);
  }
  void wake_all() {
    std::lock_guard lock(wake_mu);
    for (auto& [id, wake] : wakers) wake();
  }

  pg::PgDatabase db;
  std::mutex wake_mu;
  std::map<std::uint64_t, std::function<void()>> wakers;
  std::uint64_t last_waker = 0;
  std::unique_ptr<pg::Listener> listener;  // last: stopped (its thread joined) before the rest goes
};

}  // namespace

std::unique_ptr<StoreBackend> open_pg_store(const std::string& uri, StoreConfig config) {
  return std::make_unique<PgImpl>(uri, std::move(config));
}

}  // namespace sciorex::storage
