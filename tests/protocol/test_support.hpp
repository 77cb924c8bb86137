#pragma once
// In-process drivers for protocol tests: a Sink that collects what the dispatcher sends, and a
// client that feeds messages to a Server and waits (bounded) for the answers. No sockets, no sleeps.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "sciorex/protocol/server.hpp"
#include "sciorex/protocol/wire.hpp"

namespace sciorex::test {

using nlohmann::json;

class CollectingSink : public protocol::Sink {
 public:
  bool send(const json& message) override {
    std::lock_guard lock(mu_);
    messages_.push_back(message);
    cv_.notify_all();
    return !closed_;
  }
  void finish(const json* response, const protocol::Disposition& d) override {
    std::lock_guard lock(mu_);
    // What a client would read: the wire text parsed back (a raw_json part becomes a document).
    if (response) messages_.push_back(json::parse(protocol::serialize(*response)));
    dispositions_.push_back(d);
    ++finished_;
    cv_.notify_all();
  }
  bool closed() const noexcept override { return closed_; }
  void close() { closed_ = true; }

  // Waits until `n` messages arrived (at most 5 s) and returns a copy of all of them.
  std::vector<json> wait_for(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, limit, [&] { return messages_.size() >= n; });
    return messages_;
  }
  // Waits until `done(the messages so far)` holds (at most `limit`); true when it did.
  template <class Done>
  bool wait_until(Done done, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, limit, [&] { return done(std::as_const(messages_)); });
  }
  // Waits until one of the messages satisfies `match` (at most `limit`); true when one did.
  template <class Match>
  bool wait_for_message(Match match, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    return wait_until(
        [&](const std::vector<json>& all) { return std::any_of(all.begin(), all.end(), match); }, limit);
  }
  std::size_t wait_finished(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, limit, [&] { return finished_ >= n; });
    return finished_;
  }
  std::vector<protocol::Disposition> dispositions() {
    std::lock_guard lock(mu_);
    return dispositions_;
  }
  std::vector<json> messages() {
    std::lock_guard lock(mu_);
    return messages_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<json> messages_;
  std::vector<protocol::Disposition> dispositions_;
  std::size_t finished_ = 0;
  std::atomic<bool> closed_{false};
};

// One client connection (a Peer) to a Server; every message gets its own sink.
class Client {
 public:
  explicit Client(protocol::Server& server) : server_(server), peer_(std::make_shared<protocol::Peer>()) {
    standalone_ = std::make_shared<CollectingSink>();
    peer_->set_standalone(standalone_);
  }

  // Sends one message; returns its sink.
  std::shared_ptr<CollectingSink> post(const json& message, const protocol::HttpHeaders* http = nullptr) {
    auto sink = std::make_shared<CollectingSink>();
    server_.handle(message.dump(), peer_, sink, http);
    return sink;
  }
  std::shared_ptr<CollectingSink> post_text(const std::string& text) {
    auto sink = std::make_shared<CollectingSink>();
    server_.handle(text, peer_, sink);
    return sink;
  }
  // Sends a request and returns its final answer (the last message once the sink finished).
  json request(const std::string& method, json params = json::object(), json id = 1) {
    auto sink = post({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    sink->wait_finished(1);
    auto all = sink->messages();
    return all.empty() ? json() : all.back();
  }
  json initialize(json capabilities = json::object(), std::string version = "2025-11-25") {
    if (capabilities.is_null()) capabilities = json::object();
    json r = request("initialize",
                     {{"protocolVersion", version},
                      {"capabilities", std::move(capabilities)},
                      {"clientInfo", {{"name", "test-client"}, {"version", "1"}}}},
                     0);
    post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
    return r;
  }
  std::shared_ptr<protocol::Peer> peer() { return peer_; }
  std::shared_ptr<CollectingSink> standalone() { return standalone_; }

 private:
  protocol::Server& server_;
  std::shared_ptr<protocol::Peer> peer_;
  std::shared_ptr<CollectingSink> standalone_;
};

// Threads of this process now (Linux: the entries of /proc/self/task).
inline std::size_t thread_count() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// The _meta a 2026 request carries.
inline json modern_meta(json capabilities = json::object()) {
  return {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
          {"io.modelcontextprotocol/clientCapabilities", std::move(capabilities)},
          {"io.modelcontextprotocol/clientInfo", {{"name", "test-client"}, {"version", "1"}}}};
}

}  // namespace sciorex::test
