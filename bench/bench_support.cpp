#include "bench_support.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace sciorex::bench {

// --- Template -------------------------------------------------------------------------------------

Template::Template(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto open = text.find("{i", pos);
    // A placeholder starts with "{i" followed by one of / % + : }
    while (open != std::string_view::npos && open + 2 < text.size() &&
           std::string_view("/%+:}").find(text[open + 2]) == std::string_view::npos)
      open = text.find("{i", open + 1);
    if (open == std::string_view::npos || open + 2 >= text.size()) {
      pieces_.push_back({std::string(text.substr(pos)), false, {}, 0});
      break;
    }
    if (open > pos) pieces_.push_back({std::string(text.substr(pos, open - pos)), false, {}, 0});
    auto close = text.find('}', open);
    if (close == std::string_view::npos) throw std::invalid_argument("unclosed placeholder in template");
    Piece p;
    p.placeholder = true;
    std::string_view spec = text.substr(open + 2, close - open - 2);
    std::size_t k = 0;
    auto number = [&](std::uint64_t& v) {
      auto [end, ec] = std::from_chars(spec.data() + k, spec.data() + spec.size(), v);
      if (ec != std::errc())
        throw std::invalid_argument("bad number in placeholder {i" + std::string(spec) + "}");
      k = static_cast<std::size_t>(end - spec.data());
    };
    while (k < spec.size() && spec[k] != ':') {
      Op op{spec[k], 0};
      if (op.kind != '/' && op.kind != '%' && op.kind != '+')
        throw std::invalid_argument("bad operator in placeholder {i" + std::string(spec) + "}");
      ++k;
      number(op.value);
      if (op.value == 0 && op.kind != '+') throw std::invalid_argument("division by zero in placeholder");
      p.ops.push_back(op);
    }
    if (k < spec.size()) {  // ":0Nd"
      std::string_view fmt = spec.substr(k + 1);
      if (fmt.size() < 3 || fmt.front() != '0' || fmt.back() != 'd')
        throw std::invalid_argument("bad padding in placeholder (use :0Nd)");
      p.width = std::atoi(std::string(fmt.substr(1, fmt.size() - 2)).c_str());
    }
    pieces_.push_back(std::move(p));
    pos = close + 1;
  }
}

void Template::render(std::uint64_t i, std::string& out) const {
  for (const auto& p : pieces_) {
    if (!p.placeholder) {
      out += p.literal;
      continue;
    }
    std::uint64_t v = i;
    for (const auto& op : p.ops) {
      if (op.kind == '/')
        v /= op.value;
      else if (op.kind == '%')
        v %= op.value;
      else
        v += op.value;
    }
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    const auto len = static_cast<int>(end - buf);
    for (int pad = len; pad < p.width; ++pad) out.push_back('0');
    out.append(buf, end);
  }
}

std::string Template::render(std::uint64_t i) const {
  std::string s;
  render(i, s);
  return s;
}

// --- the answer scanner -------------------------------------------------------------------------

namespace {

struct Scanner {
  const char* p;
  const char* end;
  bool bad = false;

  void ws() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  }
  // At '"': returns the raw contents and moves past the closing quote.
  std::string_view string() {
    if (p >= end || *p != '"') {
      bad = true;
      return {};
    }
    const char* start = ++p;
    for (;;) {
      const void* q = std::memchr(p, '"', static_cast<std::size_t>(end - p));
      if (!q) {
        bad = true;
        p = end;
        return {};
      }
      const char* quote = static_cast<const char*>(q);
      std::size_t backslashes = 0;
      for (const char* b = quote; b > start && b[-1] == '\\'; --b) ++backslashes;
      p = quote + 1;
      if (backslashes % 2 == 0) return {start, static_cast<std::size_t>(quote - start)};
    }
  }
  // Skips any value; returns its text.
  std::string_view value() {
    ws();
    const char* start = p;
    if (p >= end) {
      bad = true;
      return {};
    }
    if (*p == '"') {
      string();
    } else if (*p == '{' || *p == '[') {
      int depth = 0;
      while (p < end) {
        char c = *p;
        if (c == '"') {
          string();
          if (bad) return {};
          continue;
        }
        ++p;
        if (c == '{' || c == '[')
          ++depth;
        else if (c == '}' || c == ']') {
          if (--depth == 0) break;
        }
      }
      if (depth != 0) bad = true;
    } else {
      while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' &&
             *p != '\t')
        ++p;
      if (p == start) bad = true;
    }
    return {start, static_cast<std::size_t>(p - start)};
  }
  // Calls fn(key, value_scanner_position) for each member of the object at p.
  template <class Fn>
  void members(Fn&& fn) {
    ws();
    if (p >= end || *p != '{') {
      bad = true;
      return;
    }
    ++p;
    ws();
    if (p < end && *p == '}') {
      ++p;
      return;
    }
    while (!bad) {
      ws();
      std::string_view key = string();
      ws();
      if (bad || p >= end || *p != ':') {
        bad = true;
        return;
      }
      ++p;
      std::string_view v = value();
      if (bad) return;
      fn(key, v);
      ws();
      if (p < end && *p == ',') {
        ++p;
        continue;
      }
      if (p < end && *p == '}') {
        ++p;
        return;
      }
      bad = true;
    }
  }
};

}  // namespace

