// Checkpointer: moves WAL checkpoints off the commit path.
//
// SQLite's default is that the commit which takes the WAL past 1,000 frames runs the checkpoint
// itself: it copies the frames into the database file and fsyncs it, so one write in every few
// dozen waits milliseconds for the disk (the p99 of every write tool). Instead, the writer's WAL
// hook only notes the frame count and wakes this thread, which runs PASSIVE checkpoints on a
// connection of its own: commits never wait for a checkpoint, and readers and writers of every
// process go on while it runs (PASSIVE takes no lock they need). Durability is unchanged: in WAL
// mode with synchronous=NORMAL a commit is durable once it is in the WAL, checkpointed or not.
//
// The thread alone cannot bound the WAL under a steady stream of writes: SQLite starts the WAL
// over only when a write begins with every frame checkpointed, and a writer that never pauses
// always appends past what the thread has copied (64 creates in flight grew it to 3 GB in 16 s).
// So a commit that leaves kInlineFrames or more checkpoints inline, as SQLite itself would; the
// thread has usually copied most frames by then, so the inline one copies few, and the next
// write starts the WAL over. Same if the thread cannot open its connection.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace sciorex::storage {

class Checkpointer {
 public:
  // Frames in the WAL after a commit that wake the thread (SQLite's default autocheckpoint).
  static constexpr int kThresholdFrames = 1000;
  // Frames after which the committing writer checkpoints itself (about 16 MB of WAL).
  static constexpr int kInlineFrames = 4 * kThresholdFrames;

  // Installs itself as `writer`'s WAL hook; `path` is the database file `writer` has open.
  Checkpointer(sqlite3* writer, std::string path);
  // Removes the hook, stops and joins the thread (a running checkpoint finishes first).
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Checkpoints the thread has completed (tests and diagnostics).
  long completed() const;

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int frames);
  void loop();

  sqlite3* writer_;
  std::string path_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;
  bool stop_ = false;
  bool failed_ = false;  // the thread has no connection: the hook checkpoints inline
  long completed_ = 0;
  std::thread thread_;
};

}  // namespace sciorex::storage
