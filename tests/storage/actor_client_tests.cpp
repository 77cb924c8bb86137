// An agent named by its role (SCIOREX_AGENT) with its MCP client beside it (Actor::client): the
// client is kept wherever the store records an actor: history, the feed, comments, the inbox.
#include <catch2/catch.hpp>

#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/interaction_repository.hpp"
#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

namespace {
Actor planner() {
  Actor a = Actor::agent("technical-planner");
  a.client = "claude-code";
  return a;
}
}  // namespace

TEST_CASE("the client of an agent named by its role is kept in history, feed and comments",
          "[storage][actor]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("Work"), planner());
  repo.add_comment("T-001", "the plan", planner());
  repo.add_comment("T-001", "by hand", me());
  const Ticket t = repo.get("T-001");
  CHECK(t.history.at(0).actor == planner());
  CHECK(t.comments.at(0).author == planner());
  CHECK_FALSE(t.comments.at(1).author.client);
  const auto events = EventFeed(db).events_after(0);
  REQUIRE(events.size() == 3);
  CHECK(events[0].actor == planner());
  CHECK_FALSE(events[2].actor.client);
}

TEST_CASE("the inbox keeps the client of who asked and who answered", "[storage][actor]") {
  Database db(test_store());
  InteractionRepository inbox(db);
  inbox.create({InteractionKind::Question, "Which database?", "blocking", "{}", std::nullopt}, planner());
  Actor reviewer = Actor::agent("code-reviewer");
  reviewer.client = "codex";
  inbox.answer("I-001", R"({"text":"SQLite"})", "inbox", reviewer);
  const Interaction i = inbox.get("I-001");
  CHECK(i.asked_by == planner());
  CHECK(i.answered_by == reviewer);
}

TEST_CASE("a bad client is refused and nothing is written", "[storage][actor]") {
  Database db(test_store());
  TicketRepository repo(db);
  Actor bad = planner();
  bad.client = "";
  CHECK(error_kind([&] { repo.create(titled("Work"), bad); }) == ErrorKind::InvalidArgument);
  bad.client = std::string(201, 'c');
  CHECK(error_kind([&] { repo.create(titled("Work"), bad); }) == ErrorKind::InvalidArgument);
  CHECK(EventFeed(db).last_event_id() == 0);
  CHECK_FALSE(repo.find("T-001"));
}