Answer check_answer(std::string_view json) {
  Answer a;
  Scanner s{json.data(), json.data() + json.size()};
  bool has_result = false, has_error = false, is_error = false;
  std::string_view error_text;
  s.members([&](std::string_view key, std::string_view v) {
    if (key == "id") {
      std::int64_t id = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
      if (ec == std::errc() && ptr == v.data() + v.size()) a.id = id;
    } else if (key == "result") {
      has_result = true;
      if (!v.empty() && v.front() == '{') {
        Scanner inner{v.data(), v.data() + v.size()};
        inner.members([&](std::string_view k, std::string_view iv) {
          if (k == "isError" && iv == "true") is_error = true;
          if (k == "content" && error_text.empty()) error_text = iv.substr(0, 300);
        });
        if (inner.bad) s.bad = true;
      }
    } else if (key == "error") {
      has_error = true;
      error_text = v.substr(0, 300);
    } else if (key == "method") {
      a.has_method = true;
    }
  });
  s.ws();
  if (s.bad || s.p != s.end) {
    a.problem = "malformed JSON: " + std::string(json.substr(0, 200));
    return a;
  }
  a.is_response = a.id.has_value() && (has_result || has_error) && !a.has_method;
  a.ok = a.is_response && has_result && !has_error && !is_error;
  if (!a.ok) {
    if (has_error)
      a.problem = "error " + std::string(error_text);
    else if (is_error)
      a.problem = "isError " + std::string(error_text);
    else if (!a.id)
      a.problem = "no integer id: " + std::string(json.substr(0, 200));
  }
  return a;
}

std::optional<std::string> find_string_member(std::string_view json, std::string_view path_a,
                                              std::string_view path_b) {
  Scanner s{json.data(), json.data() + json.size()};
  std::optional<std::string> out;
  s.members([&](std::string_view key, std::string_view v) {
    if (key != path_a) return;
    if (path_b.empty()) {
      if (v.size() >= 2 && v.front() == '"') out = std::string(v.substr(1, v.size() - 2));
      return;
    }
    Scanner inner{v.data(), v.data() + v.size()};
    inner.members([&](std::string_view k, std::string_view iv) {
      if (k == path_b && iv.size() >= 2 && iv.front() == '"') out = std::string(iv.substr(1, iv.size() - 2));
    });
  });
  return out;
}

// --- statistics -----------------------------------------------------------------------------------

Stats latency_stats(std::vector<double> seconds) {
  Stats st;
  st.count = seconds.size();
  if (seconds.empty()) return st;
  std::sort(seconds.begin(), seconds.end());
  auto at = [&](double q) {
    auto k = static_cast<std::size_t>(q * static_cast<double>(seconds.size() - 1) + 0.5);
    return seconds[std::min(k, seconds.size() - 1)] * 1e6;
  };
  st.p50_us = at(0.50);
  st.p99_us = at(0.99);
  st.max_us = seconds.back() * 1e6;
  double sum = 0;
  for (double v : seconds) sum += v;
  st.mean_us = sum / static_cast<double>(seconds.size()) * 1e6;
  return st;
}

// --- the server process ---------------------------------------------------------------------------

namespace {

testing::SpawnOptions shell_spawn(const std::string& command, const std::string& stderr_path,
                                  const std::vector<std::string>& env) {
  testing::SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "exec " + command};
  o.stderr_file = stderr_path.empty() ? "/dev/null" : stderr_path;
  for (const auto& kv : env) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos) throw std::invalid_argument("not NAME=VALUE: " + kv);
    o.set.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return o;
}

}  // namespace

Process::Process(const std::string& command, const std::string& stderr_path,
                 const std::vector<std::string>& env)
    : child_(shell_spawn(command, stderr_path, env)) {}

Process::~Process() {
  if (!child_.status()) stop(std::chrono::milliseconds(2000));
}

int Process::stop(std::chrono::milliseconds timeout) {
  close_input();
  if (auto status = child_.wait(timeout)) return *status;
  child_.kill(SIGTERM);
  if (auto status = child_.wait(std::chrono::milliseconds(2000))) return *status;
  return child_.finish(std::chrono::milliseconds(0));  // SIGKILL and reap
}

namespace {
long status_field_kb(pid_t pid, const char* field) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  const std::size_t n = std::strlen(field);
  while (std::getline(f, line))
    if (line.compare(0, n, field) == 0) return std::atol(line.c_str() + n);
  return 0;
}
}  // namespace

long peak_rss_kb(pid_t pid) { return status_field_kb(pid, "VmHWM:"); }
long current_rss_kb(pid_t pid) { return status_field_kb(pid, "VmRSS:"); }

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

int shell(const std::string& command) { return std::system(command.c_str()); }

}  // namespace sciorex::bench
