// Speed at scale (hidden: run with `sciorex_storage_tests [.perf]`, ideally in a Release build).
// Fills a store with 100k tickets and times sequential writes, get, list, search, ready, blocked;
// imports long parent chains and cycles.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>

#include "sciorex/storage/yaml_io.hpp"
#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

namespace {
template <class F>
double best_ms(F&& fn, int runs = 20) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    best = std::min(best,
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}
}  // namespace

TEST_CASE("get, list, search, ready and blocked stay fast at 100k tickets", "[.perf]") {
  TempDir dir;
  Database db(dir.db());
  TicketRepository repo(db);
  const char* words[] = {"avatar", "login", "timeout", "thumbnail", "upload", "cache", "search", "export"};
  constexpr int kTickets = 100'000;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kTickets; ++i) {
    NewTicket t = titled(std::string("Ticket ") + words[i % 8] + " " + std::to_string(i));
    t.description = "Some description of the work with the word " + std::string(words[(i / 8) % 8]);
    t.status = i % 3 == 0 ? TicketStatus::Planned : TicketStatus::Backlog;
    t.priority = static_cast<Priority>(i % 4);
    repo.create(t, me());
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("create: %d tickets in %.1f s = %.0f creates/s\n", kTickets, secs, kTickets / secs);
  for (int i = 1; i <= 2000; ++i)
    repo.add_blocker(format_id("T", i * 3 + 1, 3), format_id("T", i * 3 + 2, 3), std::nullopt, me());

  const double get = best_ms([&] { repo.get("T-54321"); });
  const double list = best_ms([&] { repo.list({.status = TicketStatus::Planned, .limit = 50}); });
  const double list_rare = best_ms([&] { repo.list({.type = TicketType::Documentation, .limit = 50}); });
  TicketFilter deep{.limit = 50};
  deep.cursor = repo.list({.limit = 500}).next_cursor;
  const double list_cursor = best_ms([&] { repo.list(deep); });
  const double search = best_ms([&] { repo.search("thumbnail 9999"); });
  const double search_common = best_ms([&] { repo.search("avatar"); });
  const double search_rare = best_ms([&] { repo.search("zzz-not-there"); });
  const double search_short = best_ms([&] { repo.search("ex"); });
  const double ready = best_ms([&] { repo.ready(); });
  const double blocked = best_ms([&] { repo.blocked(10); });
  std::printf(
      "get %.3f ms, list %.3f ms, list+cursor %.3f ms, search %.3f/%.3f/%.3f/%.3f ms, ready %.3f ms, blocked "
      "%.3f ms\n",
      get, list, list_cursor, search, search_common, search_rare, search_short, ready, blocked);
  CHECK(get < 5);
  CHECK(list < 5);
  CHECK(list_rare < 5);
  CHECK(list_cursor < 5);
  CHECK(search < 20);
  CHECK(search_common < 20);
  CHECK(ready < 20);
  CHECK(blocked < 50);
}

TEST_CASE("importing a long parent chain or cycle takes time linear in its length", "[.perf]") {
  for (const int n : {2'000, 8'000}) {
    for (const bool cycle : {false, true}) {
      TempDir dir;
      Database db(dir.db());
      std::string text;
      for (int i = 1; i <= n; ++i)
        text += "---\nid: T-" + std::to_string(i) + "\ntitle: t\nparentId: T-" +
                std::to_string(i == 1 ? (cycle ? n : n + 1) : i - 1) + "\n";
      write_file(dir.path() / "tickets.yaml", text);
      const auto t0 = std::chrono::steady_clock::now();
      const auto r = import_yaml(db, {dir.path() / "tickets.yaml"}, me());
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("%d tickets in a parent %s: %.2f s\n", n, cycle ? "cycle" : "chain", secs);
      CHECK(r.problems.size() == (cycle ? static_cast<std::size_t>(n) : 0));
    }
  }
}
