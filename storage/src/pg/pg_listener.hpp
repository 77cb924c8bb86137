// Listener: wakes threads when events are committed anywhere on the database, across processes
// and machines (issue 13). Private to storage (sciorex_storage_pg).
//
// It holds one connection of its own that LISTENs on `sciorex_events` (the channel the events
// table's trigger notifies in every transaction that inserts events, with the highest new event
// id as the payload; see pg_migrations.cpp v2) on a thread of its own. NOTIFY is not durable: a
// notification sent while the listener is disconnected is lost. So after every reconnect the
// listener bumps `reconnects`, which tells waiters to catch up from the events table (read
// events after the last id they handled) rather than trust the notifications they got.
//
// A waiter keeps the State it last handled and calls wait(state, limit): it returns as soon as a
// higher event id was announced or the listener reconnected since, or at `limit` (so no wait is
// unbounded); the caller compares the returned State with its own.
// The connection is re-established with backoff (50 ms doubling to 2 s) until the listener is
// destroyed. Thread-safe; the destructor stops the thread promptly (an eventfd wakes its poll; a
// connection attempt under way finishes first, within libpq's connect_timeout of 10 s).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace sciorex::storage::pg {

inline constexpr const char* kEventsChannel = "sciorex_events";

class Listener {
 public:
  struct State {
    std::int64_t last_event = 0;   // the highest event id announced so far (0: none yet)
    std::uint64_t reconnects = 0;  // connections re-established after a loss: catch up when it moves
    bool operator==(const State&) const = default;
  };

  // Starts the thread, which connects in the background; `connected()` / wait_connected() tell
  // when it listens. Never throws for an unreachable server (it keeps trying). `on_change`, if
  // given, runs on the listener's thread after each announcement that moved state(): it must be
  // quick (set a flag, notify) and must not destroy the Listener.
  explicit Listener(std::string conninfo, std::string channel = kEventsChannel,
                    std::function<void()> on_change = {});
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  State state() const;
  // Waits until state() differs from `seen`, at most `limit`; returns state() then.
  State wait(const State& seen, std::chrono::milliseconds limit) const;
  bool connected() const { return connected_.load(); }
  // Waits until the listener LISTENs (at most `limit`); true when it does.
  bool wait_connected(std::chrono::milliseconds limit) const;

 private:
  void loop();
  void announce(std::int64_t id, bool reconnected);
  bool pause(std::chrono::milliseconds d);  // false when stopping

  const std::string conninfo_;
  const std::string channel_;
  const std::function<void()> on_change_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  State state_;
  std::atomic<bool> connected_{false};
  std::atomic<bool> stop_{false};
  int wake_fd_ = -1;  // eventfd: the destructor's wake-up of the thread's poll
  std::thread thread_;
};

}  // namespace sciorex::storage::pg
