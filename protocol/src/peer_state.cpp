// Per-peer state behind its own lock (peer_state.hpp), and the public Peer that wraps it.
#include "peer_state.hpp"

#include <vector>

namespace sciorex::protocol {

void CancelFlag::cancel() {
  {
    std::lock_guard lock(mu_);
    set_.store(true, std::memory_order_release);
  }
  cv_.notify_all();
}

bool CancelFlag::wait_for(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, d, [this] { return is_set(); });
}

PeerState::Session PeerState::session() const {
  std::lock_guard lock(mu_);
  return {unknown_session_, initialized_, version_, client_capabilities_, client_info_};
}

bool PeerState::initialized() const {
  std::lock_guard lock(mu_);
  return initialized_;
}

std::string PeerState::version() const {
  std::lock_guard lock(mu_);
  return version_;
}

bool PeerState::unknown_session() const {
  std::lock_guard lock(mu_);
  return unknown_session_;
}

void PeerState::mark_unknown_session() {
  std::lock_guard lock(mu_);
  unknown_session_ = true;
}

bool PeerState::initialize(std::string version, nlohmann::json capabilities, nlohmann::json client_info) {
  std::lock_guard lock(mu_);
  if (initialized_) return false;
  initialized_ = true;
  version_ = std::move(version);
  client_capabilities_ = std::move(capabilities);
  client_info_ = std::move(client_info);
  return true;
}

void PeerState::set_standalone(std::shared_ptr<Sink> sink) {
  std::lock_guard lock(mu_);
  standalone_ = std::move(sink);
}

std::shared_ptr<Sink> PeerState::standalone_if_initialized() const {
  std::lock_guard lock(mu_);
  return initialized_ ? standalone_ : nullptr;
}

std::shared_ptr<Sink> PeerState::standalone_if_subscribed(const std::string& uri) const {
  std::lock_guard lock(mu_);
  return subscriptions_.count(uri) ? standalone_ : nullptr;
}

std::optional<LogLevel> PeerState::log_level() const {
  std::lock_guard lock(mu_);
  return log_level_;
}

void PeerState::set_log_level(LogLevel level) {
  std::lock_guard lock(mu_);
  log_level_ = level;
}

bool PeerState::subscribe(const std::string& uri, std::size_t max) {
  std::lock_guard lock(mu_);
  if (subscriptions_.size() >= max && !subscriptions_.count(uri)) return false;
  subscriptions_.insert(uri);
  return true;
}

void PeerState::unsubscribe(const std::string& uri) {
  std::lock_guard lock(mu_);
  subscriptions_.erase(uri);
}

void PeerState::add_in_flight(const nlohmann::json& id, std::shared_ptr<CancelFlag> flag) {
  std::lock_guard lock(mu_);
  in_flight_[id.dump()] = std::move(flag);
}

void PeerState::remove_in_flight(const nlohmann::json& id) {
  std::lock_guard lock(mu_);
  in_flight_.erase(id.dump());
}

std::shared_ptr<CancelFlag> PeerState::in_flight(const nlohmann::json& id) const {
  std::lock_guard lock(mu_);
  auto it = in_flight_.find(id.dump());
  return it == in_flight_.end() ? nullptr : it->second;
}

std::optional<nlohmann::json> PeerState::add_pending(std::shared_ptr<PendingReply> reply) {
  std::lock_guard lock(mu_);
  if (closed_) return std::nullopt;
  nlohmann::json id = "sciorex-" + std::to_string(next_outbound_id_++);
  pending_[id.dump()] = std::move(reply);
  return id;
}

std::shared_ptr<PendingReply> PeerState::take_pending(const nlohmann::json& id) {
  std::lock_guard lock(mu_);
  auto it = pending_.find(id.dump());
  if (it == pending_.end()) return nullptr;
  auto reply = std::move(it->second);
  pending_.erase(it);
  return reply;
}

void PeerState::forget_pending(const nlohmann::json& id) {
  std::lock_guard lock(mu_);
  pending_.erase(id.dump());
}

void PeerState::close() {
  std::vector<std::shared_ptr<CancelFlag>> flags;
  std::vector<std::shared_ptr<PendingReply>> replies;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    for (auto& [_, f] : in_flight_) flags.push_back(f);
    for (auto& [_, r] : pending_) replies.push_back(r);
    standalone_.reset();
  }
  for (auto& f : flags) f->cancel();
  for (auto& r : replies) {
    std::lock_guard lock(r->mu);
    r->failed = true;
    r->cv.notify_all();
  }
}

bool PeerState::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

// --- Peer: the public face ----------------------------------------------------------------------

Peer::Peer() : state_(std::make_unique<PeerState>()) {}
Peer::~Peer() = default;
void Peer::set_standalone(std::shared_ptr<Sink> sink) { state_->set_standalone(std::move(sink)); }
bool Peer::initialized() const { return state_->initialized(); }
std::string Peer::negotiated_version() const { return state_->version(); }
void Peer::mark_unknown_session() { state_->mark_unknown_session(); }
void Peer::close() { state_->close(); }

}  // namespace sciorex::protocol
