// What the interaction tool tests share: a server on a fresh store with quick polling, tools/call
// messages, and a person answering from another terminal (another handle on the store file).
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <random>

#include "interactions.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"
#include "wait_until.hpp"

namespace sciorex::test {

struct InboxFixture {
  testing::TempDir temp{"interactions"};
  std::filesystem::path dir = temp.path();
  std::unique_ptr<interactions::Inbox> inbox;
  std::unique_ptr<protocol::Server> server;

  explicit InboxFixture(interactions::Options o = {}) {
    o.poll_interval = std::chrono::milliseconds(20);
    o.progress_interval = std::chrono::milliseconds(50);
    inbox = std::make_unique<interactions::Inbox>(db(), storage::StoreConfig{}, o);
    server = std::make_unique<protocol::Server>(interactions::server_info());
    interactions::register_all(*server, *inbox);
  }
  ~InboxFixture() {
    server.reset();  // before the store it serves; the folder goes last (members end in reverse)
    inbox.reset();
  }
  std::string db() const { return (dir / "sciorex.db").string(); }
  std::size_t pending() { return inbox->repo().list(true, 500).size(); }
  // Waits (at most 20 s) until `n` questions are pending: the handlers write them to the store
  // and nothing signals that, so this is a bounded poll of the store.
  bool wait_pending(std::size_t n) {
    return testing::poll_until([&] { return pending() >= n; }, std::chrono::seconds(20));
  }
  // Answers a pending interaction the way a person at another terminal does.
  void answer_from_elsewhere(const std::string& id, const json& answer) {
    storage::Database other(db());
    storage::InteractionRepository(other).answer(id, answer.dump(), "inbox", storage::Actor::user("person"));
  }
};

// The result of a call once its sink finished (at most 10 s).
inline json result_of(const std::shared_ptr<CollectingSink>& sink) {
  REQUIRE(sink->wait_finished(1, std::chrono::seconds(10)) == 1);
  return sink->messages().back()["result"];
}

inline json call(const std::string& tool, json args, json id = 1, json meta = json::object()) {
  json params = {{"name", tool}, {"arguments", std::move(args)}};
  if (!meta.empty()) params["_meta"] = std::move(meta);
  return {{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"method", "tools/call"}, {"params", std::move(params)}};
}

}  // namespace sciorex::test
