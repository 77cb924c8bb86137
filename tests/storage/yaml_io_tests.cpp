// YAML import/export: Sciorex's samples, the workflow's ticket form, bad files, lossless round trip.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/yaml_io.hpp"
#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;
namespace fs = std::filesystem;

namespace {
const fs::path kSamples = fs::path(SCIOREX_SAMPLES_DIR) / ".sciorex";
const fs::path kExamples = fs::path(SCIOREX_EXAMPLES_DIR) / "tickets";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
std::string without_comment_lines(const std::string& text) {
  std::stringstream in(text);
  std::string line, out;
  while (std::getline(in, line))
    if (line.rfind("#", 0) != 0) out += line + "\n";
  return out;
}
}  // namespace

TEST_CASE("Sciorex's sample ticket and epic import with every field", "[storage][yaml]") {
  Database db(":memory:");
  const auto report = import_yaml(db, {kSamples}, me());
  INFO((report.problems.empty() ? "" : report.problems[0].to_string()));
  REQUIRE(report.ok());
  CHECK(report.epics == std::vector<std::string>{"E-002"});
  CHECK(report.tickets == std::vector<std::string>{"T-007"});
  const Ticket t = TicketRepository(db).get("T-007");
  CHECK(t.title == "Add avatar thumbnails");
  CHECK(t.description.rfind(
            "Generate 64, 128 and 256 px thumbnails after upload.\n\n## Acceptance Criteria\n", 0) == 0);
  CHECK(t.description.back() == '\n');
  CHECK(t.type == TicketType::Feature);
  CHECK(t.status == TicketStatus::InProgress);
  CHECK(t.labels == std::vector<std::string>{"backend", "images"});
  CHECK(t.epic_id == "E-002");
  CHECK_FALSE(t.parent_id);
  REQUIRE(t.blocked_by.size() == 1);
  CHECK(t.blocked_by[0].ticket_id == "T-005");
  CHECK_FALSE(t.blocked_by[0].status);  // T-005 is not in this store
  CHECK(t.relates_to == std::vector<std::string>{"T-006"});
  REQUIRE(t.subtasks.size() == 2);
  CHECK(t.subtasks[0].completed);
  CHECK(t.subtasks[0].completed_at == "2026-03-02T11:20:00Z");
  CHECK(t.subtasks[1].status == SubtaskStatus::Pending);
  CHECK(t.last_session_id == "session-7f3a");
  CHECK(t.created_at == "2026-03-01T08:00:00Z");
  CHECK(t.updated_at == "2026-03-02T11:20:00Z");
  REQUIRE(t.history.size() == 2);
  CHECK(t.history[1].details_json == R"({"from":"planned","to":"in_progress"})");
  CHECK(t.history[1].actor == Actor::agent("feature-developer"));
  const EpicDetail e = EpicRepository(db).get("E-002");
  CHECK(e.epic.status == EpicStatus::InProgress);
  CHECK(e.progress.total == 1);
  // Ids are kept and the counters move past them.
  CHECK(TicketRepository(db).create(titled("next"), me()).id == "T-008");
  CHECK(EpicRepository(db).create({.title = "next"}, me()).id == "E-003");
}

TEST_CASE("exporting the imported samples writes them back byte for byte", "[storage][yaml]") {
  Database db(":memory:");
  REQUIRE(import_yaml(db, {kSamples}, me()).ok());
  CHECK(ticket_to_yaml(TicketRepository(db).get("T-007")) ==
        without_comment_lines(read(kSamples / "tickets/T-007.yaml")));
  CHECK(epic_to_yaml(EpicRepository(db).get("E-002")) ==
        without_comment_lines(read(kSamples / "epics/E-002.yaml")));
}

TEST_CASE("the workflow's T-042 and T-099 ticket forms import", "[storage][yaml]") {
  Database db(":memory:");
  const auto report = import_yaml(db, {kExamples / "T-042.yaml", kExamples / "T-099.yaml"}, me());
  INFO((report.problems.empty() ? "" : report.problems[0].to_string()));
  REQUIRE(report.ok());
  TicketRepository repo(db);
  const Ticket t = repo.get("T-042");
  CHECK(t.status == TicketStatus::Planned);
  CHECK(t.type == TicketType::Feature);
  CHECK(t.description.rfind("## Overview\n", 0) == 0);
  REQUIRE(t.subtasks.size() == 5);
  CHECK(t.subtasks[0].id == "sub-001");
  CHECK(t.subtasks[4].id == "sub-005");
  CHECK(t.subtasks[4].title == "Write tests");
  CHECK(t.subtasks[4].status == SubtaskStatus::Pending);
  REQUIRE(t.history.size() == 1);
  CHECK(t.history[0].action == "created");
  CHECK(t.history[0].actor == me());
  const Ticket bug = repo.get("T-099");
  CHECK(bug.type == TicketType::Bug);
  CHECK(bug.priority == Priority::High);
  CHECK(bug.status == TicketStatus::Backlog);
  CHECK(repo.create(titled("after"), me()).id == "T-100");
  CHECK(repo.ready().tickets.size() == 1);
}

