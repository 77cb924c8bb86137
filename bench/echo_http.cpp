// sciorex-bench-echo-http PORT: the loopback HTTP ceiling. A single-threaded epoll HTTP/1.1
// keep-alive server on 127.0.0.1 that answers every POST carrying a JSON-RPC id with a fixed
// application/json result (initialize also gets an Mcp-Session-Id), a POST without an id with
// 202, and DELETE with 200. Requests need a Content-Length; nothing else is checked.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace {

std::string_view find_id(std::string_view body) {
  auto at = body.find("\"id\"");
  if (at == std::string_view::npos) return {};
  std::size_t p = body.find(':', at + 4);
  if (p == std::string_view::npos) return {};
  ++p;
  while (p < body.size() && body[p] == ' ') ++p;
  std::size_t start = p;
  if (p < body.size() && body[p] == '"') {
    for (++p; p < body.size() && body[p] != '"'; ++p)
      if (body[p] == '\\') ++p;
    ++p;
  } else {
    while (p < body.size() && body[p] != ',' && body[p] != '}' && body[p] != ' ') ++p;
  }
  return body.substr(start, std::min(p, body.size()) - start);
}

std::size_t content_length(std::string_view head) {
  for (std::size_t p = head.find("\r\n"); p != std::string_view::npos; p = head.find("\r\n", p + 2)) {
    std::string_view line = head.substr(p + 2, 15);
    bool match = line.size() == 15;
    for (std::size_t i = 0; match && i < 15; ++i)
      match = std::tolower(static_cast<unsigned char>(line[i])) == "content-length:"[i];
    if (match) return std::strtoul(head.data() + p + 17, nullptr, 10);
  }
  return 0;
}

// Appends the answer to one request.
void respond(std::string_view head, std::string_view body, std::string& out) {
  if (head.substr(0, 7) == "DELETE ") {
    out += "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    return;
  }
  std::string_view id = find_id(body);
  if (id.empty()) {
    out += "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n";
    return;
  }
  const bool init = body.find("\"initialize\"") != std::string_view::npos;
  std::string json = R"({"jsonrpc":"2.0","id":)" + std::string(id) +
                     (init ? R"(,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},)"
                             R"("serverInfo":{"name":"sciorex-bench-echo-http","version":"1"}}})"
                           : R"(,"result":{"content":[{"type":"text","text":"echo"}]}})");
  out += "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
  if (init) out += "Mcp-Session-Id: echo-session\r\n";
  out += "Content-Length: " + std::to_string(json.size()) + "\r\n\r\n" + json;
}

}  // namespace

int main(int argc, char** argv) {
  int port = argc > 1 ? std::atoi(argv[1]) : 0;
  int ls = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
  ::setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(ls, 512) != 0 ||
      ::getsockname(ls, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    std::perror("bind");
    return 1;
  }
  std::fprintf(stderr, "listening on http://127.0.0.1:%d/mcp\n", ntohs(a.sin_port));
  int ep = ::epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = ls;
  ::epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
  std::unordered_map<int, std::string> inbox;
  std::string out;
  char buf[65536];
  epoll_event events[256];
  for (;;) {
    int n = ::epoll_wait(ep, events, 256, -1);
    if (n < 0 && errno == EINTR) continue;
    for (int k = 0; k < n; ++k) {
      int fd = events[k].data.fd;
      if (fd == ls) {
        int c = ::accept4(ls, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) continue;
        ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        epoll_event cev{};
        cev.events = EPOLLIN;
        cev.data.fd = c;
        ::epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
        inbox[c];
        continue;
      }
      ssize_t got = ::recv(fd, buf, sizeof buf, 0);
      if (got <= 0) {
        ::epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
        ::close(fd);
        inbox.erase(fd);
        continue;
      }
      std::string& in = inbox[fd];
      in.append(buf, static_cast<std::size_t>(got));
      out.clear();
      for (;;) {
        auto head_end = in.find("\r\n\r\n");
        if (head_end == std::string::npos) break;
        std::size_t body_len = content_length(std::string_view(in).substr(0, head_end + 2));
        if (in.size() < head_end + 4 + body_len) break;
        respond(std::string_view(in).substr(0, head_end + 2),
                std::string_view(in).substr(head_end + 4, body_len), out);
        in.erase(0, head_end + 4 + body_len);
      }
      std::size_t off = 0;
      while (off < out.size()) {
        ssize_t w = ::send(fd, out.data() + off, out.size() - off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += static_cast<std::size_t>(w);
      }
    }
  }
}
