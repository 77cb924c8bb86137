// The board's writing routes against a real store: each a history entry by the page's user; a
// stale edit is a 409 carrying the ticket as it is now; a move the table refuses is a 422 naming
// the allowed targets; refused writes leave the store as it was.
#include "board_fixture.hpp"

namespace sciorex::board_test {

TEST_CASE("creating a ticket with subtasks and an epic from the page records the user", "[board][write]") {
  BoardFixture f;
  auto epic = f.post("/api/epics", {{"title", "Onboarding"}});
  REQUIRE(epic.status == 201);
  const std::string epic_id = epic.json_body()["id"];
  auto r = f.post("/api/tickets", {{"title", "Sign-up form"},
                                   {"type", "feature"},
                                   {"priority", "high"},
                                   {"labels", {"ui"}},
                                   {"epicId", epic_id},
                                   {"subtasks", {"fields", "validation"}}});
  REQUIRE(r.status == 201);
  auto j = r.json_body();
  const std::string id = j["id"];
  auto stored = f.tickets.get(id);
  CHECK(stored.title == "Sign-up form");
  CHECK(stored.epic_id == epic_id);
  CHECK(stored.subtasks.size() == 2);
  CHECK(stored.history.front().actor == storage::Actor::user("alice"));
  CHECK(j["history"][0]["actor"] == json{{"kind", "user"}, {"id", "alice"}});
}

TEST_CASE("an edit with the current updatedAt is saved; a stale one is 409 with the current ticket",
          "[board][write]") {
  BoardFixture f;
  auto t = f.tickets.create(ticket("first title"), f.agent());
  auto ok = f.patch("/api/tickets/" + t.id,
                    {{"expectedUpdatedAt", t.updated_at}, {"title", "second title"}, {"epicId", nullptr}});
  REQUIRE(ok.status == 200);
  CHECK(ok.json_body()["title"] == "second title");
  const auto saved = f.tickets.get(t.id);
  CHECK(saved.history.back().actor == storage::Actor::user("alice"));

  // Someone else changed it since the page read it: the page still holds an older updatedAt.
  storage::TicketPatch other;
  other.description = "the agent's words";
  f.tickets.update(t.id, other, f.agent());
  const auto before = f.tickets.get(t.id);
  auto stale = f.patch("/api/tickets/" + t.id,
                       {{"expectedUpdatedAt", "2000-01-01T00:00:00.000Z"}, {"title", "third"}});
  REQUIRE(stale.status == 409);
  auto j = stale.json_body();
  CHECK(j["code"] == "conflict");
  CHECK(j["current"]["updatedAt"] == before.updated_at);
  CHECK(j["current"]["description"] == "the agent's words");
  CHECK(f.tickets.get(t.id) == before);
  // expectedUpdatedAt is required, and the id comes from the address only.
  CHECK(f.patch("/api/tickets/" + t.id, {{"title", "x"}}).status == 400);
  CHECK(f.patch("/api/tickets/" + t.id, {{"expectedUpdatedAt", before.updated_at}, {"ticketId", "T-002"}})
            .status == 400);
}

TEST_CASE("a move the table refuses is 422 naming the allowed targets; an allowed one is recorded",
          "[board][write]") {
  BoardFixture f;
  auto t = f.tickets.create(ticket("move me"), f.agent());
  const auto events = f.feed.last_event_id();
  auto refused = f.post("/api/tickets/" + t.id + "/status", {{"status", "done"}});
  REQUIRE(refused.status == 422);
  auto j = refused.json_body();
  CHECK(j["code"] == "transition");
  CHECK(j["allowedTransitions"] == json{"planned", "cancelled"});
  const std::string message = j["error"];
  CHECK(message.find("planned") != std::string::npos);
  CHECK(f.feed.last_event_id() == events);

  auto moved = f.post("/api/tickets/" + t.id + "/status", {{"status", "planned"}, {"comment", "ready"}});
  REQUIRE(moved.status == 200);
  CHECK(moved.json_body()["status"] == "planned");
  CHECK(moved.json_body()["allowedTransitions"] == json{"backlog", "in_progress", "cancelled"});
  auto stored = f.tickets.get(t.id);
  CHECK(stored.status == storage::TicketStatus::Planned);
  CHECK(stored.history.back().actor == storage::Actor::user("alice"));

  auto stale = f.post("/api/tickets/" + t.id + "/status",
                      {{"status", "in_progress"}, {"expectedUpdatedAt", "2000-01-01T00:00:00Z"}});
  CHECK(stale.status == 409);
  CHECK(stale.json_body()["current"]["status"] == "planned");
  CHECK(f.post("/api/tickets/" + t.id + "/status", {{"status", "finished"}}).status == 400);
}

TEST_CASE("subtasks and comments from the page", "[board][write]") {
  BoardFixture f;
  auto t = f.tickets.create(ticket("with parts"), f.agent());
  auto added = f.post("/api/tickets/" + t.id + "/subtasks", {{"title", "write the test"}});
  REQUIRE(added.status == 201);
  const std::string sub = added.json_body()["subtasks"][0]["id"];
  auto ticked = f.patch("/api/tickets/" + t.id + "/subtasks/" + sub, {{"status", "done"}});
  REQUIRE(ticked.status == 200);
  CHECK(f.tickets.get(t.id).subtasks[0].status == storage::SubtaskStatus::Done);
  CHECK(f.patch("/api/tickets/" + t.id + "/subtasks/sub-999", {{"status", "done"}}).status == 404);
  CHECK(f.patch("/api/tickets/" + t.id + "/subtasks/" + sub, {{"status", "finished"}}).status == 400);

  auto commented = f.post("/api/tickets/" + t.id + "/comments", {{"text", "looks good"}});
  REQUIRE(commented.status == 201);
  auto stored = f.tickets.get(t.id);
  REQUIRE(stored.comments.size() == 1);
  CHECK(stored.comments[0].author == storage::Actor::user("alice"));
  CHECK(f.post("/api/tickets/T-999/comments", {{"text", "x"}}).status == 404);
}

}  // namespace sciorex::board_test
