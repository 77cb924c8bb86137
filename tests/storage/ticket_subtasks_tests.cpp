// Subtasks: add, complete by id or partial title, reopen, status form, progress counts.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

namespace {
void seed(TicketRepository& repo) {
  NewTicket in = titled("Avatar upload");
  in.subtasks = {"Design upload UI", "Implement backend upload endpoint", "Write tests"};
  repo.create(in, me());
}
}  // namespace

TEST_CASE("add_subtask appends the next sub id and a history entry", "[storage][subtasks]") {
  Database db(test_store());
  TicketRepository repo(db);
  seed(repo);
  const Subtask s = repo.add_subtask("T-001", "Add image processing", dev());
  CHECK(s.id == "sub-004");
  CHECK_FALSE(s.completed);
  const Ticket t = repo.get("T-001");
  CHECK(t.subtasks.back().title == "Add image processing");
  CHECK(t.history.back().action == "subtask_added");
  CHECK(t.history.back().actor == dev());
  CHECK(error_kind([&] { repo.add_subtask("T-001", " ", dev()); }) == ErrorKind::InvalidArgument);
}

TEST_CASE("complete_subtask finds a subtask by case-insensitive partial title", "[storage][subtasks]") {
  Database db(test_store());
  TicketRepository repo(db);
  seed(repo);
  const Subtask s = repo.complete_subtask("T-001", {.title = "BACKEND upload"}, true, dev());
  CHECK(s.id == "sub-002");
  CHECK(s.completed);
  CHECK(s.status == SubtaskStatus::Done);
  CHECK(s.completed_at);
  CHECK(repo.get("T-001").history.back().action == "subtask_completed");
}

TEST_CASE("the subtask id wins over the title", "[storage][subtasks]") {
  Database db(test_store());
  TicketRepository repo(db);
  seed(repo);
  const Subtask s = repo.complete_subtask("T-001", {.id = "sub-003", .title = "Design"}, true, dev());
  CHECK(s.title == "Write tests");
}

TEST_CASE("an ambiguous or unknown subtask title is refused with the candidates", "[storage][subtasks]") {
  Database db(test_store());
  TicketRepository repo(db);
  seed(repo);
  const auto ambiguous =
      error_message([&] { repo.complete_subtask("T-001", {.title = "upload"}, true, dev()); });
  CHECK(ambiguous.find("sub-001") != std::string::npos);
  CHECK(ambiguous.find("sub-002") != std::string::npos);
  CHECK(error_kind([&] { repo.complete_subtask("T-001", {.title = "deploy"}, true, dev()); }) ==
        ErrorKind::NotFound);
  CHECK(error_kind([&] { repo.complete_subtask("T-001", {.id = "sub-009"}, true, dev()); }) ==
        ErrorKind::NotFound);
  CHECK(error_kind([&] { repo.complete_subtask("T-001", {}, true, dev()); }) == ErrorKind::InvalidArgument);
}

TEST_CASE("completed false reopens a subtask", "[storage][subtasks]") {
  Database db(test_store());
  TicketRepository repo(db);
  seed(repo);
  repo.complete_subtask("T-001", {.id = "sub-001"}, true, dev());
  const Subtask s = repo.complete_subtask("T-001", {.id = "sub-001"}, false, dev());
  CHECK_FALSE(s.completed);
  CHECK(s.status == SubtaskStatus::Pending);
  CHECK_FALSE(s.completed_at);
  CHECK(repo.get("T-001").history.back().action == "subtask_reopened");
}

TEST_CASE("completing an already completed subtask changes nothing", "[storage][subtasks]") {
  Database db(test_store());
  TicketRepository repo(db);
  seed(repo);
  repo.complete_subtask("T-001", {.id = "sub-001"}, true, dev());
  const auto before = repo.get("T-001").history.size();
  repo.complete_subtask("T-001", {.id = "sub-001"}, true, dev());
  CHECK(repo.get("T-001").history.size() == before);
}

TEST_CASE("update_subtask sets any status, completed follows done, and keeps a note", "[storage][subtasks]") {
  Database db(test_store());
  TicketRepository repo(db);
  seed(repo);
  Subtask s = repo.update_subtask("T-001", {.id = "sub-001"}, SubtaskStatus::InProgress, std::nullopt, dev());
  CHECK(s.status == SubtaskStatus::InProgress);
  CHECK_FALSE(s.completed);
  s = repo.update_subtask("T-001", {.id = "sub-001"}, SubtaskStatus::Blocked, std::string("waiting on S3"),
                          dev());
  CHECK(s.note == "waiting on S3");
  s = repo.update_subtask("T-001", {.id = "sub-001"}, SubtaskStatus::Done, std::nullopt, dev());
  CHECK(s.completed);
  CHECK(s.completed_at);
  CHECK(s.note == "waiting on S3");
  s = repo.update_subtask("T-001", {.id = "sub-001"}, SubtaskStatus::Skipped, std::nullopt, dev());
  CHECK_FALSE(s.completed);
  CHECK_FALSE(s.completed_at);
  const Ticket t = repo.get("T-001");
  CHECK(t.history.back().action == "subtask_status_changed");
  CHECK(t.history.back().details_json ==
        R"({"from":"done","subtaskId":"sub-001","title":"Design upload UI","to":"skipped"})");
}

TEST_CASE("list_subtasks counts total, completed, pending and the percentage", "[storage][subtasks]") {
  Database db(test_store());
  TicketRepository repo(db);
  seed(repo);
  CHECK(repo.list_subtasks("T-001").percentage == 0);
  repo.complete_subtask("T-001", {.id = "sub-001"}, true, dev());
  const SubtaskList l = repo.list_subtasks("T-001");
  CHECK(l.total == 3);
  CHECK(l.completed == 1);
  CHECK(l.pending == 2);
  CHECK(l.percentage == 33);
  repo.create(titled("none"), me());
  CHECK(repo.list_subtasks("T-002").total == 0);
  CHECK(error_kind([&] { repo.list_subtasks("T-404"); }) == ErrorKind::NotFound);
}
