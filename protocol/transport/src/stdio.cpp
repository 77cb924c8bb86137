// The stdio transport: newline-delimited JSON-RPC on stdin/stdout, logs on stderr (stdio.hpp).
#include "sciorex/transport/stdio.hpp"

#include <errno.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "sciorex/protocol/wire.hpp"

namespace sciorex::transport {
namespace {

// All output of the process goes through one writer: whole lines, one write at a time.
// While the reader thread works through the lines of one read (begin_batch .. end_batch), the
// answers it produces itself (inline handlers) are gathered and written together at the end of
// the chunk, or once kBatchBytes have gathered: with many requests in flight the client gets them
// in a few writes instead of one each. Lines from other threads (workers, the change watcher) are
// written at once; the order of answers to different requests is not promised anyway.
class LineWriter final : public protocol::Sink {
 public:
  static constexpr std::size_t kBatchBytes = std::size_t{16} * 1024;

  explicit LineWriter(int fd) : fd_(fd) {}

  bool send(const nlohmann::json& message) override { return write_line(protocol::serialize(message)); }
  void finish(const nlohmann::json* response, const protocol::Disposition&) override {
    if (response) write_line(protocol::serialize(*response));
  }
  bool closed() const noexcept override { return broken_.load(std::memory_order_relaxed); }

  // Called by the reader thread only.
  void begin_batch() { batching_ = std::this_thread::get_id(); }
  void end_batch() {
    batching_ = std::thread::id();
    flush_batch();
  }

 private:
  bool write_line(std::string line) {
    line.push_back('\n');
    if (batching_ == std::this_thread::get_id()) {  // only the reader thread ever matches
      batch_ += line;
      return batch_.size() < kBatchBytes ? !closed() : flush_batch();
    }
    std::lock_guard lock(mu_);
    return write_all(line);
  }

  bool flush_batch() {
    if (batch_.empty()) return !closed();
    std::lock_guard lock(mu_);
    bool ok = write_all(batch_);
    batch_.clear();
    return ok;
  }

  bool write_all(const std::string& bytes) {  // holding mu_
    if (broken_) return false;
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        broken_ = true;  // the client closed its end (EPIPE): nothing more can be delivered
        return false;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    return true;
  }

  int fd_;
  std::mutex mu_;
  std::atomic<bool> broken_{false};
  std::atomic<std::thread::id> batching_{};
  std::string batch_;  // touched by the reader thread only
};

}  // namespace

int serve_stdio(protocol::Server& server, const StdioOptions& options) {
  auto out = std::make_shared<LineWriter>(options.out_fd);
  auto peer = std::make_shared<protocol::Peer>();
  peer->set_standalone(out);

  std::vector<char> chunk(std::size_t{64} * 1024);
  std::string pending;  // bytes of an incomplete line
  bool discarding = false;
  int status = 0;
  auto deliver = [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;  // blank line
    server.handle(line, peer, out);
  };
  while (!out->closed()) {
    ssize_t n = ::read(options.in_fd, chunk.data(), chunk.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      status = 1;
      break;
    }
    std::string_view data(chunk.data(), static_cast<std::size_t>(n));
    out->begin_batch();
    while (!data.empty()) {
      auto nl = data.find('\n');
      std::string_view piece = data.substr(0, nl);
      if (discarding) {
        if (nl != std::string_view::npos) discarding = false;
      } else if (pending.size() + piece.size() > options.max_message_bytes) {
        pending.clear();
        server.reject_oversized(options.max_message_bytes, out);
        discarding = nl == std::string_view::npos;
      } else if (nl == std::string_view::npos) {
        pending.append(piece);
      } else if (pending.empty()) {
        deliver(piece);  // the common case: the whole line is in this chunk, no copy
      } else {
        pending.append(piece);
        deliver(pending);
        pending.clear();
      }
      if (nl == std::string_view::npos) break;
      data.remove_prefix(nl + 1);
    }
    out->end_batch();
  }
  if (!pending.empty() && !discarding) deliver(pending);  // a last line without its newline
  // End of input: let quick requests answer, then cancel whatever still waits.
  server.drain(options.drain_timeout / 2);
  peer->close();
  server.drain(options.drain_timeout / 2);
  return status;
}

}  // namespace sciorex::transport
