// EpicRepository: create, get with tickets, list with progress, update with completedAt.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;

TEST_CASE("a new epic gets the next epic id, status open and a created entry", "[storage][epics]") {
  Database db(test_store());
  EpicRepository epics(db);
  const Epic e = epics.create({.title = "Profile pictures", .description = "Avatars everywhere"}, me());
  CHECK(e.id == "E-001");
  CHECK(e.status == EpicStatus::Open);
  CHECK_FALSE(e.completed_at);
  CHECK(epics.create({.title = "Second"}, me()).id == "E-002");
  const EpicDetail d = epics.get("E-001");
  CHECK(d.epic.description == "Avatars everywhere");
  REQUIRE(d.history.size() == 1);
  CHECK(d.history[0].action == "created");
  CHECK(error_kind([&] { epics.create({.title = ""}, me()); }) == ErrorKind::InvalidArgument);
  CHECK(error_message([&] { epics.get("E-404"); }) == "Epic E-404 not found.");
  CHECK(error_next_step([&] { epics.get("E-404"); }) == NextStep::FindEpicIds);
}

TEST_CASE("epic progress counts its tickets by status and done over all", "[storage][epics]") {
  Database db(test_store());
  EpicRepository epics(db);
  TicketRepository repo(db);
  epics.create({.title = "A"}, me());
  epics.create({.title = "Empty"}, me());
  for (int i = 0; i < 3; ++i) {
    NewTicket t = planned("t" + std::to_string(i));
    t.epic_id = "E-001";
    repo.create(t, me());
  }
  repo.create(titled("no epic"), me());
  repo.change_status("T-001", TicketStatus::InProgress, dev());
  repo.change_status("T-001", TicketStatus::Done, dev());

  const EpicDetail d = epics.get("E-001");
  CHECK(d.tickets.size() == 3);
  CHECK(d.progress.total == 3);
  CHECK(d.progress.done == 1);
  CHECK(d.progress.percentage == 33);
  CHECK(d.progress.by_status.at(TicketStatus::Planned) == 2);

  const auto list = epics.list();
  REQUIRE(list.size() == 2);
  CHECK(list[0].epic.id == "E-001");
  CHECK(list[0].progress == d.progress);
  CHECK(list[1].progress.total == 0);
  CHECK(list[1].progress.percentage == 0);
}

TEST_CASE("epic update changes fields, and completedAt follows completed", "[storage][epics]") {
  Database db(test_store());
  EpicRepository epics(db);
  epics.create({.title = "A"}, me());
  Epic e = epics.update("E-001", {.title = "B", .status = EpicStatus::Completed}, dev());
  CHECK(e.title == "B");
  CHECK(e.status == EpicStatus::Completed);
  REQUIRE(e.completed_at);
  e = epics.update("E-001", {.status = EpicStatus::InProgress}, dev());
  CHECK_FALSE(e.completed_at);
  const auto h = epics.get("E-001").history;
  REQUIRE(h.size() == 4);
  CHECK(h[1].action == "updated");
  CHECK(h[2].action == "status_changed");
  CHECK(h[2].details_json == R"({"from":"open","to":"completed"})");
  CHECK(h[3].actor == dev());
  CHECK(epics.update("E-001", {.title = "B"}, dev()).title == "B");
  CHECK(epics.get("E-001").history.size() == 4);  // no change, no entry
  CHECK(error_kind([&] { epics.update("E-404", {.title = "x"}, dev()); }) == ErrorKind::NotFound);
}
