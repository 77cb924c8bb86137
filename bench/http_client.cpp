#include "http_client.hpp"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <thread>

namespace sciorex::bench {
namespace {

int connect_to(const std::string& host, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &a.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// One HTTP response parsed out of a connection's buffer.
struct Response {
  int status = 0;
  bool sse = false;
  bool close = false;
  std::string session_id;
  std::string body;
};

// Tries to take one whole response off the front of `in`. 1: done, 0: need more, -1: malformed.
int take_response(std::string& in, Response& r) {
  auto head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) return in.size() > 64 * 1024 ? -1 : 0;
  std::string_view head(in.data(), head_end);
  if (head.size() < 12 || head.substr(0, 5) != "HTTP/") return -1;
  r = Response{};
  r.status = std::atoi(std::string(head.substr(9, 3)).c_str());
  long length = -1;
  bool chunked = false;
  std::size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos < head.size()) {
    auto next = head.find("\r\n", pos + 2);
    std::string_view line =
        head.substr(pos + 2, next == std::string_view::npos ? std::string_view::npos : next - pos - 2);
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view value = trim(line.substr(colon + 1));
      if (iequals_prefix(line, "content-length:"))
        length = std::atol(std::string(value).c_str());
      else if (iequals_prefix(line, "transfer-encoding:"))
        chunked = value.find("chunked") != std::string_view::npos;
      else if (iequals_prefix(line, "content-type:"))
        r.sse = value.find("event-stream") != std::string_view::npos;
      else if (iequals_prefix(line, "mcp-session-id:"))
        r.session_id = std::string(value);
      else if (iequals_prefix(line, "connection:"))
        r.close = value.find("close") != std::string_view::npos;
    }
    pos = next;
  }
  std::size_t body_start = head_end + 4;
  if (chunked) {
    std::size_t p = body_start;
    std::string body;
    for (;;) {
      auto eol = in.find("\r\n", p);
      if (eol == std::string::npos) return 0;
      std::size_t size = std::strtoul(in.c_str() + p, nullptr, 16);
      if (size == 0) {
        if (in.size() < eol + 4) return 0;  // the last chunk's empty trailer line
        in.erase(0, eol + 4);
        r.body = std::move(body);
        return 1;
      }
      if (in.size() < eol + 2 + size + 2) return 0;
      body.append(in, eol + 2, size);
      p = eol + 2 + size + 2;
    }
  }
  if (length < 0) length = 0;  // no body without a length (202, DELETE)
  if (in.size() < body_start + static_cast<std::size_t>(length)) return 0;
  r.body.assign(in, body_start, static_cast<std::size_t>(length));
  in.erase(0, body_start + static_cast<std::size_t>(length));
  return 1;
}

// The JSON-RPC messages in a response body: the body itself, or each SSE event's data.
template <class Fn>
void each_message(const Response& r, Fn&& fn) {
  if (!r.sse) {
    if (!r.body.empty()) fn(std::string_view(r.body));
    return;
  }
  std::string data;
  std::string_view body(r.body);
  while (!body.empty()) {
    auto nl = body.find('\n');
    std::string_view line = body.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (!data.empty()) fn(std::string_view(data));
      data.clear();
    } else if (line.substr(0, 5) == "data:") {
      std::string_view v = line.substr(5);
      if (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      if (!data.empty()) data += '\n';
      data += v;
    }
    if (nl == std::string_view::npos) break;
    body.remove_prefix(nl + 1);
  }
  if (!data.empty()) fn(std::string_view(data));
}

// A blocking exchange on a fresh connection (handshake, DELETE).
bool exchange(const std::string& host, int port, const std::string& request, Response& r) {
  int fd = connect_to(host, port);
  if (fd < 0) return false;
  std::size_t off = 0;
  while (off < request.size()) {
    ssize_t n = ::send(fd, request.data() + off, request.size() - off, MSG_NOSIGNAL);
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    off += static_cast<std::size_t>(n);
  }
  std::string in;
  char buf[65536];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 30000) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<std::size_t>(n));
    int got = take_response(in, r);
    if (got != 0) {
      ::close(fd);
      return got == 1;
    }
  }
  ::close(fd);
  return false;
}

}  // namespace

HttpClient::HttpClient(std::string host, int port, std::string path)
    : host_(std::move(host)), port_(port), path_(std::move(path)) {}

std::string HttpClient::request_head(std::size_t body_size, const char* method) const {
  std::string h = std::string(method) + " " + path_ + " HTTP/1.1\r\nHost: " + host_ + ":" +
                  std::to_string(port_) +
                  "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n";
  if (!session_id_.empty()) h += "Mcp-Session-Id: " + session_id_ + "\r\n";
  if (!version_.empty()) h += "MCP-Protocol-Version: " + version_ + "\r\n";
  h += "Content-Length: " + std::to_string(body_size) + "\r\n\r\n";
  return h;
}

