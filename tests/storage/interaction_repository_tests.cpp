// InteractionRepository: the durable inbox of questions, approvals and notifications.
#include <catch2/catch.hpp>
#include <thread>

#include "sciorex/storage/interaction_repository.hpp"
#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

namespace {
NewInteraction question(std::string text, std::optional<std::string> ticket = std::nullopt) {
  return {InteractionKind::Question, std::move(text), "blocking", R"({"question":"x"})", std::move(ticket)};
}
}  // namespace

TEST_CASE("a question is stored pending with a fresh id; a notification is delivered at once",
          "[storage][interactions]") {
  Database db(test_store());
  InteractionRepository repo(db);
  auto q = repo.create(question("Which database?"), dev());
  CHECK(q.id == "I-001");
  CHECK(q.status == InteractionStatus::Pending);
  CHECK(q.asked_by == dev());
  auto n =
      repo.create({InteractionKind::Notification, "Build finished", "success", "{}", std::nullopt}, dev());
  CHECK(n.id == "I-002");
  CHECK(n.status == InteractionStatus::Delivered);
  CHECK(repo.get("I-001") == q);
}

TEST_CASE("an answer is recorded once; a second answer or a withdrawn question is refused",
          "[storage][interactions]") {
  Database db(test_store());
  InteractionRepository repo(db);
  repo.create(question("Which database?"), dev());
  auto a = repo.answer("I-001", R"({"selectedOptions":["SQLite"]})", "inbox", me());
  CHECK(a.status == InteractionStatus::Answered);
  CHECK(a.answered_by == me());
  CHECK(a.answered_at);
  CHECK_THROWS_WITH(repo.answer("I-001", R"({"selectedOptions":["Postgres"]})", "inbox", me()),
                    Catch::Contains("already answered by user default"));
  CHECK(repo.get("I-001").answer_json == R"({"selectedOptions":["SQLite"]})");
  repo.create(question("Proceed?"), dev());
  CHECK(repo.withdraw("I-002", dev()).status == InteractionStatus::Withdrawn);
  CHECK_THROWS_AS(repo.answer("I-002", "{}", "inbox", me()), StoreError);
  CHECK(repo.withdraw("I-001", dev()).status == InteractionStatus::Answered);  // no-op once answered
}

TEST_CASE("bad input leaves the inbox untouched", "[storage][interactions]") {
  Database db(test_store());
  InteractionRepository repo(db);
  CHECK_THROWS_AS(repo.create(question("  "), dev()), StoreError);
  CHECK_THROWS_AS(repo.create(question("Q", "T-404"), dev()), StoreError);
  NewInteraction bad = question("Q");
  bad.request_json = "not json";
  CHECK_THROWS_AS(repo.create(bad, dev()), StoreError);
  CHECK(repo.list(false).empty());
  CHECK_THROWS_WITH(repo.get("I-999"), Catch::Contains("sciorex-interactions inbox"));
  repo.create(question("Q"), dev());
  CHECK_THROWS_AS(repo.answer("I-001", "[1,2]", "inbox", me()), StoreError);
  CHECK(repo.get("I-001").status == InteractionStatus::Pending);
}

TEST_CASE("a linked ticket gets history entries for the question and its answer", "[storage][interactions]") {
  Database db(test_store());
  TicketRepository tickets(db);
  InteractionRepository repo(db);
  tickets.create(titled("Avatar upload"), me());
  repo.create(question("Crop or pad?", "T-001"), dev());
  repo.answer("I-001", R"({"customText":"crop"})", "inbox", me());
  auto history = tickets.get("T-001").history;
  REQUIRE(history.size() == 3);
  CHECK(history[1].action == "interaction_created");
  CHECK(history[1].actor == dev());
  CHECK(history[2].action == "interaction_answered");
  CHECK(history[2].details_json.find("crop") != std::string::npos);
}

TEST_CASE("the inbox lists newest first and can show only what is pending", "[storage][interactions]") {
  Database db(test_store());
  InteractionRepository repo(db);
  for (int i = 0; i < 3; ++i) repo.create(question("Q" + std::to_string(i)), dev());
  repo.answer("I-002", "{}", "inbox", me());
  auto all = repo.list(false);
  REQUIRE(all.size() == 3);
  CHECK(all[0].id == "I-003");
  auto pending = repo.list(true);
  REQUIRE(pending.size() == 2);
  CHECK(pending[1].id == "I-001");
}

TEST_CASE("an answer written through another handle is seen at once", "[storage][interactions]") {
  TempDir dir;
  const std::string path = (dir.path() / "s.db").string();
  Database asker_db(path), person_db(path);
  InteractionRepository asker(asker_db), person(person_db);
  asker.create(question("Ship it?"), dev());
  person.answer("I-001", R"({"approved":true})", "inbox", me());
  CHECK(asker.get("I-001").status == InteractionStatus::Answered);
}
