// Tx's clock, timestamps and small binding helpers (tx.hpp), the same on both backends.
#include "tx.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <regex>

namespace sciorex::storage {

namespace {
std::int64_t unix_ms_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
}  // namespace

const std::string& Tx::now() {
  if (!now_.empty()) return now_;
  std::int64_t ms = unix_ms_now();
  if (writable_) {
    // `next` is the earliest millisecond the next write transaction may take.
    auto& get = stmt("SELECT next FROM counters WHERE name = 'clock'");
    if (get.step()) ms = std::max(ms, get.column(0).int64());
    auto& put = stmt(
        "INSERT INTO counters(name, next) VALUES ('clock', ?) ON CONFLICT(name) DO UPDATE SET next = "
        "excluded.next");
    put.bind(1, static_cast<std::int64_t>(ms + 1));
    put.exec();
  }
  now_ = iso_from_unix_ms(ms);
  return now_;
}

std::string iso_from_unix_ms(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
  return buf;
}

std::string now_iso() { return iso_from_unix_ms(unix_ms_now()); }

bool is_iso_timestamp(const std::string& s) {
  static const std::regex re(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$)");
  return std::regex_match(s, re);
}

std::optional<std::string> column_opt(Stmt& st, int index) {
  if (st.column_is_null(index)) return std::nullopt;
  return st.column_text(index);
}

}  // namespace sciorex::storage
