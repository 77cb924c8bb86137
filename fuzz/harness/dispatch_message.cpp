#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>

#include "harness.hpp"
#include "sciorex/protocol/server.hpp"
#include "sciorex/protocol/wire.hpp"
#include "store.hpp"
#include "tickets.hpp"

namespace sciorex::fuzz {

namespace {

using nlohmann::json;

[[noreturn]] void broken(const char* what, const std::string& detail) {
  std::fprintf(stderr, "dispatch_message: %s: %s\n", what, detail.substr(0, 2000).c_str());
  std::abort();
}

// Keeps the final answer; checks that what goes on the wire parses back.
class CheckingSink final : public protocol::Sink {
 public:
  bool send(const json& message) override {
    check(message);
    return true;
  }
  void finish(const json* response, const protocol::Disposition&) override {
    if (response) check(*response);
    std::lock_guard lock(mu_);
    if (response) answer_ = *response;
    finished_ = true;
    cv_.notify_all();
  }
  bool closed() const noexcept override { return false; }
  bool wait(std::chrono::milliseconds limit) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, limit, [&] { return finished_; });
  }
  json answer() {
    std::lock_guard lock(mu_);
    return answer_;
  }

 private:
  static void check(const json& message) {
    std::string wire = protocol::serialize(message);
    if (wire.find('\n') != std::string::npos) broken("an answer spans lines", wire);
    if (json::parse(wire, nullptr, false).is_discarded()) broken("an answer is not JSON", wire);
  }
  std::mutex mu_;
  std::condition_variable cv_;
  json answer_;
  bool finished_ = false;
};

struct World {
  tickets::Store store{":memory:"};
  protocol::Server server{tickets::server_info()};
  std::shared_ptr<protocol::Peer> peer = std::make_shared<protocol::Peer>();
  World() {
    tickets::register_all(server, store);
    peer->set_standalone(std::make_shared<CheckingSink>());
    auto sink = std::make_shared<CheckingSink>();
    server.handle(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
                  R"("capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}})",
                  peer, sink);
    sink->wait(std::chrono::seconds(5));
  }
};

}  // namespace

void dispatch_message(const std::uint8_t* data, std::size_t size) {
  static World* world = new World();  // kept for the whole run, like a server process
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (text.find('\n') != std::string_view::npos) return;  // stdio hands over one line at a time
  auto sink = std::make_shared<CheckingSink>();
  world->server.handle(text, world->peer, sink);
  // subscriptions/listen keeps its request open by design: cancel it, as a client would, which
  // ends it (a listen refused during validation has already answered; the cancel is then a no-op).
  json m = json::parse(text, nullptr, false);
  if (m.is_object() && m.value("method", json()) == "subscriptions/listen" && m.contains("id")) {
    auto ignored = std::make_shared<CheckingSink>();
    json cancel = {
        {"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", m["id"]}}}};
    world->server.handle(cancel.dump(), world->peer, ignored);
  }
  if (!sink->wait(std::chrono::seconds(5))) broken("no answer within 5 s", std::string(text));
  json answer = sink->answer();
  if (answer.is_null()) return;  // a notification or a response: no reply
  if (!answer.is_object() || answer.value("jsonrpc", json()) != "2.0" || !answer.contains("id") ||
      answer.contains("result") == answer.contains("error"))
    broken("not a JSON-RPC response", answer.dump());
  if (answer.contains("error")) {
    const json& e = answer["error"];
    if (!e.is_object() || !e.contains("code") || !e["code"].is_number_integer() || !e.contains("message") ||
        !e["message"].is_string())
      broken("a malformed error object", answer.dump());
    // -32603 means a handler failed unexpectedly: a bug behind some input.
    if (e["code"] == -32603) broken("an internal error", std::string(text) + " -> " + answer.dump());
  }
}

}  // namespace sciorex::fuzz
