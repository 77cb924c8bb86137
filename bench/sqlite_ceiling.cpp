// sciorex-bench-sqlite: the storage ceiling, on the same SQLite library the server links.
//   sciorex-bench-sqlite DB insert N [--explicit] [--label L] [--json-out F]
//       WAL, synchronous=NORMAL (the server's settings), one prepared single-row INSERT of a
//       ticket-sized row per commit (autocommit; --explicit wraps each in BEGIN IMMEDIATE/COMMIT
//       as the server's write transactions do). Reports commits/s and latency.
//   sciorex-bench-sqlite DB select N [ROWS] [--label L] [--json-out F]
//       fills ROWS rows (default 100000) in one transaction, then N point SELECTs by a random
//       INTEGER PRIMARY KEY on one connection (prepared; bind, step, reset).
// Every loop is bounded by N and by 60 s.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "%s: %s\n", sql, err ? err : "?");
    std::exit(1);
  }
}

double pct(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5))] *
         1e6;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> pos;
  std::string label, json_out;
  bool explicit_tx = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--label" && i + 1 < argc)
      label = argv[++i];
    else if (a == "--json-out" && i + 1 < argc)
      json_out = argv[++i];
    else if (a == "--explicit")
      explicit_tx = true;
    else
      pos.push_back(a);
  }
  if (pos.size() < 3) {
    std::fprintf(
        stderr,
        "usage: sciorex-bench-sqlite DB insert|select N [ROWS] [--explicit] [--label L] [--json-out F]\n");
    return 2;
  }
  const std::string mode = pos[1];
  const long n = std::atol(pos[2].c_str());
  const long rows = pos.size() > 3 ? std::atol(pos[3].c_str()) : 100000;
  sqlite3* db = nullptr;
  if (sqlite3_open(pos[0].c_str(), &db) != SQLITE_OK) return 1;
  exec(db, "PRAGMA journal_mode=WAL");
  exec(db, "PRAGMA synchronous=NORMAL");
  exec(db,
       "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, "
       "status TEXT NOT NULL, created TEXT NOT NULL)");
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t(title, body, status, created) VALUES (?,?,?,?)", -1, &ins, nullptr);
  const char* body = "A ticket description of about one hundred bytes, as a short issue would carry it here.";
  auto insert = [&](long i) {
    std::string title = "Ticket " + std::to_string(i);
    sqlite3_bind_text(ins, 1, title.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 2, body, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, "backlog", -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 4, "2025-01-01T00:00:00Z", -1, SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE) {
      std::fprintf(stderr, "insert failed: %s\n", sqlite3_errmsg(db));
      std::exit(1);
    }
    sqlite3_reset(ins);
  };
  std::vector<double> lat;
  lat.reserve(static_cast<std::size_t>(n));
  long done = 0, found = 0;
  const auto t0 = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  if (mode == "insert") {
    while (done < n && ((done & 255) != 0 || elapsed() < 60)) {
      auto s = Clock::now();
      if (explicit_tx) exec(db, "BEGIN IMMEDIATE");
      insert(done);
      if (explicit_tx) exec(db, "COMMIT");
      lat.push_back(std::chrono::duration<double>(Clock::now() - s).count());
      ++done;
    }
  } else {
    exec(db, "BEGIN");
    for (long i = 0; i < rows; ++i) insert(i);
    exec(db, "COMMIT");
    sqlite3_stmt* sel = nullptr;
    sqlite3_prepare_v2(db, "SELECT id, title, body, status, created FROM t WHERE id = ?", -1, &sel, nullptr);
    const long total = sqlite3_last_insert_rowid(db);
    std::mt19937_64 rng(42);
    std::size_t sink = 0;
    auto lookup = [&] {
      sqlite3_bind_int64(sel, 1, 1 + static_cast<sqlite3_int64>(rng() % static_cast<unsigned long>(total)));
      if (sqlite3_step(sel) == SQLITE_ROW) {
        ++found;
        sink += std::strlen(reinterpret_cast<const char*>(sqlite3_column_text(sel, 1)));
      }
      sqlite3_reset(sel);
    };
    for (long i = 0; i < std::min(n, 20000L); ++i) lookup();  // warm the page cache
    found = 0;
    const auto s0 = Clock::now();
    while (done < n &&
           ((done & 1023) != 0 || std::chrono::duration<double>(Clock::now() - s0).count() < 60)) {
      auto s = Clock::now();
      lookup();
      lat.push_back(std::chrono::duration<double>(Clock::now() - s).count());
      ++done;
    }
    sqlite3_finalize(sel);
    if (sink == 42) std::puts("");
  }
  const double secs = mode == "insert" ? elapsed() : [&] {
    double s = 0;
    for (double v : lat) s += v;
    return s;
  }();
  std::sort(lat.begin(), lat.end());
  const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  std::string what =
      mode == "insert" ? (explicit_tx ? "insert commit (BEGIN IMMEDIATE)" : "insert commit") : "point select";
  if (label.empty()) label = "sqlite-" + mode;
  std::printf("[%s] %s n=%ld  %.0f /s  p50 %.1f us  p99 %.1f us%s\n", label.c_str(), what.c_str(), done, rate,
              pct(lat, 0.5), pct(lat, 0.99),
              mode == "select" ? (" found=" + std::to_string(found)).c_str() : "");
  if (!json_out.empty()) {
    std::ofstream f(json_out, std::ios::app);
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "{\"label\":\"%s\",\"mode\":\"sqlite\",\"what\":\"%s\",\"n\":%ld,\"ok\":%ld,\"failed\":0,"
                  "\"rps\":%.1f,"
                  "\"p50_us\":%.2f,\"p99_us\":%.2f}\n",
                  label.c_str(), what.c_str(), done, done, rate, pct(lat, 0.5), pct(lat, 0.99));
    f << buf;
  }
  sqlite3_finalize(ins);
  sqlite3_close(db);
  return 0;
}
