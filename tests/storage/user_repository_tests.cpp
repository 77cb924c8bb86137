// UserRepository (issue 13): people, their tokens shown once and stored only as a SHA-256 hash, the
// per-request look-up, and the person an agent acts for beside every recorded actor.
#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>

#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/interaction_repository.hpp"
#include "sciorex/storage/user_repository.hpp"
#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

namespace {
Actor users_test_agent_for(const std::string& person) {
  Actor a = Actor::agent("claude-code");
  a.on_behalf_of = person;
  return a;
}
}  // namespace

TEST_CASE("users: add prints a token once, list shows people without it, remove takes it away",
          "[storage][users]") {
  Database db(test_store());
  UserRepository people(db);
  CHECK_FALSE(people.any());
  const NewUserToken alice = people.add("alice", false);
  const NewUserToken bob = people.add("bob.smith", true);
  CHECK(alice.token.rfind("sxr_", 0) == 0);
  CHECK(alice.token.size() == 4 + 43);
  CHECK(alice.token != bob.token);
  CHECK(people.any());

  const auto list = people.list();
  REQUIRE(list.size() == 2);
  CHECK(list[0].name == "alice");
  CHECK_FALSE(list[0].read_only);
  CHECK(list[1].name == "bob.smith");
  CHECK(list[1].read_only);
  CHECK(list[0].created_at.size() == 24);

  auto who = people.authenticate(bob.token);
  REQUIRE(who);
  CHECK(who->name == "bob.smith");
  CHECK(who->read_only);
  CHECK_FALSE(people.authenticate(bob.token + "x"));
  CHECK_FALSE(people.authenticate("sxr_"));
  CHECK_FALSE(people.authenticate(""));

  people.remove("bob.smith");
  CHECK_FALSE(people.authenticate(bob.token));
  CHECK(people.authenticate(alice.token));
  people.remove("alice");
  CHECK_FALSE(people.any());
}

TEST_CASE("users: bad names, a taken name and an unknown name are refused and change nothing",
          "[storage][users]") {
  Database db(test_store());
  UserRepository people(db);
  people.add("alice", false);
  const auto events = EventFeed(db).last_event_id();
  for (const std::string& bad : std::vector<std::string>{"", "a b", "al/ice", std::string(65, 'a'), "ünï"})
    CHECK(error_kind([&] { people.add(bad, false); }) == ErrorKind::InvalidArgument);
  CHECK(error_kind([&] { people.add("alice", true); }) == ErrorKind::Conflict);
  CHECK(error_kind([&] { people.remove("carol"); }) == ErrorKind::NotFound);
  CHECK(people.list().size() == 1);
  CHECK(EventFeed(db).last_event_id() == events);
}

TEST_CASE("users: the store keeps only the token's SHA-256, never the token", "[storage][users][sqlite]") {
  TempDir dir;
  std::string token;
  {
    Database db(dir.db());
    token = UserRepository(db).add("alice", false).token;
  }
  SQLite::Database raw(dir.db());
  SQLite::Statement st(raw, "SELECT token_hash FROM users WHERE name = 'alice'");
  REQUIRE(st.executeStep());
  const std::string hash = st.getColumn(0).getString();
  CHECK(hash.size() == 64);
  CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
  // Nowhere in the file's tables: not in users, not in the events an add appends.
  for (const char* sql : {"SELECT count(*) FROM users WHERE token_hash = ?1 OR name = ?1 OR created_at = ?1",
                          "SELECT count(*) FROM events WHERE details LIKE '%' || ?1 || '%'"}) {
    SQLite::Statement q(raw, sql);
    q.bind(1, token);
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getInt() == 0);
  }
  // A new connection (another server process) sees the person at once.
  Database again(dir.db());
  CHECK(UserRepository(again).authenticate(token));
}

TEST_CASE("users: adding and removing a person are feed-only events", "[storage][users]") {
  Database db(test_store());
  UserRepository people(db);
  people.add("alice", true);
  people.remove("alice");
  const auto events = EventFeed(db).events_after(0);
  REQUIRE(events.size() == 2);
  CHECK(events[0].entity_type == "user");
  CHECK(events[0].entity_id == "alice");
  CHECK(events[0].action == "added");
  CHECK_FALSE(events[0].in_history);
  CHECK(events[1].action == "removed");
}

TEST_CASE("the person an agent acts for is kept in history, feed, comments and the inbox",
          "[storage][users][actor]") {
  Database db(test_store());
  TicketRepository repo(db);
  repo.create(titled("Work"), users_test_agent_for("alice"));
  repo.add_comment("T-001", "for alice", users_test_agent_for("alice"));
  const Ticket t = repo.get("T-001");
  CHECK(t.history.at(0).actor == users_test_agent_for("alice"));
  CHECK(t.comments.at(0).author.on_behalf_of == "alice");
  CHECK(EventFeed(db).events_after(0).at(0).actor.on_behalf_of == "alice");

  InteractionRepository inbox(db);
  inbox.create({InteractionKind::Question, "Which?", "blocking", "{}", std::nullopt},
               users_test_agent_for("bob"));
  Actor answerer = Actor::user("bob");
  inbox.answer("I-001", R"({"text":"this"})", "inbox", answerer);
  const Interaction i = inbox.get("I-001");
  CHECK(i.asked_by.on_behalf_of == "bob");
  CHECK(i.answered_by == answerer);

  Actor bad = users_test_agent_for("");
  CHECK(error_kind([&] { repo.add_comment("T-001", "x", bad); }) == ErrorKind::InvalidArgument);
}
