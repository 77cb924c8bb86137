// What sciorex-tickets shows a person: agent text with control characters made visible, list
// lines with epic, blocked mark and subtask progress, `1 ticket`, history in words, epics with
// their progress, and one JSON shape for lists.
#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "seed.hpp"

namespace sciorex::cli_test {

using nlohmann::json;

namespace {
std::size_t lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}
}  // namespace

TEST_CASE("agent text reaches the terminal with control characters made visible", "[cli][output]") {
  TempDir ws;
  Seed seed(ws.db());
  const std::string id = seed.ticket("Tidy up\x1b[8m; rm -rf ~\x1b[0m\nT-999 [done] high bug: forged\r done");
  seed.tickets.add_comment(id,
                           "looks fine\x1b]0;owned\x07 \xe2\x80\xae"
                           "cba",
                           seed.agent);
  const RunOptions at{ws.path()};
  Run list = tickets({"list"}, at);
  CHECK(list.code == 0);
  CHECK(list.out.find('\x1b') == std::string::npos);
  CHECK(list.out.find('\r') == std::string::npos);
  CHECK(list.out.find("Tidy up\\x1b[8m; rm -rf ~\\x1b[0m\\nT-999 [done] high bug: forged\\r done") !=
        std::string::npos);
  CHECK(lines(list.out) == 2);  // the ticket's line and "1 ticket": no forged row
  Run show = tickets({"show", id}, at);
  CHECK(show.out.find('\x1b') == std::string::npos);
  CHECK(show.out.find('\x07') == std::string::npos);
  CHECK(show.out.find("\\x1b]0;owned\\x07 \\u202ecba") != std::string::npos);
  Run search = tickets({"search", "tidy"}, at);
  CHECK(search.out.find('\x1b') == std::string::npos);
  CHECK(search.out.find("\\x1b[8m") != std::string::npos);
  // JSON keeps the text as it is (JSON escapes it).
  CHECK(json::parse(tickets({"list", "--json"}, at).out)["items"][0]["title"].get<std::string>().find(
            '\x1b') != std::string::npos);
}

TEST_CASE("list shows epic, blocked mark and subtask progress, and counts in words", "[cli][output]") {
  TempDir ws;
  Seed seed(ws.db());
  const std::string epic = seed.epic("Profiles");
  const std::string a = seed.ticket("Avatar upload", epic, {"Design", "Build", "Test"});
  seed.tickets.complete_subtask(a, {.id = "sub-001"}, true, seed.agent);
  const RunOptions at{ws.path()};
  Run one = tickets({"list"}, at);
  CHECK(one.out == a + " [backlog] medium task: Avatar upload (epic " + epic + "; subtasks 1/3)\n1 ticket\n");
  const std::string b = seed.ticket("Blocker");
  seed.tickets.add_blocker(a, b, std::nullopt, seed.agent);
  Run two = tickets({"list"}, at);
  CHECK(two.out.find("(epic " + epic + "; blocked; subtasks 1/3)") != std::string::npos);
  CHECK(two.out.find("2 tickets\n") != std::string::npos);
  json j = json::parse(tickets({"list", "--json"}, at).out);
  CHECK(j["count"] == 2);
  CHECK(j["items"].size() == 2);
  CHECK(j["items"][0]["id"] == a);
}

TEST_CASE("show writes the history in words and nests the description's headings", "[cli][output]") {
  TempDir ws;
  Seed seed(ws.db());
  const std::string epic = seed.epic("Profiles");
  storage::NewTicket t;
  t.title = "Avatar upload";
  t.description = "## Overview\nUpload an avatar.\n```\n# not a heading\n```";
  const std::string id = seed.tickets.create(t, seed.agent).id;
  seed.tickets.change_status(id, storage::TicketStatus::Planned, seed.agent, std::nullopt);
  storage::TicketPatch patch;
  patch.epic_id = std::optional<std::string>(epic);
  seed.tickets.update(id, patch, seed.agent);
  storage::NewResource pr;
  pr.url = "https://example.com/pull/314";
  pr.title = "Avatar upload";
  pr.kind = "pr";
  seed.tickets.link_resource(id, pr, seed.agent);
  Run show = tickets({"show", id}, {ws.path()});
  CHECK(show.code == 0);
  CHECK(show.out.find("by agent claude-code: linked pr \"Avatar upload\" <https://example.com/pull/314>") !=
        std::string::npos);
  CHECK(show.out.find("by agent claude-code: status backlog → planned") != std::string::npos);
  CHECK(show.out.find("by agent claude-code: epic set to " + epic) != std::string::npos);
  CHECK(show.out.find("\n#### Overview\n") != std::string::npos);
  CHECK(show.out.find("\n# not a heading\n") != std::string::npos);
  CHECK(show.out.find("Not everything is shown") == std::string::npos);
}

TEST_CASE("show E-001 shows the epic with its progress and tickets; epics lists them", "[cli][output]") {
  TempDir ws;
  Seed seed(ws.db());
  const std::string epic = seed.epic("Profiles");
  const std::string id = seed.ticket("Avatar upload", epic);
  const RunOptions at{ws.path()};
  Run show = tickets({"show", epic}, at);
  CHECK(show.code == 0);
  CHECK(show.out.find("# " + epic + ": Profiles") != std::string::npos);
  CHECK(show.out.find("Progress: 0/1 done (0%)") != std::string::npos);
  CHECK(show.out.find(id + " [backlog] medium task: Avatar upload") != std::string::npos);
  CHECK(json::parse(tickets({"show", epic, "--json"}, at).out)["tickets"][0]["id"] == id);
  Run epics = tickets({"epics"}, at);
  CHECK(epics.out == epic + " [open] Profiles: 0/1 done (0%)\n1 epic\n");
  CHECK(json::parse(tickets({"epics", "--json"}, at).out)["count"] == 1);
}

}  // namespace sciorex::cli_test
