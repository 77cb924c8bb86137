#include "stdio_client.hpp"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>

namespace sciorex::bench {

// --- requests -------------------------------------------------------------------------------------

void LoadSpec::render(std::uint64_t i, std::int64_t id, std::string& out) const {
  out += R"({"jsonrpc":"2.0","id":)";
  out += std::to_string(id);
  out += R"(,"method":")";
  out += method;
  out += '"';
  if (method == "tools/call") {
    out += R"(,"params":{"name":")";
    out += tool;
    out += R"(","arguments":)";
    if (params)
      params->render(i + index_offset, out);
    else
      out += "{}";
    out += '}';
  } else if (params) {
    out += R"(,"params":)";
    params->render(i + index_offset, out);
  }
  out += "}\n";
}

std::string initialize_request(std::int64_t id) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
         R"(,"method":"initialize","params":{"protocolVersion":")" + kClientVersion +
         R"(","capabilities":{},"clientInfo":{"name":"sciorex-bench","version":"1"}}})" + "\n";
}

std::string initialized_notification() {
  return R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
         "\n";
}

// --- StdioClient ----------------------------------------------------------------------------------

StdioClient::StdioClient(Process& server, std::chrono::seconds stall_timeout)
    : server_(server), reader_(server.from_server(), 1 << 20), stall_timeout_(stall_timeout) {
  // Writes never block (a full pipe while the server writes answers would deadlock us both).
  ::fcntl(server_.to_server(), F_SETFL, ::fcntl(server_.to_server(), F_GETFL) | O_NONBLOCK);
  watchdog_ = std::thread([this] {
    std::uint64_t seen = progress_.load();
    auto last = Clock::now();
    while (!stop_watch_.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::uint64_t now = progress_.load();
      if (now != seen) {
        seen = now;
        last = Clock::now();
      } else if (now & 1 && Clock::now() - last > stall_timeout_) {  // odd: waiting for an answer
        ::kill(server_.pid(), SIGKILL);
        return;
      }
    }
  });
}

StdioClient::~StdioClient() {
  stop_watch_ = true;
  watchdog_.join();
}

template <class Fn>
bool StdioClient::read_lines(Fn&& on_line) {
  progress_.fetch_add(1);  // now waiting (odd)
  const bool alive = reader_.read_some(on_line);
  progress_.fetch_add(1);  // back to even
  return alive;
}

bool StdioClient::write_all(std::string& out, bool block) {
  std::size_t off = 0;
  while (off < out.size()) {
    ssize_t n = ::write(server_.to_server(), out.data() + off, out.size() - off);
    if (n > 0) {
      off += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      if (!block) break;
      pollfd p{server_.to_server(), POLLOUT, 0};
      ::poll(&p, 1, 1000);
      continue;
    }
    return false;  // the server is gone
  }
  out.erase(0, off);
  return true;
}

bool StdioClient::handshake(std::string& problem) {
  const std::int64_t id = next_id_++;
  std::string out = initialize_request(id);
  if (!write_all(out, true)) {
    problem = "the server closed its input";
    return false;
  }
  bool answered = false;
  while (!answered) {
    bool alive = read_lines([&](std::string_view line) {
      Answer a = check_answer(line);
      if (a.is_response && a.id == id) {
        answered = true;
        if (!a.ok) problem = "initialize failed: " + a.problem;
      }
    });
    if (!alive) {
      problem = "the server exited before answering initialize";
      return false;
    }
  }
  if (!problem.empty()) return false;
  out = initialized_notification();
  return write_all(out, true);
}

LoadResult StdioClient::run(const LoadSpec& spec) {
  LoadResult r;
  const std::int64_t base = next_id_;
  next_id_ += static_cast<std::int64_t>(spec.n);
  std::vector<Clock::time_point> sent_at(spec.n);
  std::vector<char> answered(spec.n, 0);
  r.latencies.reserve(spec.n);
  std::string out;
  out.reserve(64 * 1024);
  std::uint64_t done = 0;
  bool stop_sending = false, alive = true;
  const auto t0 = Clock::now();
  auto on_line = [&](std::string_view line) {
    Answer a = check_answer(line);
    if (!a.is_response) {
      if (!a.has_method && r.first_problem.empty()) r.first_problem = a.problem;  // junk on stdout
      return;
    }
    const std::int64_t k = *a.id - base;
    if (k < 0 || k >= static_cast<std::int64_t>(r.sent) || answered[static_cast<std::size_t>(k)]) return;
    answered[static_cast<std::size_t>(k)] = 1;
    ++done;
    r.latencies.push_back(
        std::chrono::duration<double>(Clock::now() - sent_at[static_cast<std::size_t>(k)]).count());
    if (a.ok) {
      ++r.ok;
    } else {
      ++r.failed;
      if (r.first_problem.empty()) r.first_problem = a.problem;
    }
  };
  while (alive && (done < r.sent || (r.sent < spec.n && !stop_sending))) {
    if (!stop_sending && (r.sent & 63) == 0 && seconds_since(t0) > spec.time_limit_s) stop_sending = true;
    while (!stop_sending && r.sent < spec.n && r.sent - done < spec.window) {
      spec.render(r.sent, base + static_cast<std::int64_t>(r.sent), out);
      sent_at[r.sent] = Clock::now();
      ++r.sent;
    }
    if (!out.empty() && !write_all(out, false)) break;
    if (!out.empty()) {  // the pipe is full: wait until we can write or must read
      pollfd p[2] = {{server_.to_server(), POLLOUT, 0}, {server_.from_server(), POLLIN, 0}};
      ::poll(p, 2, 1000);
      if (!(p[1].revents & (POLLIN | POLLHUP))) continue;
    }
    if (done < r.sent) alive = read_lines(on_line);
  }
  r.elapsed_s = seconds_since(t0);
  if (done < r.sent) {
    r.failed += r.sent - done;
    if (r.first_problem.empty())
      r.first_problem = "the server stopped answering (" + std::to_string(r.sent - done) + " unanswered)";
  }
  return r;
}

}  // namespace sciorex::bench
