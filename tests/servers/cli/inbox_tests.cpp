// What sciorex-interactions shows a person: a header row, the age (read from the store's
// millisecond timestamps), the asking agent, the context, the ticket, the full answer command per
// kind, agent text made visible, answers confirmed in words, and {count, items} with --json.
#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "seed.hpp"

namespace sciorex::cli_test {

using nlohmann::json;
using storage::InteractionKind;

TEST_CASE("the inbox has a header row, ages, the asking agent, context, ticket and answer hints",
          "[cli][inbox]") {
  TempDir ws;
  Seed seed(ws.db());
  const std::string ticket = seed.ticket("Avatar upload");
  const std::string q = seed.ask(InteractionKind::Question, "Which storage for avatars?",
                                 {{"question", "Which storage for avatars?"},
                                  {"context", "Uploads are up to 5 MB"},
                                  {"responseType", "single"},
                                  {"options", {"S3", "Local disk"}},
                                  {"allowCustomText", true}},
                                 "blocking", ticket);
  const std::string a = seed.ask(InteractionKind::Approval, "Drop the avatars table",
                                 {{"action", "Drop the avatars table"},
                                  {"reason", "It is replaced"},
                                  {"alternatives", {"Rename it"}},
                                  {"impact", "high"}},
                                 "high");
  Run r = interactions({"inbox"}, {ws.path()});
  CHECK(r.code == 0);
  CHECK(r.out.rfind("ID      KIND         URGENCY    TICKET   AGE      ASKED BY       QUESTION / ACTION\n",
                    0) == 0);
  std::size_t ages = 0;  // the age is read from the store's timestamp, not "?"
  for (auto at = r.out.find("s ago "); at != std::string::npos; at = r.out.find("s ago ", at + 1)) ++ages;
  CHECK(ages == 2);
  CHECK(r.out.find("claude-code") != std::string::npos);
  CHECK(r.out.find(ticket) != std::string::npos);
  CHECK(r.out.find("context: Uploads are up to 5 MB") != std::string::npos);
  CHECK(r.out.find("options: \"S3\" | \"Local disk\"") != std::string::npos);
  CHECK(r.out.find("answer: sciorex-interactions answer " + q +
                   " --option \"...\" | --text \"...\" | --skip") != std::string::npos);
  CHECK(r.out.find("answer: sciorex-interactions answer " + a +
                   " --approve | --deny | --alternative \"...\" [--comment \"...\"]") != std::string::npos);
  CHECK(r.out.find("2 waiting items\n") != std::string::npos);
  json j = json::parse(interactions({"inbox", "--json"}, {ws.path()}).out);
  CHECK(j["count"] == 2);
  CHECK(j["items"].size() == 2);
  CHECK(j["items"][0]["age"].get<std::string>().find("ago") != std::string::npos);
}

TEST_CASE("the inbox shows an agent's escape sequences visibly", "[cli][inbox]") {
  TempDir ws;
  Seed seed(ws.db());
  seed.ask(InteractionKind::Approval, "git status\x1b[8m; rm -rf ~\x1b[0m",
           {{"action", "git status\x1b[8m; rm -rf ~\x1b[0m"},
            {"reason", "look\r\nfine"},
            {"alternatives", json::array()}},
           "low");
  Run r = interactions({"inbox"}, {ws.path()});
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find('\r') == std::string::npos);
  CHECK(r.out.find("git status\\x1b[8m; rm -rf ~\\x1b[0m") != std::string::npos);
  CHECK(r.out.find("reason: look\\r\\nfine") != std::string::npos);
}

TEST_CASE("answer confirms in words", "[cli][inbox]") {
  TempDir ws;
  Seed seed(ws.db());
  const std::string q =
      seed.ask(InteractionKind::Question, "Which storage?",
               {{"question", "Which storage?"}, {"responseType", "single"}, {"options", {"S3", "Disk"}}});
  const std::string a = seed.ask(InteractionKind::Approval, "Deploy",
                                 {{"action", "Deploy"}, {"reason", "Ready"}, {"alternatives", {"Wait"}}});
  Run answered = interactions({"answer", q, "--option", "S3"}, {ws.path(), {{"USER", "alice"}}});
  CHECK(answered.code == 0);
  CHECK(answered.out == "Answered " + q + " (Which storage?): chose \"S3\".\n");
  Run approved = interactions({"answer", a, "--deny", "--comment", "not today"}, {ws.path()});
  CHECK(approved.out == "Answered " + a + " (Deploy): denied, comment \"not today\".\n");
  Run all = interactions({"inbox", "--all"}, {ws.path()});
  CHECK(all.out.find("answered: chose \"S3\" by alice") != std::string::npos);
  Run again = interactions({"answer", q, "--option", "Disk"}, {ws.path()});
  CHECK(again.code == 1);  // already answered: the command failed
  CHECK(again.err.rfind("sciorex-interactions: error: ", 0) == 0);
  Run not_offered = interactions({"answer", a, "--alternative", "Tape"}, {ws.path()});
  CHECK(not_offered.code == 2);  // an answer that does not fit what was asked: usage
  CHECK(not_offered.err.find("Wait") != std::string::npos);  // the alternatives are named
}

}  // namespace sciorex::cli_test
