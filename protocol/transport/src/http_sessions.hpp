#pragma once
// The 2025 session table of the Streamable HTTP transport: Mcp-Session-Id → Peer, the session's
// GET stream, and when it was last used. Thread-safe (one mutex; peers are closed and streams
// ended outside it). Beast-free, so it can be tested alone.
//
// Spec (2025-11-25 basic/transports §Session Management): the id is minted on the
// InitializeResult, must be visible ASCII (0x21-0x7E) and should be unguessable; after a session
// ends, requests naming it get 404.
//
// Anyone who reaches the port can send initialize: a session that no later request named
// ("unused") is cheap to make and worth nothing to keep. So unused sessions end after a short
// time (expire's `unused_idle`), and when the table is full a new session takes the place of the
// oldest unused one rather than being refused: a flood of initialize churns only unused sessions
// and never ends one a client works with. (A cap per client address would not help: local clients
// all come from 127.0.0.1.) A client whose unused session ended gets 404 and initializes again.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sciorex/protocol/channel.hpp"

namespace sciorex::transport {

class SessionTable {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SessionTable(std::size_t max_sessions) : max_sessions_(max_sessions) {}

  // A fresh id: 192 random bits from OpenSSL, as 48 lower-case hex digits. Throws when the
  // system has no randomness.
  static std::string mint_id();

  // Registers `peer` under a fresh id. When max_sessions are open, ends the least recently made
  // unused session to make room; nullopt when every open session is in use.
  std::optional<std::string> create(std::shared_ptr<protocol::Peer> peer);
  // The peer of `id` (and marks the session used, now); null when the id is unknown.
  std::shared_ptr<protocol::Peer> find(const std::string& id);
  // Marks the session used now (a request on it finished). No-op for an unknown id.
  void touch(const std::string& id);
  // Whether the session has a GET stream; nullopt when the id is unknown.
  std::optional<bool> has_stream(const std::string& id) const;

  enum class Attach { attached, unknown, busy };
  // Makes `sink` the session's GET stream and the peer's standalone sink, unless the session is
  // unknown or already has one. `end_stream` is called (outside the lock) when the session ends.
  Attach attach_stream(const std::string& id, std::shared_ptr<protocol::Sink> sink,
                       std::function<void()> end_stream);
  // The GET stream `sink` ended: clears it (and the peer's standalone sink) if it is still the
  // session's stream. The session itself stays.
  void detach_stream(const std::string& id, const protocol::Sink* sink);

  // Ends a session as DELETE does: forgets the id, ends its GET stream, closes the peer (which
  // cancels its requests in flight). False when the id is unknown.
  bool remove(const std::string& id);
  // Ends every session idle for longer than `idle` and without a GET stream, and every session
  // that no request named within `unused_idle` of its creation. Returns how many.
  std::size_t expire(Clock::time_point now, Clock::duration idle, Clock::duration unused_idle);
  // Ends every session (server stop).
  void clear();
  std::size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<protocol::Peer> peer;
    Clock::time_point last_used;
    std::shared_ptr<protocol::Sink> stream;  // the GET stream, if open
    std::function<void()> end_stream;
    bool used = false;  // a request after the initialize named it
  };
  // Closes what `ended` held; called without the lock.
  static void end(std::vector<Entry>& ended);

  const std::size_t max_sessions_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> sessions_;
};

}  // namespace sciorex::transport