TEST_CASE("bad YAML names the file and line, and the import writes nothing at all", "[storage][yaml]") {
  TempDir dir;
  Database db(dir.db());
  EventFeed feed(db);
  write_file(dir.path() / "tickets/T-001.yaml", "id: T-001\ntitle: Good\n");
  write_file(dir.path() / "tickets/T-002.yaml", "id: T-002\ntitle: Broken\nlabels: [a, b\nstatus: planned\n");
  const auto report = import_yaml(db, {dir.path() / "tickets"}, me());
  REQUIRE(report.problems.size() == 1);
  CHECK(report.problems[0].file.find("T-002.yaml") != std::string::npos);
  CHECK(report.problems[0].line >= 3);
  CHECK(report.tickets.empty());
  CHECK_FALSE(report.written);
  // One bad file: the good one before it is not imported either (issue 17: the import is atomic).
  CHECK_FALSE(TicketRepository(db).find("T-001"));
  CHECK_FALSE(TicketRepository(db).find("T-002"));
  CHECK(feed.last_event_id() == 0);
}

TEST_CASE("a bad field names the file, line and field and imports nothing of that file", "[storage][yaml]") {
  TempDir dir;
  Database db(dir.db());
  EventFeed feed(db);
  write_file(
      dir.path() / "T-003.yaml",
      "id: T-003\ntitle: Bad subtask\nsubtasks:\n  - title: ok\n    status: pending\n  - title: bad\n    "
      "status: finished\n");
  const auto report = import_yaml(db, {dir.path() / "T-003.yaml"}, me());
  REQUIRE(report.problems.size() == 1);
  const auto& p = report.problems[0];
  CHECK(p.line == 7);
  CHECK(p.field == "subtasks[1].status");
  CHECK(p.message.find("pending, in_progress, done, blocked, skipped") != std::string::npos);
  CHECK(p.to_string().find("T-003.yaml:7: subtasks[1].status: ") != std::string::npos);
  CHECK_FALSE(TicketRepository(db).find("T-003"));
  CHECK(feed.last_event_id() == 0);

  SECTION("a missing title is reported at the document") {
    write_file(dir.path() / "T-004.yaml", "id: T-004\ntype: bug\n");
    const auto r = import_yaml(db, {dir.path() / "T-004.yaml"}, me());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].field == "title");
  }
  SECTION("a bad timestamp") {
    write_file(dir.path() / "T-005.yaml", "id: T-005\ntitle: x\ncreatedAt: yesterday\n");
    const auto r = import_yaml(db, {dir.path() / "T-005.yaml"}, me());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].field == "createdAt");
    CHECK(r.problems[0].line == 3);
  }
}

TEST_CASE("text that is not UTF-8 is a bad field, not an exception", "[storage][yaml]") {
  // Found by fuzz_yaml_import (issue 5): a label with a stray byte made import_yaml throw
  // nlohmann's type_error 316 while writing the labels' JSON, instead of reporting the file.
  TempDir dir;
  Database db(dir.db());
  EventFeed feed(db);
  struct Case {
    const char* name;
    std::string yaml;
    const char* field;
    int line;
    const char* message = "not valid UTF-8";
  };
  for (const auto& c : std::vector<Case>{
           {"a stray byte in a label",
            "id: T-010\ntitle: x\nlabels: [ok, \"b\x97"
            "d\"]\n",
            "labels[1]", 3},
           {"a stray byte in the description", "id: T-011\ntitle: x\ndescription: |\n  aft\x9b\x8d\n",
            "description", 3},
           // yaml-cpp itself refuses this one, as a syntax error
           {"an escaped lone surrogate in the title", "id: T-012\ntitle: \"a \\uD800 b\"\n", "", 2,
            "invalid unicode"},
           {"an overlong encoding in history details",
            "id: T-013\ntitle: x\nhistory:\n  - timestamp: \"2025-01-01T00:00:00Z\"\n    action: created\n"
            "    actor: {type: user, id: me}\n    details: {note: \"\xc0\xaf\"}\n",
            "history[0].details", 7}}) {
    INFO(c.name);
    write_file(dir.path() / "T-bad.yaml", c.yaml);
    ImportReport r;
    REQUIRE_NOTHROW(r = import_yaml(db, {dir.path() / "T-bad.yaml"}, me()));
    REQUIRE(r.problems.size() == 1);
    CHECK(r.tickets.empty());
    CHECK(r.problems[0].field.rfind(c.field, 0) == 0);
    CHECK(r.problems[0].line == c.line);
    CHECK(r.problems[0].message.find(c.message) != std::string::npos);
  }
  CHECK(feed.last_event_id() == 0);
}

