// YAML import that cannot lose or invent work (issues 16 and 17): every document of a file, one id
// once per import, no blocker or parent cycles, no duplicate keys or misspelled ids, ids already in
// the store replaced only when asked (history kept), dry runs, and all or nothing.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/yaml_io.hpp"
#include "test_support.hpp"

using namespace sciorex::storage;
using namespace sciorex::storage::test;
namespace fs = std::filesystem;

namespace {
std::string problems_of(const ImportReport& r) {
  std::string out;
  for (const auto& p : r.problems) out += p.to_string() + "\n";
  return out;
}
}  // namespace

TEST_CASE("every document of a multi-document file is imported", "[storage][yaml][import]") {
  TempDir dir;
  Database db(dir.db());
  write_file(dir.path() / "tickets.yaml",
             "---\nid: T-701\ntitle: First\n---\nid: T-702\ntitle: Second\nblockedBy: [T-701]\n---\n"
             "title: Third, without an id\n---\n");
  const auto report = import_yaml(db, {dir.path() / "tickets.yaml"}, me());
  INFO(problems_of(report));
  REQUIRE(report.ok());
  CHECK(report.tickets == std::vector<std::string>{"T-701", "T-702", "T-703"});
  TicketRepository repo(db);
  CHECK(repo.get("T-702").blocked_by[0].ticket_id == "T-701");
  CHECK(repo.get("T-703").title == "Third, without an id");

  SECTION("a bad later document names its own line, and no document of the import is written") {
    write_file(dir.path() / "more.yaml",
               "id: T-710\ntitle: Fine\n---\nid: T-711\ntitle: Bad\nstatus: nowhere\n");
    const auto bad = import_yaml(db, {dir.path() / "more.yaml"}, me());
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0].line == 6);
    CHECK(bad.problems[0].field == "status");
    CHECK(bad.tickets.empty());
    CHECK_FALSE(repo.find("T-710"));
  }
}

TEST_CASE("one id in two documents of an import is refused, naming both", "[storage][yaml][import]") {
  TempDir dir;
  Database db(dir.db());
  write_file(dir.path() / "a/T-001.yaml", "id: T-001\ntitle: From a\n");
  write_file(dir.path() / "b/T-001.yaml", "\nid: T-001\ntitle: From b\n");
  const auto report = import_yaml(db, {dir.path() / "a", dir.path() / "b"}, me());
  REQUIRE(report.problems.size() == 1);
  const auto& p = report.problems[0];
  CHECK(p.file == (dir.path() / "b/T-001.yaml").string());
  CHECK(p.line == 2);
  CHECK(p.field == "id");
  CHECK(p.message.find((dir.path() / "a/T-001.yaml").string() + ":1") != std::string::npos);
  CHECK(report.tickets.empty());
  CHECK_FALSE(TicketRepository(db).find("T-001"));

  SECTION("also within one file") {
    write_file(dir.path() / "two.yaml", "id: T-005\ntitle: x\n---\nid: T-005\ntitle: y\n");
    const auto r = import_yaml(db, {dir.path() / "two.yaml"}, me());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].line == 4);
    CHECK(r.problems[0].message.find("two.yaml:1") != std::string::npos);
  }
  SECTION("but a file named twice (a folder and a file in it) is read once") {
    const auto r = import_yaml(db, {dir.path() / "a", dir.path() / "a" / ".." / "a" / "T-001.yaml"}, me());
    INFO(problems_of(r));
    CHECK(r.ok());
    CHECK(r.tickets == std::vector<std::string>{"T-001"});
  }
}

