// The writing commands of sciorex-tickets (create, move, comment, tick, block, unblock, edit),
// acting as the person at the terminal, with the tools' own argument rules and messages; the
// reading ones (search, ready, blocked) print {count, items} with --json.
#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "seed.hpp"

namespace sciorex::cli_test {

using nlohmann::json;

TEST_CASE("create prints the new id and records the person as the actor", "[cli][commands]") {
  TempDir ws;
  const RunOptions as_alice{ws.path(), {{"USER", "alice"}}};
  Run created =
      tickets({"create", "Avatar upload", "--type", "feature", "--priority", "high", "--label", "ui",
               "--label", "profile", "--subtask", "Design", "--subtask", "Build", "--description", "-"},
              {ws.path(), {{"USER", "alice"}}, "## Goal\nUpload an avatar.\n"});
  CHECK(created.code == 0);  // a store is created inside the existing folder
  CHECK(created.out == "T-001\n");
  Seed seed(ws.db());
  const storage::Ticket t = seed.tickets.get("T-001");
  CHECK(t.description == "## Goal\nUpload an avatar.\n");
  CHECK(t.labels == std::vector<std::string>{"ui", "profile"});
  CHECK(t.subtasks.size() == 2);
  CHECK(t.history.front().actor == storage::Actor::user("alice"));
  SECTION("without $USER the account's name is used, never a literal \"user\"") {
    tickets({"comment", "T-001", "from the account"}, {ws.path(), {{"USER", ""}}});
    const auto h = seed.tickets.get("T-001").history.back();
    CHECK(h.actor.type == storage::ActorType::User);
    CHECK(h.actor.id != "user");
    CHECK_FALSE(h.actor.id.empty());
  }
  SECTION("the tools' rules refuse bad values with their message, exit 2, nothing written") {
    Run bad = tickets({"create", "X", "--priority", "urgent"}, as_alice);
    CHECK(bad.code == 2);
    CHECK(bad.err.rfind("sciorex-tickets: error: Invalid argument \"priority\"", 0) == 0);
    CHECK(bad.err.find("critical") != std::string::npos);
    CHECK(seed.tickets.find("T-002") == std::nullopt);
  }
  CHECK(json::parse(tickets({"create", "Second", "--json"}, as_alice).out)["id"] == "T-002");
}

TEST_CASE("move follows the transition table and names the allowed moves when refused", "[cli][commands]") {
  TempDir ws;
  const std::string id = Seed(ws.db()).ticket("Avatar upload");
  const RunOptions at{ws.path(), {{"USER", "alice"}}};
  Run moved = tickets({"move", id, "planned", "--comment", "ready to go"}, at);
  CHECK(moved.code == 0);
  CHECK(moved.out == id + ": status backlog → planned: ready to go\n");
  Run refused = tickets({"move", id, "done"}, at);
  CHECK(refused.code == 1);
  CHECK(refused.err.find("Invalid status transition from planned to done. Allowed: ") != std::string::npos);
  CHECK(tickets({"move", id, "finished"}, at).code == 2);
  CHECK(Seed(ws.db()).tickets.get(id).status == storage::TicketStatus::Planned);
}

// The store's next step, worded for a terminal: the command to run, never a tool (issue 10).
TEST_CASE("a refused command names the command to run next, not a tool", "[cli][commands]") {
  TempDir ws;
  Seed seed(ws.db());
  const std::string id = seed.ticket("Avatar upload");
  const std::string other = seed.ticket("Storage bucket");
  const RunOptions at{ws.path(), {{"USER", "alice"}}};
  Run unknown = tickets({"comment", "T-404", "hello"}, at);
  CHECK(unknown.code == 1);
  CHECK(unknown.err ==
        "sciorex-tickets: error: Ticket T-404 not found. `sciorex-tickets list` and `sciorex-tickets search` "
        "show the ids.\n");
  Run no_epic = tickets({"edit", id, "--epic", "E-404"}, at);
  CHECK(no_epic.code == 1);
  CHECK(no_epic.err ==
        "sciorex-tickets: error: Epic E-404 not found. `sciorex-tickets epics` shows the ids.\n");
  Run unblock = tickets({"unblock", id, other}, at);
  CHECK(unblock.code == 1);
  CHECK(unblock.err == "sciorex-tickets: error: " + other + " does not block " + id +
                           ". `sciorex-tickets show` lists its blockers.\n");
  tickets({"move", id, "planned"}, at);
  tickets({"move", id, "in_progress"}, at);
  Run claimed = tickets({"move", id, "in_progress"}, at);
  CHECK(claimed.code == 1);
  CHECK(claimed.err.find("is already in_progress") != std::string::npos);
  CHECK(claimed.err.find("`sciorex-tickets ready` lists the tickets ready to start.") != std::string::npos);
  for (const Run* r : {&unknown, &no_epic, &unblock, &claimed})
    CHECK(r->err.find("sciorex_") == std::string::npos);
}

TEST_CASE("comment, tick, block, unblock and edit", "[cli][commands]") {
  TempDir ws;
  Seed seed(ws.db());
  const std::string id =
      seed.ticket("Avatar upload", std::nullopt, {"Design the form", "Build the endpoint"});
  const std::string other = seed.ticket("Storage bucket");
  const std::string epic = seed.epic("Profiles");
  const RunOptions at{ws.path(), {{"USER", "alice"}}};

  CHECK(tickets({"comment", id, "Looks good"}, at).out == "Comment added to " + id + "\n");
  CHECK(tickets({"tick", id, "endpoint"}, at).out == id + ": sub-002 Build the endpoint done\n");
  CHECK(tickets({"tick", id, "sub-002", "--undo"}, at).out == id + ": sub-002 Build the endpoint reopened\n");
  CHECK(tickets({"tick", id, "nothing like it"}, at).code == 1);
  CHECK(tickets({"block", id, other, "--reason", "needs the bucket"}, at).out ==
        id + " is now blocked by " + other + "\n");
  Run blocked = tickets({"blocked", "--json"}, at);
  CHECK(json::parse(blocked.out)["items"][0]["id"] == id);
  CHECK(tickets({"block", other, id}, at).code == 1);  // a cycle, refused as the tool refuses it
  CHECK(tickets({"unblock", id, other}, at).out == other + " no longer blocks " + id + "\n");
  Run edited = tickets({"edit", id, "--priority", "high", "--epic", epic}, at);
  CHECK(edited.code == 0);
  CHECK(edited.out.find("priority medium → high") != std::string::npos);
  CHECK(edited.out.find("epic set to " + epic) != std::string::npos);
  CHECK(tickets({"edit", id, "--no-epic"}, at).out == id + ": epic removed (was " + epic + ")\n");
  CHECK(tickets({"edit", id}, at).code == 2);
  CHECK(tickets({"edit", id, "--epic", epic, "--no-epic"}, at).code == 2);
  const storage::Ticket t = seed.tickets.get(id);
  CHECK(t.comments.back().author == storage::Actor::user("alice"));
  CHECK(t.priority == storage::Priority::High);
  CHECK_FALSE(t.epic_id);
}

TEST_CASE("search, ready and blocked list tickets; --json has one shape", "[cli][commands]") {
  TempDir ws;
  Seed seed(ws.db());
  const std::string a = seed.ticket("Avatar upload");
  seed.ticket("Password reset");
  seed.tickets.change_status(a, storage::TicketStatus::Planned, seed.agent, std::nullopt);
  const RunOptions at{ws.path()};
  CHECK(tickets({"search", "avatar"}, at).out == a + " [planned] medium task: Avatar upload\n1 ticket\n");
  CHECK(tickets({"ready"}, at).out == a + " [planned] medium task: Avatar upload\n1 ticket\n");
  CHECK(tickets({"blocked"}, at).out == "No ticket is blocked.\n");
  for (const char* cmd : {"search", "ready", "blocked"}) {
    std::vector<std::string> args{cmd};
    if (std::string(cmd) == "search") args.push_back("a");
    args.push_back("--json");
    json j = json::parse(tickets(args, at).out);
    CHECK(j.contains("count"));
    CHECK(j["items"].is_array());
  }
}

}  // namespace sciorex::cli_test
