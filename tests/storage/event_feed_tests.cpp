// EventFeed::wake_on_events and FeedWait: on PostgreSQL a write committed through another store handle
// (another server, another machine) wakes the watcher at once (LISTEN/NOTIFY); SQLite has no such signal.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/feed_wait.hpp"
#include "test_support.hpp"
#include "wait_until.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;
using namespace std::chrono_literals;

TEST_CASE("a write through another store handle wakes the feed's watcher; none after it is dropped",
          "[storage][feed]") {
  TempDir dir;
  Database watched(dir.db());
  Database other(dir.db());  // another server on the same store
  EventFeed feed(watched);
  std::atomic<int> wakes{0};
  auto wakeup = feed.wake_on_events([&] { ++wakes; });
  if (!on_postgres()) {
    CHECK(wakeup == nullptr);  // a file store has no signal: watchers poll
    return;
  }
  REQUIRE(wakeup != nullptr);
  const auto before = feed.last_event_id();
  // The LISTEN connection starts in the background: write until a wake-up comes.
  REQUIRE(sciorex::testing::poll_until(
      [&] {
        TicketRepository(other).create(titled("from another server"), me());
        return sciorex::testing::poll_until([&] { return wakes.load() > 0; }, 200ms);
      },
      10s));
  CHECK(feed.events_after(before).size() >= 1);

  // Once the listener listens, one write is one prompt wake-up (no poll interval in between).
  const int seen = wakes.load();
  const auto start = std::chrono::steady_clock::now();
  TicketRepository(other).create(titled("one more"), me());
  REQUIRE(sciorex::testing::poll_until([&] { return wakes.load() > seen; }, 5s));
  CHECK(std::chrono::steady_clock::now() - start < 2s);

  // A second watcher stays: when it is woken, the dropped one would have been in the same round.
  std::atomic<int> other_wakes{0};
  auto stays = feed.wake_on_events([&] { ++other_wakes; });
  wakeup.reset();
  const int after_reset = wakes.load();
  TicketRepository(other).create(titled("after"), me());
  REQUIRE(sciorex::testing::poll_until([&] { return other_wakes.load() > 0; }, 5s));
  CHECK(wakes.load() == after_reset);
}

TEST_CASE(
    "FeedWait ends at its interval, at once when stopped, and early but not before its gap on a "
    "commit the store announces",
    "[storage][feed]") {
  using Clock = std::chrono::steady_clock;
  TempDir dir;
  Database watched(dir.db());
  Database other(dir.db());
  EventFeed feed(watched);

  SECTION("no write: the poll's interval") {
    FeedWait wait(feed, 150ms);
    const auto start = Clock::now();
    CHECK(wait.wait());
    CHECK(Clock::now() - start >= 150ms);
  }
  SECTION("stop() ends a wait under way and every later one; resume() undoes it") {
    FeedWait wait(feed, 60s);
    std::atomic<bool> ended{false};
    bool result = true;
    std::thread waiter([&] {
      result = wait.wait();
      ended = true;
    });
    wait.stop();
    REQUIRE(sciorex::testing::poll_until([&] { return ended.load(); }, 5s));
    waiter.join();
    CHECK_FALSE(result);
    CHECK_FALSE(wait.wait());  // still stopped: at once

    FeedWait resumed(feed, 100ms);
    resumed.stop();
    CHECK_FALSE(resumed.wait());
    resumed.resume();
    const auto start = Clock::now();
    CHECK(resumed.wait());  // waits its interval again
    CHECK(Clock::now() - start >= 100ms);
  }
  SECTION("a write through another handle: early on PostgreSQL, never before the gap") {
    if (!on_postgres()) return;  // SQLite announces nothing: the interval above is all there is
    FeedWait wait(feed, 60s, 100ms);
    std::atomic<bool> ended{false};
    std::atomic<bool> gap_kept{true};  // (Catch's checks are for the test's own thread)
    std::thread waiter([&] {
      while (!ended) {
        const auto start = Clock::now();
        wait.wait();
        if (Clock::now() - start < 100ms) gap_kept = false;  // the gap holds even when woken at once
        ended = Clock::now() - start < 30s;
      }
    });
    // The LISTEN connection starts in the background: write until the wait ends.
    const bool woke = sciorex::testing::poll_until(
        [&] {
          TicketRepository(other).create(titled("from another server"), me());
          return sciorex::testing::poll_until([&] { return ended.load(); }, 300ms);
        },
        20s);
    wait.stop();
    waiter.join();
    CHECK(woke);
    CHECK(gap_kept);
  }
}