TEST_CASE("aliases that expand past the budget are a bad field, not a hang (billion laughs)",
          "[storage][yaml]") {
  TempDir dir;
  Database db(dir.db());
  EventFeed feed(db);
  // Nine levels of ten aliases each: 10^9 values once expanded, from a file under 1 KB.
  std::string laughs = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = "*l" + std::to_string(i - 1);
    laughs += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 10; ++k) laughs += ", " + prev;
    laughs += "]\n";
  }
  const std::string history =
      "history:\n  - timestamp: \"2025-01-01T00:00:00Z\"\n    action: created\n"
      "    actor: {type: user, id: me}\n";
  write_file(dir.path() / "T-020.yaml",
             laughs + "id: T-020\ntitle: x\n" + history + "    details: {boom: *l9}\n");
  ImportReport r;
  REQUIRE_NOTHROW(r = import_yaml(db, {dir.path() / "T-020.yaml"}, me()));
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].field == "history[0].details");
  CHECK(r.problems[0].message.find("too large") != std::string::npos);
  CHECK(r.tickets.empty());
  CHECK(feed.last_event_id() == 0);

  SECTION("a long text repeated by alias passes the document's budget") {
    // A 20 KB comment used 5,000 times: 100 MB of text from a 60 KB file.
    std::string doc = "id: T-022\ntitle: x\ncomments:\n  - &c {text: \"" + std::string(20'000, 'a') +
                      "\", author: {type: user, id: me}}\n";
    for (int i = 1; i < 5000; ++i) doc += "  - *c\n";
    write_file(dir.path() / "T-022.yaml", doc);
    const auto big = import_yaml(db, {dir.path() / "T-022.yaml"}, me());
    REQUIRE(big.problems.size() == 1);
    CHECK(big.problems[0].field.rfind("comments[", 0) == 0);
    CHECK(big.problems[0].message.find("64 MiB") != std::string::npos);
    CHECK_FALSE(TicketRepository(db).find("T-022"));
  }
  SECTION("details within the budget still import, aliases expanded") {
    write_file(dir.path() / "T-021.yaml",
               laughs + "id: T-021\ntitle: x\n" + history + "    details: {few: *l1}\n");
    const auto ok = import_yaml(db, {dir.path() / "T-021.yaml"}, me());
    CHECK(ok.problems.empty());
    const auto t = TicketRepository(db).get("T-021");
    REQUIRE_FALSE(t.history.empty());
    CHECK(t.history[0].details_json.find("lol") != std::string::npos);
    CHECK(nlohmann::json::parse(t.history[0].details_json)["few"].size() == 10);
  }
}