TEST_CASE("blocker cycles are refused as sciorex_add_blocker refuses them", "[storage][yaml][import]") {
  TempDir dir;
  Database db(dir.db());
  TicketRepository repo(db);

  SECTION("within the import") {
    write_file(dir.path() / "T-706.yaml", "id: T-706\ntitle: a\nblockedBy: [T-707]\n");
    write_file(dir.path() / "T-707.yaml", "id: T-707\ntitle: b\nblockedBy:\n  - T-708\n  - T-706\n");
    write_file(dir.path() / "T-708.yaml", "id: T-708\ntitle: c\n");
    const auto r = import_yaml(db, {dir.path()}, me());
    REQUIRE(r.problems.size() == 2);  // each edge of the cycle
    CHECK(r.problems[0].to_string().find(
              "T-706.yaml:3: blockedBy[0]: Refused: T-707 already depends on T-706") != std::string::npos);
    CHECK(r.problems[1].to_string().find(
              "T-707.yaml:5: blockedBy[1]: Refused: T-706 already depends on T-707") != std::string::npos);
    CHECK_FALSE(repo.find("T-706"));
    CHECK_FALSE(repo.find("T-708"));
  }
  SECTION("with the store, in the store's own words") {
    repo.create(titled("one"), me());
    repo.create(titled("two"), me());
    repo.create(titled("three"), me());
    repo.add_blocker("T-001", "T-002", std::nullopt, me());
    repo.add_blocker("T-002", "T-003", std::nullopt, me());
    const std::string refused =
        error_message([&] { repo.add_blocker("T-003", "T-001", std::nullopt, me()); });
    REQUIRE_FALSE(refused.empty());
    write_file(dir.path() / "T-003.yaml", "id: T-003\ntitle: three again\nblockedBy: [T-001]\n");
    const auto r = import_yaml(db, {dir.path() / "T-003.yaml"}, me(), {.replace = true});
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].message == refused);
    CHECK(r.problems[0].field == "blockedBy[0]");
    CHECK(repo.get("T-003").title == "three");
    CHECK(repo.get("T-003").blocked_by.empty());
  }
}

TEST_CASE("parent cycles are refused as the repository refuses them", "[storage][yaml][import]") {
  TempDir dir;
  Database db(dir.db());
  TicketRepository repo(db);
  repo.create(titled("one"), me());
  NewTicket child = titled("two");
  child.parent_id = "T-001";
  repo.create(child, me());
  // The repository's own words, for a self-parent and for a cycle through T-002.
  TicketPatch self, cycle;
  self.parent_id = std::optional<std::string>{"T-001"};
  cycle.parent_id = std::optional<std::string>{"T-002"};
  const std::string self_refused = error_message([&] { repo.update("T-001", self, me()); });
  const std::string cycle_refused = error_message([&] { repo.update("T-001", cycle, me()); });
  REQUIRE(self_refused == "A ticket cannot be its own parent.");
  REQUIRE(cycle_refused == "Parent T-002 is a descendant of T-001; that would make a cycle.");
  const Ticket before = repo.get("T-001");

  SECTION("two tickets of the import each other's parent") {
    write_file(dir.path() / "in/T-721.yaml", "id: T-721\ntitle: a\nparentId: T-722\n");
    write_file(dir.path() / "in/T-722.yaml", "id: T-722\ntitle: b\n\nparentId: T-721\n");
    const auto r = import_yaml(db, {dir.path() / "in"}, me());
    REQUIRE(r.problems.size() == 2);  // each edge of the cycle
    CHECK(r.problems[0].to_string() == (dir.path() / "in/T-721.yaml").string() +
                                           ":3: parentId: Parent T-722 is a descendant of T-721; that "
                                           "would make a cycle.");
    CHECK(r.problems[1].to_string() == (dir.path() / "in/T-722.yaml").string() +
                                           ":4: parentId: Parent T-721 is a descendant of T-722; that "
                                           "would make a cycle.");
    CHECK(r.tickets.empty());
    CHECK_FALSE(repo.find("T-721"));
    CHECK_FALSE(repo.find("T-722"));
  }
  SECTION("a ticket its own parent, also when it takes the place of one in the store") {
    write_file(dir.path() / "T-723.yaml", "id: T-723\ntitle: a\nparentId: T-723\n");
    auto r = import_yaml(db, {dir.path() / "T-723.yaml"}, me());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].line == 3);
    CHECK(r.problems[0].field == "parentId");
    CHECK(r.problems[0].message == self_refused);
    CHECK_FALSE(repo.find("T-723"));
    write_file(dir.path() / "T-001.yaml", "id: T-001\nparentId: T-001\ntitle: one again\n");
    r = import_yaml(db, {dir.path() / "T-001.yaml"}, me(), {.replace = true});
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].line == 2);
    CHECK(r.problems[0].message == self_refused);
    CHECK(repo.get("T-001") == before);
  }
  SECTION("a cycle through a ticket already in the store, in the store's own words") {
    write_file(dir.path() / "T-001.yaml", "id: T-001\ntitle: one again\nparentId: T-002\n");
    const auto r = import_yaml(db, {dir.path() / "T-001.yaml"}, me(), {.replace = true});
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].line == 3);
    CHECK(r.problems[0].field == "parentId");
    CHECK(r.problems[0].message == cycle_refused);
    CHECK(repo.get("T-001") == before);
  }
  SECTION("a longer cycle through the import and the store") {
    // T-001 (imported) -> T-724 (imported) -> T-002 (store) -> T-001: the two imported edges.
    write_file(dir.path() / "in/T-001.yaml", "id: T-001\ntitle: one again\nparentId: T-724\n");
    write_file(dir.path() / "in/T-724.yaml", "id: T-724\ntitle: c\nparentId: T-002\n");
    const auto r = import_yaml(db, {dir.path() / "in"}, me(), {.replace = true});
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].message == "Parent T-724 is a descendant of T-001; that would make a cycle.");
    CHECK(r.problems[1].message == "Parent T-002 is a descendant of T-724; that would make a cycle.");
    CHECK(repo.get("T-001") == before);
    CHECK_FALSE(repo.find("T-724"));
  }
  SECTION("a parent chain without a cycle imports, within the import and onto the store") {
    write_file(dir.path() / "in/T-731.yaml", "id: T-731\ntitle: a\nparentId: T-002\n");
    write_file(dir.path() / "in/T-732.yaml", "id: T-732\ntitle: b\nparentId: T-731\n");
    write_file(dir.path() / "in/T-733.yaml", "id: T-733\ntitle: c\nparentId: T-732\n");
    write_file(dir.path() / "in/T-734.yaml", "id: T-734\ntitle: d\nparentId: T-732\n");
    const auto r = import_yaml(db, {dir.path() / "in"}, me());
    INFO(problems_of(r));
    REQUIRE(r.ok());
    CHECK(repo.get("T-731").parent_id == "T-002");
    CHECK(repo.get("T-733").parent_id == "T-732");
    CHECK(repo.get("T-734").parent_id == "T-732");
  }
}

