// The inbox through the board: pending questions and approvals with their context, answered by
// the same rules as `sciorex-interactions answer`; the answer is what a waiting sciorex_ask_user
// reads from the store (interactions' outcome_of).
#include "board_fixture.hpp"
#include "forms.hpp"
#include "waiter.hpp"

namespace sciorex::board_test {

namespace {

storage::Interaction ask(BoardFixture& f, const json& arguments) {
  auto q = interactions::Question::from_json(arguments);
  storage::NewInteraction n;
  n.kind = storage::InteractionKind::Question;
  n.summary = q.question;
  n.urgency = q.urgency;
  n.request_json = q.to_request().dump();
  return f.inbox.create(n, f.agent());
}

}  // namespace

TEST_CASE("the inbox lists what waits, newest first, with its request", "[board][inbox]") {
  BoardFixture f;
  auto first = ask(
      f, {{"question", "Which database?"}, {"responseType", "single"}, {"options", {"SQLite", "Postgres"}}});
  auto second = ask(f, {{"question", "<b>Name</b> the release?"}, {"responseType", "text"}});
  storage::NewInteraction note;
  note.kind = storage::InteractionKind::Notification;
  note.summary = "Build finished";
  note.urgency = "info";
  f.inbox.create(note, f.agent());

  auto j = f.get("/api/inbox").json_body();
  CHECK(j["pending"] == 2);
  REQUIRE(j["items"].size() == 3);
  CHECK(j["items"][0]["kind"] == "notification");
  CHECK(j["items"][1]["id"] == second.id);
  CHECK(j["items"][1]["summary"] == "<b>Name</b> the release?");
  CHECK(j["items"][2]["request"]["options"] == json{"SQLite", "Postgres"});
  CHECK(j["items"][2]["askedBy"] == json{{"kind", "agent"}, {"id", "claude-code"}});
  CHECK(j["items"][2]["id"] == first.id);
  CHECK(f.get("/api/inbox?all=1").json_body()["items"].size() == 3);
}

TEST_CASE("an answer from the board is the answer the waiting agent reads", "[board][inbox]") {
  BoardFixture f;
  auto q = ask(
      f, {{"question", "Which database?"}, {"responseType", "single"}, {"options", {"SQLite", "Postgres"}}});
  const auto before = f.inbox.get(q.id);
  // Refused answers leave it pending.
  CHECK(f.post("/api/inbox/" + q.id + "/answer", {{"options", {"MySQL"}}}).status == 400);
  CHECK(f.post("/api/inbox/" + q.id + "/answer", {{"options", {"SQLite", "Postgres"}}}).status == 400);
  CHECK(f.post("/api/inbox/" + q.id + "/answer", {{"approve", "yes"}}).status == 400);
  CHECK(f.inbox.get(q.id) == before);

  auto r = f.post("/api/inbox/" + q.id + "/answer", {{"options", {"SQLite"}}});
  REQUIRE(r.status == 200);
  CHECK(r.json_body()["status"] == "answered");
  auto outcome = interactions::outcome_of(f.inbox.get(q.id));
  CHECK(outcome.status == "answered");
  CHECK(outcome.via == "inbox");
  CHECK(outcome.answer["selectedOptions"] == json{"SQLite"});
  CHECK(f.inbox.get(q.id).answered_by == storage::Actor::user("alice"));

  auto again = f.post("/api/inbox/" + q.id + "/answer", {{"options", {"Postgres"}}});
  CHECK(again.status == 409);
  CHECK(again.json_body()["current"]["answer"]["selectedOptions"] == json{"SQLite"});
  CHECK(f.post("/api/inbox/I-999/answer", {{"skip", true}}).status == 404);
}

TEST_CASE("an approval is approved, denied or given an alternative with a comment", "[board][inbox]") {
  BoardFixture f;
  auto ap = interactions::Approval::from_json(
      {{"action", "Drop the old table"}, {"reason", "unused"}, {"alternatives", {"Archive it"}}});
  storage::NewInteraction n;
  n.kind = storage::InteractionKind::Approval;
  n.summary = ap.action;
  n.urgency = ap.impact;
  n.request_json = ap.to_request().dump();
  auto i = f.inbox.create(n, f.agent());
  CHECK(f.post("/api/inbox/" + i.id + "/answer", {{"approve", true}, {"deny", true}}).status == 400);
  auto r =
      f.post("/api/inbox/" + i.id + "/answer", {{"alternative", "Archive it"}, {"comment", "keep a copy"}});
  REQUIRE(r.status == 200);
  auto outcome = interactions::outcome_of(f.inbox.get(i.id));
  CHECK(outcome.answer["selectedAlternative"] == "Archive it");
  CHECK(outcome.answer["userComment"] == "keep a copy");
}

}  // namespace sciorex::board_test
