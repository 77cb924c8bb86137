// change_status: the transition table, completedAt, history, and the atomic claim.
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;
using S = TicketStatus;

namespace {
const std::vector<S> kAll{S::Backlog, S::Planned, S::InProgress, S::InReview, S::Done, S::Cancelled};

// The contract's table, written out independently of the implementation.
const std::set<std::pair<S, S>> kAllowed{
    {S::Backlog, S::Planned},     {S::Backlog, S::Cancelled}, {S::Planned, S::Backlog},
    {S::Planned, S::InProgress},  {S::Planned, S::Cancelled}, {S::InProgress, S::Planned},
    {S::InProgress, S::InReview}, {S::InProgress, S::Done},   {S::InProgress, S::Cancelled},
    {S::InReview, S::InProgress}, {S::InReview, S::Done},     {S::InReview, S::Cancelled},
    {S::Done, S::InProgress},     {S::Cancelled, S::Backlog}};
}  // namespace

TEST_CASE("every transition of the table is allowed and every other one refused", "[storage][status]") {
  Database db(test_store());
  TicketRepository repo(db);
  for (S from : kAll)
    for (S to : kAll) {
      NewTicket in = titled("t");
      in.status = from;
      const auto id = repo.create(in, me()).id;
      const bool allowed = kAllowed.count({from, to}) > 0;
      INFO(std::string(to_string(from)) + " -> " + std::string(to_string(to)));
      if (allowed) {
        CHECK(repo.change_status(id, to, dev()).status == to);
      } else {
        const auto kind = error_kind([&] { repo.change_status(id, to, dev()); });
        if (from == S::InProgress && to == S::InProgress)
          CHECK(kind == ErrorKind::Conflict);  // the claim: see below
        else
          CHECK(kind == ErrorKind::InvalidTransition);
        CHECK(repo.get(id).status == from);
      }
    }
}

TEST_CASE("a refused transition names the allowed targets", "[storage][status]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("t"), me());
  CHECK(error_message([&] { repo.change_status("T-001", S::Done, dev()); }) ==
        "Invalid status transition from backlog to done. Allowed: planned, cancelled");
  repo.change_status("T-001", S::Planned, dev());
  CHECK(error_message([&] { repo.change_status("T-001", S::InReview, dev()); }) ==
        "Invalid status transition from planned to in_review. Allowed: backlog, in_progress, cancelled");
}

TEST_CASE("completedAt is set on entering done and cleared on leaving it", "[storage][status]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(planned("t"), me());
  repo.change_status("T-001", S::InProgress, dev());
  CHECK_FALSE(repo.get("T-001").completed_at);
  const Ticket done = repo.change_status("T-001", S::Done, dev());
  REQUIRE(done.completed_at);
  CHECK(*done.completed_at == done.updated_at);
  CHECK_FALSE(repo.change_status("T-001", S::InProgress, dev()).completed_at);
}

TEST_CASE("a status change is one history entry with from, to, the comment and the actor",
          "[storage][status]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(planned("t"), me());
  const Ticket t = repo.change_status("T-001", S::InProgress, dev(), std::string("starting"));
  REQUIRE(t.history.size() == 2);
  CHECK(t.history[1].action == "status_changed");
  CHECK(t.history[1].details_json == R"({"comment":"starting","from":"planned","to":"in_progress"})");
  CHECK(t.history[1].actor == dev());
}

TEST_CASE("claiming a ticket already in progress names who moved it", "[storage][status]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(planned("t"), me());
  repo.change_status("T-001", S::InProgress, Actor::agent("agent-a"));
  const auto msg =
      error_message([&] { repo.change_status("T-001", S::InProgress, Actor::agent("agent-b")); });
  CHECK(msg.find("already in_progress") != std::string::npos);
  CHECK(msg.find("agent-a") != std::string::npos);
}

TEST_CASE("two connections racing to claim one planned ticket: exactly one wins", "[storage][status]") {
  TempDir dir;
  {
    Database db(dir.db());
    TicketRepository(db).create(planned("contested"), me());
  }
  for (int round = 0; round < 5; ++round) {
    Database setup(dir.db());
    TicketRepository setup_repo(setup);
    if (round > 0) setup_repo.change_status("T-001", S::Planned, me());
    std::atomic<int> wins{0};
    std::vector<std::string> losers(2);
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i)
      threads.emplace_back([&, i] {
        Database db(dir.db());
        TicketRepository repo(db);
        const Actor a = Actor::agent(i == 0 ? "agent-one" : "agent-two");
        try {
          repo.change_status("T-001", S::InProgress, a);
          ++wins;
        } catch (const StoreError& e) {
          if (e.kind() == ErrorKind::Conflict) losers[static_cast<std::size_t>(i)] = e.what();
        }
      });
    for (auto& t : threads) t.join();
    REQUIRE(wins == 1);
    const Ticket t = setup_repo.get("T-001");
    const std::string winner = t.history.back().actor.id;
    const std::string loser_msg = losers[0].empty() ? losers[1] : losers[0];
    CHECK(loser_msg.find(winner) != std::string::npos);
  }
}
