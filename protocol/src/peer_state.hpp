#pragma once
// Per-peer protocol state (one stdio process or one 2025 HTTP session): the handshake, requests in
// flight, server-to-client requests awaiting replies, subscriptions. Owns its lock: callers use
// its methods and never lock it themselves. Private to the protocol library.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "sciorex/protocol/channel.hpp"
#include "sciorex/protocol/log_level.hpp"

namespace sciorex::protocol {

// A cancellation flag that can be waited on.
class CancelFlag {
 public:
  void cancel();
  bool is_set() const noexcept { return set_.load(std::memory_order_acquire); }
  // Waits up to `d`; true when cancelled.
  bool wait_for(std::chrono::milliseconds d);

 private:
  std::atomic<bool> set_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

// An outbound (server-to-client) request waiting for its response.
struct PendingReply {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<nlohmann::json> reply;  // the whole response message
  bool failed = false;                  // the peer closed
};

class PeerState {
 public:
  // What a 2025 request needs of its session, read at once.
  struct Session {
    bool unknown = false;  // a stand-in for an ended or never-issued session id
    bool initialized = false;
    std::string version;
    nlohmann::json client_capabilities = nlohmann::json::object();
    nlohmann::json client_info = nlohmann::json::object();
  };
  Session session() const;
  bool initialized() const;
  std::string version() const;
  bool unknown_session() const;
  void mark_unknown_session();
  // The 2025 handshake; false when the session was already initialized.
  bool initialize(std::string version, nlohmann::json capabilities, nlohmann::json client_info);

  void set_standalone(std::shared_ptr<Sink> sink);
  // The standalone stream of an initialized peer (null otherwise).
  std::shared_ptr<Sink> standalone_if_initialized() const;
  // The standalone stream when the peer watches `uri` (null otherwise).
  std::shared_ptr<Sink> standalone_if_subscribed(const std::string& uri) const;

  std::optional<LogLevel> log_level() const;
  void set_log_level(LogLevel level);
  // False when the peer already watches `max` other resources.
  bool subscribe(const std::string& uri, std::size_t max);
  void unsubscribe(const std::string& uri);

  // Requests in flight, by id, for notifications/cancelled.
  void add_in_flight(const nlohmann::json& id, std::shared_ptr<CancelFlag> flag);
  void remove_in_flight(const nlohmann::json& id);
  std::shared_ptr<CancelFlag> in_flight(const nlohmann::json& id) const;

  // Server-to-client requests: a fresh id for `reply` (nullopt once the peer closed); the slot a
  // response answers (removed); forgetting one nobody waits for.
  std::optional<nlohmann::json> add_pending(std::shared_ptr<PendingReply> reply);
  std::shared_ptr<PendingReply> take_pending(const nlohmann::json& id);
  void forget_pending(const nlohmann::json& id);

  // Cancels the requests in flight and fails the pending server-to-client requests.
  void close();
  bool closed() const;

 private:
  mutable std::mutex mu_;
  bool initialized_ = false;
  bool closed_ = false;
  bool unknown_session_ = false;
  std::string version_;
  nlohmann::json client_capabilities_ = nlohmann::json::object();
  nlohmann::json client_info_ = nlohmann::json::object();
  std::optional<LogLevel> log_level_;  // 2025 logging/setLevel
  std::set<std::string> subscriptions_;
  std::shared_ptr<Sink> standalone_;
  std::unordered_map<std::string, std::shared_ptr<CancelFlag>> in_flight_;  // key: id.dump()
  std::unordered_map<std::string, std::shared_ptr<PendingReply>> pending_;  // key: id.dump()
  long long next_outbound_id_ = 1;
};

}  // namespace sciorex::protocol