TEST_CASE("a key given twice in one mapping is refused with its line and path", "[storage][yaml][import]") {
  TempDir dir;
  Database db(dir.db());
  struct Case {
    const char* name;
    std::string yaml;
    int line;
    const char* field;
  };
  for (const auto& c : std::vector<Case>{
           {"at the top", "id: T-001\ntitle: first\nstatus: planned\ntitle: second\n", 4, "title"},
           {"quoted and plain are one key", "id: T-001\ntitle: a\n\"title\": b\n", 3, "title"},
           {"in a subtask",
            "id: T-001\ntitle: x\nsubtasks:\n  - title: a\n  - title: b\n    status: done\n"
            "    status: pending\n",
            7, "subtasks[1].status"},
           {"in a flow mapping",
            "id: T-001\ntitle: x\nhistory:\n  - {timestamp: \"2025-01-01T00:00:00Z\", "
            "action: a, action: b, actor: {type: user, id: me}}\n",
            4, "history[0].action"},
           {"in a later document", "id: T-001\ntitle: x\n---\nid: T-002\nid: T-003\ntitle: y\n", 5, "id"}}) {
    INFO(c.name);
    write_file(dir.path() / "T-001.yaml", c.yaml);
    const auto r = import_yaml(db, {dir.path() / "T-001.yaml"}, me());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].line == c.line);
    CHECK(r.problems[0].field == c.field);
    CHECK(r.problems[0].message.find("duplicate key") != std::string::npos);
    CHECK_FALSE(TicketRepository(db).find("T-001"));
  }
  SECTION("the same key in two mappings, or an alias used twice, is fine") {
    write_file(
        dir.path() / "T-001.yaml",
        "id: T-001\ntitle: x\nsubtasks:\n  - &s {title: a, status: done}\n  - {title: b}\n"
        "comments:\n  - {text: one, author: &me {type: user, id: me}}\n  - {text: two, author: *me}\n");
    const auto r = import_yaml(db, {dir.path() / "T-001.yaml"}, me());
    INFO(problems_of(r));
    CHECK(r.ok());
  }
}

