#include "checkpointer.hpp"

namespace sciorex::storage {

Checkpointer::Checkpointer(sqlite3* writer, std::string path) : writer_(writer), path_(std::move(path)) {
  thread_ = std::thread([this] { loop(); });
  sqlite3_wal_hook(writer_, &Checkpointer::on_commit, this);
}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_, nullptr, nullptr);
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

long Checkpointer::completed() const {
  std::lock_guard lock(mu_);
  return completed_;
}

// Runs inside the writer's COMMIT, on the writer's thread: note and wake the thread; past
// kInlineFrames (or without a thread), checkpoint here, as SQLite's own hook would.
int Checkpointer::on_commit(void* self, sqlite3* db, const char* schema, int frames) {
  auto* c = static_cast<Checkpointer*>(self);
  if (frames < kThresholdFrames) return SQLITE_OK;
  bool inline_checkpoint = frames >= kInlineFrames;
  {
    std::lock_guard lock(c->mu_);
    if (c->failed_) {
      inline_checkpoint = true;
    } else if (!inline_checkpoint) {
      c->pending_ = true;
    }
  }
  if (inline_checkpoint) {
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else {
    c->cv_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::loop() {
  sqlite3* conn = nullptr;  // opened at the first checkpoint: a handle that never writes needs none
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return pending_ || stop_; });
    if (stop_) break;
    pending_ = false;
    lock.unlock();
    // NOMUTEX: this connection is used by this thread alone.
    if (!conn && sqlite3_open_v2(path_.c_str(), &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                 nullptr) != SQLITE_OK) {
      sqlite3_close(conn);
      lock.lock();
      failed_ = true;
      return;
    }
    // SQLITE_BUSY (another process is checkpointing) is fine: the next commit past the
    // threshold wakes us again.
    const int rc = sqlite3_wal_checkpoint_v2(conn, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
    if (rc == SQLITE_OK) ++completed_;
  }
  lock.unlock();
  sqlite3_close(conn);
}

}  // namespace sciorex::storage