TEST_CASE("export then import is lossless for a store with every field set", "[storage][yaml]") {
  TempDir dir;
  Database db(dir.db());
  TicketRepository repo(db);
  EpicRepository epics(db);
  epics.create({.title = "Epic: with a colon", .description = "line one\n  indented line\n\nlast"}, me());
  epics.update("E-001", {.status = EpicStatus::Completed}, dev());
  NewTicket a = titled("\"Quoted\" title: with # hash");
  a.description = "## Overview\nText with trailing newlines\n\n\n";
  a.type = TicketType::Research;
  a.priority = Priority::Critical;
  a.epic_id = "E-001";
  a.labels = {"true", "123", "with space", "ünïcødé", "- dash"};
  a.subtasks = {"first", "second", "third"};
  a.status = TicketStatus::Planned;
  repo.create(a, me());
  NewTicket b = titled("yes");
  b.description = "single line, no newline";
  b.parent_id = "T-001";
  repo.create(b, me());
  repo.create(titled("null"), me());
  repo.update("T-002", {.assigned_flow_id = std::optional<std::string>("flow-1")}, me());
  repo.change_status("T-001", TicketStatus::InProgress, dev(), std::string("go"));
  repo.complete_subtask("T-001", {.id = "sub-001"}, true, dev());
  repo.update_subtask("T-001", {.id = "sub-002"}, SubtaskStatus::Blocked, std::string("waits: on\nreview"),
                      dev());
  repo.update_subtask("T-001", {.id = "sub-003"}, SubtaskStatus::Skipped, std::nullopt, dev());
  repo.add_comment("T-001", "multi\nline comment\n", dev());
  repo.report_progress("T-001", "half", 50, dev());
  Actor for_alice = Actor::agent("claude-code");  // an agent acting for a person (issue 13)
  for_alice.on_behalf_of = "alice";
  repo.add_comment("T-001", "for alice", for_alice);
  Actor planner = Actor::agent("technical-planner");  // a flow's agent, with its MCP client beside it
  planner.client = "claude-code";
  repo.add_comment("T-001", "the plan", planner);
  repo.report_progress("T-001", "planned", 10, planner);
  repo.add_blocker("T-001", "T-003", std::string("needs: null"), dev());
  repo.add_blocker("T-002", "T-003", std::nullopt, dev());
  repo.add_relation("T-001", "T-002", dev());
  repo.link_resource("T-001", {.url = "https://github.com/o/r/pull/1", .title = "PR", .kind = "pr"}, dev());
  repo.link_resource("T-001", {.path = "docs/a b.md", .kind = "doc"}, dev());
  repo.link_session(
      {.session_id = "s-1", .ticket_id = "T-001", .title = "plan", .notes = "n", .archived = true}, dev());
  repo.change_status("T-003", TicketStatus::Planned, dev());

  const auto exported = export_yaml(db, dir.path() / "out");
  CHECK(exported.tickets == 3);
  CHECK(exported.epics == 1);
  CHECK(exported.dir == dir.path() / "out" / ".sciorex");

  Database copy(":memory:");
  const auto report = import_yaml(copy, {dir.path() / "out"}, Actor::user("importer"));
  INFO((report.problems.empty() ? "" : report.problems[0].to_string()));
  REQUIRE(report.ok());
  TicketRepository copy_repo(copy);
  for (const char* id : {"T-001", "T-002", "T-003"}) {
    INFO(id);
    CHECK(copy_repo.get(id) == repo.get(id));
  }
  const EpicDetail e1 = epics.get("E-001"), e2 = EpicRepository(copy).get("E-001");
  CHECK(e1.epic == e2.epic);
  CHECK(e1.history == e2.history);
  CHECK(e1.sessions == e2.sessions);
  CHECK(e1.progress == e2.progress);
  // And the copy exports to the same text.
  CHECK(ticket_to_yaml(copy_repo.get("T-001")) == read(exported.dir / "tickets/T-001.yaml"));
  CHECK(copy_repo.get("T-001").comments.back().author == planner);
  const auto h = copy_repo.get("T-001").history;
  CHECK(std::count_if(h.begin(), h.end(), [&](const HistoryEntry& e) { return e.actor == planner; }) == 2);
  CHECK(read(exported.dir / "tickets/T-001.yaml").find("client: claude-code") != std::string::npos);
  CHECK(read(exported.dir / "tickets/T-001.yaml").find("onBehalfOf: alice") != std::string::npos);
}

TEST_CASE("awkward strings survive export and import unchanged", "[storage][yaml]") {
  TempDir dir;
  Database db(dir.db());
  TicketRepository repo(db);
  const std::vector<std::string> odd{"  leading spaces",
                                     "trailing space ",
                                     "key: value",
                                     "# not a comment",
                                     "- not a list",
                                     "~",
                                     "0x10",
                                     "1e3",
                                     ".inf",
                                     "2024-01-01",
                                     "'single'",
                                     "@at",
                                     "`tick",
                                     "%percent",
                                     "!bang",
                                     "&anchor",
                                     "*alias",
                                     "[x]",
                                     "{y}",
                                     ">fold",
                                     "|pipe",
                                     "?q",
                                     "tab\there",
                                     "yes",
                                     "Off",
                                     "ünïcødé ✓",
                                     "back\\slash \"quote\"",
                                     "a #b",
                                     "x:"};
  const std::vector<std::string> texts{"",
                                       "\n",
                                       "\n\nstarts with blank lines",
                                       "windows\r\nline ends\r\n",
                                       "trailing spaces   \nnext",
                                       "  indented first line\nsecond",
                                       "keep\n\n\n",
                                       "\tstarts with a tab\n",
                                       "inner\n    indented\n\tand tabbed\nend"};
  for (std::size_t i = 0; i < odd.size(); ++i) {
    NewTicket t = titled(odd[i]);
    t.description = texts[i % texts.size()];
    t.labels = {odd[(i + 1) % odd.size()]};
    t.subtasks = {odd[(i + 2) % odd.size()]};
    const auto id = repo.create(t, Actor::agent(odd[(i + 3) % odd.size()])).id;
    repo.add_comment(id, texts[(i + 1) % texts.size()] + "x", me());
  }
  const auto exported = export_yaml(db, dir.path());
  Database copy(":memory:");
  const auto report = import_yaml(copy, {exported.dir}, me());
  INFO((report.problems.empty() ? "" : report.problems[0].to_string()));
  REQUIRE(report.ok());
  TicketRepository copy_repo(copy);
  for (std::size_t i = 1; i <= odd.size(); ++i) {
    const auto id = format_id("T", static_cast<long long>(i), 3);
    INFO(id << " " << odd[i - 1]);
    CHECK(copy_repo.get(id) == repo.get(id));
  }
}
