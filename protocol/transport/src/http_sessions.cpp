// The 2025 session table (see http_sessions.hpp).
#include "http_sessions.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

namespace sciorex::transport {

std::string SessionTable::mint_id() {
  unsigned char bytes[24];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw std::runtime_error("no randomness available for a session id");
  static const char digits[] = "0123456789abcdef";
  std::string id;
  id.reserve(2 * sizeof bytes);
  for (unsigned char b : bytes) {
    id.push_back(digits[b >> 4]);
    id.push_back(digits[b & 0xf]);
  }
  return id;
}

std::optional<std::string> SessionTable::create(std::shared_ptr<protocol::Peer> peer) {
  std::string id = mint_id();
  std::vector<Entry> ended;
  {
    std::lock_guard lock(mu_);
    if (sessions_.size() >= max_sessions_) {
      auto oldest = sessions_.end();
      for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
        if (!it->second.used &&
            (oldest == sessions_.end() || it->second.last_used < oldest->second.last_used))
          oldest = it;
      if (oldest == sessions_.end()) return std::nullopt;
      ended.push_back(std::move(oldest->second));
      sessions_.erase(oldest);
    }
    sessions_[id] = Entry{std::move(peer), Clock::now(), nullptr, nullptr};
  }
  end(ended);
  return id;
}

std::shared_ptr<protocol::Peer> SessionTable::find(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  it->second.last_used = Clock::now();
  it->second.used = true;
  return it->second.peer;
}

void SessionTable::touch(const std::string& id) {
  std::lock_guard lock(mu_);
  if (auto it = sessions_.find(id); it != sessions_.end()) it->second.last_used = Clock::now();
}

std::optional<bool> SessionTable::has_stream(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  return it->second.stream != nullptr;
}

SessionTable::Attach SessionTable::attach_stream(const std::string& id, std::shared_ptr<protocol::Sink> sink,
                                                 std::function<void()> end_stream) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return Attach::unknown;
  if (it->second.stream) return Attach::busy;
  // Under the lock, so that attach and detach of racing GET streams cannot interleave.
  it->second.peer->set_standalone(sink);
  it->second.stream = std::move(sink);
  it->second.end_stream = std::move(end_stream);
  it->second.last_used = Clock::now();
  it->second.used = true;
  return Attach::attached;
}

void SessionTable::detach_stream(const std::string& id, const protocol::Sink* sink) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end() || it->second.stream.get() != sink) return;
  it->second.peer->set_standalone(nullptr);
  it->second.stream.reset();
  it->second.end_stream = nullptr;
  it->second.last_used = Clock::now();  // idle time counts from the stream's end
}

bool SessionTable::remove(const std::string& id) {
  std::vector<Entry> ended;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return false;
    ended.push_back(std::move(it->second));
    sessions_.erase(it);
  }
  end(ended);
  return true;
}

std::size_t SessionTable::expire(Clock::time_point now, Clock::duration idle, Clock::duration unused_idle) {
  std::vector<Entry> ended;
  {
    std::lock_guard lock(mu_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      const Clock::duration limit = it->second.used ? idle : std::min(idle, unused_idle);
      if (!it->second.stream && now - it->second.last_used > limit) {
        ended.push_back(std::move(it->second));
        it = sessions_.erase(it);
      } else {
        ++it;
      }
    }
  }
  end(ended);
  return ended.size();
}

void SessionTable::clear() {
  std::vector<Entry> ended;
  {
    std::lock_guard lock(mu_);
    for (auto& [_, e] : sessions_) ended.push_back(std::move(e));
    sessions_.clear();
  }
  end(ended);
}

std::size_t SessionTable::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

void SessionTable::end(std::vector<Entry>& ended) {
  for (auto& e : ended) {
    if (e.end_stream) e.end_stream();
    e.peer->close();
  }
}

}  // namespace sciorex::transport
