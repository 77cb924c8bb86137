// A store handle (Database, database.hpp) on PostgreSQL: StoreBackend over PgDatabase.
#include "database_impl.hpp"
#include "pg_database.hpp"

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

  pg::PgDatabase db;
};

}  // namespace

std::unique_ptr<StoreBackend> open_pg_store(const std::string& uri, StoreConfig config) {
  return std::make_unique<PgImpl>(uri, std::move(config));
}

}  // namespace sciorex::storage
