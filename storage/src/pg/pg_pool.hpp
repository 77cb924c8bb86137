// Pool: a bounded set of Connections to one database, shared by threads.
// Private to storage (sciorex_storage_pg).
//
// acquire() hands out an idle connection, opens a new one while fewer than `max` exist, or waits
// for one to come back, at most `wait`: then it throws StoreError(Unavailable) ("every
// connection stayed busy"), so no thread waits forever. A connection that comes back broken
// (lost during its lease) is reset on its next lease, so the first call after a database restart
// reconnects by itself; when the database cannot be reached the call throws
// StoreError(Unavailable) and the slot stays free for the next try.
// Thread-safe. Leases must not outlive the Pool.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pg_connection.hpp"

namespace sciorex::storage::pg {

class Pool {
 public:
  Pool(std::string conninfo, std::size_t max, std::chrono::milliseconds wait);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(std::move(other.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    friend class Pool;
    Lease(Pool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Lease acquire();

  std::size_t max() const { return max_; }
  std::size_t open() const;     // connections that exist (idle or leased)
  std::size_t leased() const;   // connections leased now
  std::size_t waiting() const;  // threads waiting in acquire() for a connection now
  const std::string& conninfo() const { return conninfo_; }

 private:
  void give_back(std::unique_ptr<Connection> conn);

  const std::string conninfo_;
  const std::size_t max_;
  const std::chrono::milliseconds wait_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle + leased + being opened
  std::size_t waiting_ = 0;
};

}  // namespace sciorex::storage::pg
