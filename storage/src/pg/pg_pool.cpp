// Pool: leases with a bounded wait; broken connections are reset on their next lease.
#include "pg_pool.hpp"

#include "pg_error.hpp"
#include "sciorex/storage/errors.hpp"

namespace sciorex::storage::pg {

Pool::Pool(std::string conninfo, std::size_t max, std::chrono::milliseconds wait)
    : conninfo_(std::move(conninfo)), max_(max == 0 ? 1 : max), wait_(wait) {}

Pool::~Pool() = default;

Pool::Lease::~Lease() {
  if (conn_) pool_->give_back(std::move(conn_));
}

std::size_t Pool::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

std::size_t Pool::leased() const {
  std::lock_guard lock(mu_);
  return open_ - idle_.size();
}

std::size_t Pool::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_;
}

void Pool::give_back(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

Pool::Lease Pool::acquire() {
  std::unique_ptr<Connection> conn;
  {
    std::unique_lock lock(mu_);
    ++waiting_;
    const bool got = cv_.wait_for(lock, wait_, [&] { return !idle_.empty() || open_ < max_; });
    --waiting_;
    if (!got)
      throw StoreError::unavailable("Every one of the " + std::to_string(max_) +
                                    " database connections stayed busy for " + std::to_string(wait_.count()) +
                                    " ms; try again.");
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++open_;  // the slot is ours while we connect outside the lock
    }
  }
  try {
    if (!conn) {
      conn = std::make_unique<Connection>(conninfo_);
    } else if (conn->broken()) {
      conn->reset();
    }
  } catch (const PgError& e) {
    {
      std::lock_guard lock(mu_);
      --open_;  // the slot goes back empty; the next acquire connects again
    }
    cv_.notify_one();
    throw StoreError::unavailable(std::string("The database cannot be reached now; try again. ") + e.what());
  }
  return Lease(this, std::move(conn));
}

}  // namespace sciorex::storage::pg
