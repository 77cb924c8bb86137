// sciorex-bench-echo: the transport ceiling over stdio. A "server" that answers every JSON-RPC
// request line with a fixed result and does nothing else: no JSON parsing beyond finding the id,
// a reused read buffer, all answers of one read() in one write(). initialize gets a minimal
// InitializeResult, tools/call a one-line text content; notifications get no answer.
#include <errno.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

// The raw text of the top-level "id" value (number or string), or empty for a notification.
std::string_view find_id(std::string_view line) {
  for (std::size_t at = line.find("\"id\""); at != std::string_view::npos; at = line.find("\"id\"", at + 4)) {
    std::size_t p = at + 4;
    while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
    if (p >= line.size() || line[p] != ':') continue;
    ++p;
    while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
    std::size_t start = p;
    if (p < line.size() && line[p] == '"') {
      for (++p; p < line.size() && line[p] != '"'; ++p)
        if (line[p] == '\\') ++p;
      ++p;
    } else {
      while (p < line.size() && line[p] != ',' && line[p] != '}' && line[p] != ' ') ++p;
    }
    return line.substr(start, std::min(p, line.size()) - start);
  }
  return {};
}

void answer(std::string_view line, std::string& out) {
  std::string_view id = find_id(line);
  if (id.empty()) return;
  out += R"({"jsonrpc":"2.0","id":)";
  out += id;
  if (line.find("\"initialize\"") != std::string_view::npos) {
    out += R"(,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},)"
           R"("serverInfo":{"name":"sciorex-bench-echo","version":"1"}}})";
  } else if (line.find("\"tools/call\"") != std::string_view::npos) {
    out += R"(,"result":{"content":[{"type":"text","text":"echo"}]}})";
  } else {
    out += R"(,"result":{}})";
  }
  out += '\n';
}

bool write_all(const std::string& out) {
  std::size_t off = 0;
  while (off < out.size()) {
    ssize_t n = ::write(1, out.data() + off, out.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

int main() {
  std::vector<char> chunk(1 << 20);
  std::string pending, out;
  out.reserve(1 << 16);
  for (;;) {
    ssize_t n = ::read(0, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::string_view data(chunk.data(), static_cast<std::size_t>(n));
    out.clear();
    while (!data.empty()) {
      auto nl = data.find('\n');
      if (nl == std::string_view::npos) {
        pending.append(data);
        break;
      }
      if (pending.empty()) {
        answer(data.substr(0, nl), out);
      } else {
        pending.append(data.substr(0, nl));
        answer(pending, out);
        pending.clear();
      }
      data.remove_prefix(nl + 1);
    }
    if (!out.empty() && !write_all(out)) return 1;
  }
  return 0;
}