bool HttpClient::wait_ready(double timeout_s) {
  const auto t0 = Clock::now();
  while (seconds_since(t0) < timeout_s) {
    int fd = connect_to(host_, port_);
    if (fd >= 0) {
      ::close(fd);
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

bool HttpClient::handshake(std::string& problem) {
  const std::int64_t id = next_id_++;
  std::string body = initialize_request(id);
  body.pop_back();  // the newline
  Response r;
  if (!exchange(host_, port_, request_head(body.size()) + body, r)) {
    problem = "initialize: no HTTP answer";
    return false;
  }
  bool ok = false;
  each_message(r, [&](std::string_view m) {
    Answer a = check_answer(m);
    if (a.is_response && a.id == id) {
      ok = a.ok;
      if (!ok) problem = "initialize failed: " + a.problem;
      if (auto v = find_string_member(m, "result", "protocolVersion")) version_ = *v;
    }
  });
  if (!ok) {
    if (problem.empty())
      problem = "initialize: HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200);
    return false;
  }
  session_id_ = r.session_id;
  body = initialized_notification();
  body.pop_back();
  Response note;
  if (!exchange(host_, port_, request_head(body.size()) + body, note) || note.status >= 300) {
    problem = "notifications/initialized: HTTP " + std::to_string(note.status);
    return false;
  }
  return true;
}

int HttpClient::end_session() {
  if (session_id_.empty()) return 0;
  Response r;
  if (!exchange(host_, port_, request_head(0, "DELETE"), r)) return 0;
  return r.status;
}

LoadResult HttpClient::run(const LoadSpec& spec, unsigned connections) {
  struct Conn {
    int fd = -1;
    std::string out, in;
    std::uint64_t index = 0;
    std::int64_t id = 0;
    bool busy = false;
    Clock::time_point sent_at;
  };
  LoadResult r;
  std::vector<Conn> conns(std::max(1u, connections));
  std::vector<pollfd> fds(conns.size());
  std::string body;
  char buf[65536];
  std::uint64_t done = 0;
  bool stop_sending = false;
  const auto t0 = Clock::now();
  auto fail = [&](const std::string& why) {
    ++r.failed;
    if (r.first_problem.empty()) r.first_problem = why;
  };
  auto start_next = [&](Conn& c) {
    c.busy = false;
    if (stop_sending || r.sent >= spec.n) return;
    if (c.fd < 0) c.fd = connect_to(host_, port_);
    if (c.fd < 0) {
      fail("cannot connect");
      stop_sending = true;
      return;
    }
    c.index = r.sent++;
    c.id = next_id_++;
    body.clear();
    spec.render(c.index, c.id, body);
    body.pop_back();
    c.out = request_head(body.size()) + body;
    c.sent_at = Clock::now();
    c.busy = true;
    ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) c.out.erase(0, static_cast<std::size_t>(n));
  };
  auto drop = [&](Conn& c, const std::string& why) {
    if (c.busy) {
      fail(why);
      ++done;
    }
    if (c.fd >= 0) ::close(c.fd);
    c.fd = -1;
    c.in.clear();
    c.out.clear();
    start_next(c);
  };
  for (auto& c : conns) start_next(c);
  while (done < r.sent) {
    if (!stop_sending && seconds_since(t0) > spec.time_limit_s) stop_sending = true;
    for (std::size_t k = 0; k < conns.size(); ++k)
      fds[k] = {conns[k].fd,
                static_cast<short>(conns[k].busy ? (POLLIN | (conns[k].out.empty() ? 0 : POLLOUT)) : 0), 0};
    int ready = ::poll(fds.data(), fds.size(), 30000);
    if (ready <= 0) {
      for (auto& c : conns)
        if (c.busy) drop(c, "no answer within 30 s");
      stop_sending = true;
      continue;
    }
    for (std::size_t k = 0; k < conns.size(); ++k) {
      Conn& c = conns[k];
      if (!c.busy || fds[k].revents == 0) continue;
      if (fds[k].revents & POLLOUT) {
        ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) c.out.erase(0, static_cast<std::size_t>(n));
      }
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) {
        drop(c, "the server closed the connection");
        continue;
      }
      c.in.append(buf, static_cast<std::size_t>(n));
      Response resp;
      int got = take_response(c.in, resp);
      if (got == 0) continue;
      if (got < 0) {
        drop(c, "malformed HTTP answer");
        continue;
      }
      const double latency = std::chrono::duration<double>(Clock::now() - c.sent_at).count();
      bool found = false;
      std::string problem;
      each_message(resp, [&](std::string_view m) {
        Answer a = check_answer(m);
        if (a.is_response && a.id == c.id) {
          found = true;
          if (!a.ok) problem = a.problem;
        }
      });
      ++done;
      r.latencies.push_back(latency);
      if (found && problem.empty())
        ++r.ok;
      else
        fail(found ? problem : "HTTP " + std::to_string(resp.status) + ": " + resp.body.substr(0, 200));
      c.busy = false;
      if (resp.close) {
        ::close(c.fd);
        c.fd = -1;
        c.in.clear();
      }
      start_next(c);
    }
  }
  r.elapsed_s = seconds_since(t0);
  for (auto& c : conns)
    if (c.fd >= 0) ::close(c.fd);
  return r;
}

}  // namespace sciorex::bench