TEST_CASE("ids must be spelled as the store spells them", "[storage][yaml][import]") {
  TempDir dir;
  Database db(dir.db());
  write_file(dir.path() / "a.yaml", "id: t-716\ntitle: x\n");
  auto r = import_yaml(db, {dir.path() / "a.yaml"}, me());
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].to_string().find("a.yaml:1: id: invalid id 't-716': this store writes it T-716") !=
        std::string::npos);
  write_file(dir.path() / "a.yaml", "id: T-716\ntitle: x\nblockedBy: [T-1, e-2, Bug-3]\n");
  r = import_yaml(db, {dir.path() / "a.yaml"}, me());
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].field == "blockedBy[1]");
  CHECK(r.problems[0].message.find("E-2") != std::string::npos);
  write_file(dir.path() / "a.yaml", "id: T-716\ntitle: x\nrelatesTo: [Bug-3]\n");
  r = import_yaml(db, {dir.path() / "a.yaml"}, me());
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].message.find("in capitals, BUG-3") != std::string::npos);
  CHECK(db.config().ticket_prefix == "T");
  CHECK_FALSE(TicketRepository(db).find("T-716"));

  SECTION("a store whose prefix is lowercase takes its own ids") {
    Database lower((dir.path() / "lower.db").string(), StoreConfig{.ticket_prefix = "bug"});
    write_file(dir.path() / "b.yaml", "id: bug-007\ntitle: x\n");
    const auto ok = import_yaml(lower, {dir.path() / "b.yaml"}, me());
    INFO(problems_of(ok));
    CHECK(ok.tickets == std::vector<std::string>{"bug-007"});
  }
}

