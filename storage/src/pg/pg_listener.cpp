// Listener: the LISTEN thread (poll on the connection's socket and an eventfd), reconnecting with
// backoff and announcing reconnects as "catch up".
#include "pg_listener.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <memory>

#include "pg_connection.hpp"
#include "pg_error.hpp"

namespace sciorex::storage::pg {

Listener::Listener(std::string conninfo, std::string channel, std::function<void()> on_change)
    : conninfo_(std::move(conninfo)), channel_(std::move(channel)), on_change_(std::move(on_change)) {
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  thread_ = std::thread([this] { loop(); });
}

Listener::~Listener() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (wake_fd_ >= 0) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
  }
  if (thread_.joinable()) thread_.join();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

Listener::State Listener::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

Listener::State Listener::wait(const State& seen, std::chrono::milliseconds limit) const {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, limit, [&] { return !(state_ == seen) || stop_.load(); });
  return state_;
}

bool Listener::wait_connected(std::chrono::milliseconds limit) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, limit, [&] { return connected_.load() || stop_.load(); }) && connected_.load();
}

void Listener::announce(std::int64_t id, bool reconnected) {
  bool moved = false;
  {
    std::lock_guard lock(mu_);
    moved = id > state_.last_event || reconnected;
    if (id > state_.last_event) state_.last_event = id;
    if (reconnected) ++state_.reconnects;
  }
  cv_.notify_all();
  if (moved && on_change_) on_change_();
}

bool Listener::pause(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, d, [&] { return stop_.load(); });
}

void Listener::loop() {
  bool ever_connected = false;
  auto delay = std::chrono::milliseconds(50);
  while (!stop_) {
    std::unique_ptr<Connection> conn;
    try {
      conn = std::make_unique<Connection>(conninfo_);
      conn->exec("LISTEN " + channel_);  // the channel is ours (a constant), not input
    } catch (const PgError&) {
      if (!pause(delay)) return;
      delay = std::min(delay * 2, std::chrono::milliseconds(2000));
      continue;
    }
    delay = std::chrono::milliseconds(50);
    {
      std::lock_guard lock(mu_);
      connected_ = true;
    }
    // Events committed while we were away produced no notification we saw: catch up.
    announce(0, ever_connected);
    ever_connected = true;
    try {
      while (!stop_) {
        std::array<pollfd, 2> fds{pollfd{conn->socket(), POLLIN, 0}, pollfd{wake_fd_, POLLIN, 0}};
        if (::poll(fds.data(), fds.size(), 1000) < 0 && errno != EINTR) break;
        if (stop_) break;
        std::int64_t highest = 0;
        for (const auto& n : conn->take_notifications()) {
          std::int64_t id = 0;
          const auto [p, ec] = std::from_chars(n.payload.data(), n.payload.data() + n.payload.size(), id);
          if (ec == std::errc() && id > highest) highest = id;
        }
        if (highest > 0) announce(highest, false);
      }
    } catch (const PgError&) {  // lost: reconnect below
    }
    connected_ = false;
    cv_.notify_all();
  }
}

}  // namespace sciorex::storage::pg