TEST_CASE("an id already in the store is refused unless replacing is asked for", "[storage][yaml][import]") {
  TempDir dir;
  Database db(dir.db());
  TicketRepository repo(db);
  EventFeed feed(db);
  NewTicket in = planned("Old");
  in.subtasks = {"old subtask"};
  repo.create(in, me());
  repo.change_status("T-001", TicketStatus::InProgress, dev());
  repo.add_comment("T-001", "old comment", dev());
  const Ticket before = repo.get("T-001");
  const auto last_event = feed.last_event_id();
  write_file(dir.path() / "in/T-001.yaml",
             "id: T-001\ntitle: New\nsubtasks:\n  - title: new subtask\n    status: done\n");
  write_file(dir.path() / "in/T-002.yaml", "id: T-002\ntitle: Fresh\n");

  const auto refused = import_yaml(db, {dir.path() / "in"}, me());
  REQUIRE(refused.problems.size() == 1);
  CHECK(refused.problems[0].to_string().find(
            "T-001.yaml:1: id: ticket T-001 is already in the store (in_progress, 3 history entries)") !=
        std::string::npos);
  REQUIRE(refused.replaced.size() == 1);
  CHECK(refused.replaced[0].id == "T-001");
  CHECK(refused.replaced[0].status == "in_progress");
  CHECK(refused.replaced[0].history == before.history.size());
  CHECK(refused.tickets.empty());
  CHECK(repo.get("T-001") == before);
  CHECK_FALSE(repo.find("T-002"));  // all or nothing
  CHECK(feed.last_event_id() == last_event);

  SECTION("a dry run says what would happen and writes nothing") {
    const auto dry = import_yaml(db, {dir.path() / "in"}, me(), {.replace = true, .dry_run = true});
    INFO(problems_of(dry));
    CHECK(dry.ok());
    CHECK_FALSE(dry.written);
    CHECK(dry.tickets == std::vector<std::string>{"T-001", "T-002"});
    REQUIRE(dry.replaced.size() == 1);
    CHECK(repo.get("T-001") == before);
    CHECK_FALSE(repo.find("T-002"));
    CHECK(feed.last_event_id() == last_event);
    CHECK(repo.create(titled("next"), me()).id == "T-002");  // the counter did not move either
  }
  SECTION("replacing takes the file's content, keeps the history and records the replacement") {
    const auto done = import_yaml(db, {dir.path() / "in"}, Actor::user("importer"), {.replace = true});
    INFO(problems_of(done));
    REQUIRE(done.ok());
    CHECK(done.written);
    const Ticket t = repo.get("T-001");
    CHECK(t.title == "New");
    REQUIRE(t.subtasks.size() == 1);
    CHECK(t.subtasks[0].completed);
    CHECK(t.comments.empty());
    REQUIRE(t.history.size() == before.history.size() + 1);
    CHECK(std::equal(before.history.begin(), before.history.end(), t.history.begin()));
    CHECK(t.history.back().action == "replaced_by_import");
    CHECK(t.history.back().actor == Actor::user("importer"));
    const auto details = nlohmann::json::parse(t.history.back().details_json);
    CHECK(details["file"] == "T-001.yaml");
    CHECK(details["previous"]["title"] == "Old");
    CHECK(details["previous"]["status"] == "in_progress");
    CHECK(t.updated_at > before.updated_at);  // a client holding the old updatedAt sees the change
    CHECK(repo.search("New").tickets.size() == 1);
    CHECK(repo.search("Old").tickets.empty());
    CHECK(repo.get("T-002").history.size() == 1);
  }
  SECTION("re-importing its own export over it keeps one copy of each history entry") {
    export_yaml(db, dir.path() / "out");
    const auto again = import_yaml(db, {dir.path() / "out"}, me(), {.replace = true});
    INFO(problems_of(again));
    REQUIRE(again.ok());
    const Ticket t = repo.get("T-001");
    REQUIRE(t.history.size() == before.history.size() + 1);
    CHECK(t.history.back().action == "replaced_by_import");
    CHECK(t.comments == before.comments);
    CHECK(t.subtasks == before.subtasks);
  }
  SECTION("an epic likewise") {
    EpicRepository epics(db);
    epics.create({.title = "Epic"}, me());
    const auto epic_history = epics.get("E-001").history.size();
    write_file(dir.path() / "e/epics/E-001.yaml", "id: E-001\ntitle: Epic from a file\n");
    const auto no = import_yaml(db, {dir.path() / "e"}, me());
    REQUIRE(no.problems.size() == 1);
    CHECK(no.problems[0].message.find("epic E-001 is already in the store (open") != std::string::npos);
    CHECK(epics.get("E-001").epic.title == "Epic");
    REQUIRE(import_yaml(db, {dir.path() / "e"}, me(), {.replace = true}).ok());
    const EpicDetail e = epics.get("E-001");
    CHECK(e.epic.title == "Epic from a file");
    REQUIRE(e.history.size() == epic_history + 1);
    CHECK(e.history.back().action == "replaced_by_import");
  }
}

TEST_CASE("import counts a text's length in characters, as the tools and schemas do",
          "[storage][yaml][import]") {
  TempDir dir;
  Database db(dir.db());
  std::string e500;
  for (int i = 0; i < 500; ++i) e500 += "\xC3\xA9";  // 500 x U+00E9: 1,000 bytes
  write_file(dir.path() / "ok/T-001.yaml", "id: T-001\ntitle: " + e500 + "\n");
  const auto ok = import_yaml(db, {dir.path() / "ok"}, me());
  INFO(problems_of(ok));
  REQUIRE(ok.ok());
  CHECK(TicketRepository(db).get("T-001").title == e500);

  write_file(dir.path() / "long/T-002.yaml", "id: T-002\ntitle: " + e500 + "x\n");
  const auto bad = import_yaml(db, {dir.path() / "long"}, me());
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].field == "title");
  CHECK(bad.problems[0].message == "too long (501 characters; at most 500)");
  CHECK_FALSE(TicketRepository(db).find("T-002"));
}

TEST_CASE("malformed YAML on which the parser stops advancing ends the import", "[storage][yaml][import]") {
  // yaml-cpp hands out the same document forever after `, a: b}` (YAML::LoadAll hangs too; fuzzer).
  TempDir dir;
  Database db(dir.db());
  write_file(dir.path() / "x/T-001.yaml",
             ", title: Flow, subtasks: [{title: a, status: done}, {title: b}]}\n");
  const auto report = import_yaml(db, {dir.path() / "x"}, me());
  CHECK_FALSE(report.ok());
  CHECK(report.tickets.empty());
  CHECK_FALSE(TicketRepository(db).find("T-001"));
}
