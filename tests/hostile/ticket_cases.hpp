// Cases particular to sciorex-tickets: unknown ids, invalid transitions, huge strings, search
// syntax, forged cursors, and wrong argument types for every argument of every tool (generated
// from schemas/tickets). The fixture: ticket `a` in backlog with one subtask, ticket `b` blocked
// by `a`, epic `e`.
#pragma once

#include "catalogue.hpp"
#include "process.hpp"

namespace sciorex::hostile {

struct TicketFixture {
  std::string a, b, e, subtask;
};

// Creates the fixture through the server itself.
inline TicketFixture make_ticket_fixture(ServerProcess& p) {
  auto call = [&](const std::string& tool, json args) {
    json r = p.request("fixture-" + tool, "tools/call", {{"name", tool}, {"arguments", std::move(args)}});
    INFO(r.dump());
    REQUIRE(r.contains("result"));
    REQUIRE_FALSE(r["result"].value("isError", false));
    return r["result"]["structuredContent"];
  };
  TicketFixture f;
  f.e = call("sciorex_create_epic", {{"title", "Hostile epic"}})["id"];
  json a = call("sciorex_create_ticket", {{"title", "Target"}, {"subtasks", {"step one"}}, {"epicId", f.e}});
  f.a = a["id"];
  f.b = call("sciorex_create_ticket", {{"title", "Second"}})["id"];
  call("sciorex_add_blocker", {{"ticketId", f.b}, {"blockerTicketId", f.a}});
  json subs = call("sciorex_list_subtasks", {{"ticketId", f.a}});
  f.subtask = subs["subtasks"][0]["id"];
  return f;
}

inline std::vector<Case> ticket_cases(const TicketFixture& f, std::size_t max_message_bytes) {
  std::vector<Case> c;
  int id = 1000;
  auto add = [&](std::string name, const std::string& tool, json args, Expect e, bool writes = false) {
    c.push_back({std::move(name), call_text(id, tool, std::move(args)), id, std::move(e), writes});
    ++id;
  };
  const std::string none = "T-99999";
  // unknown ids
  add("get_ticket of an unknown ticket", "sciorex_get_ticket", {{"ticketId", none}}, tool_error(none));
  add("get_ticket of a malformed id", "sciorex_get_ticket", {{"ticketId", "'; DROP TABLE tickets; --"}},
      tool_error("DROP"));
  add("change_status of an unknown ticket", "sciorex_change_status",
      {{"ticketId", none}, {"status", "planned"}}, tool_error(none));
  add("update_ticket of an unknown ticket", "sciorex_update_ticket", {{"ticketId", none}, {"title", "x"}},
      tool_error(none));
  add("add_comment to an unknown ticket", "sciorex_add_comment", {{"ticketId", none}, {"comment", "x"}},
      tool_error(none));
  add("add_subtask to an unknown ticket", "sciorex_add_subtask", {{"ticketId", none}, {"title", "x"}},
      tool_error(none));
  add("complete_subtask with an unknown subtask id", "sciorex_complete_subtask",
      {{"ticketId", f.a}, {"subtaskId", "nope"}}, tool_error("nope"));
  add("complete_subtask with a title matching nothing", "sciorex_complete_subtask",
      {{"ticketId", f.a}, {"title", "zzz-no-match"}}, tool_error("zzz-no-match"));
  add("update_subtask of an unknown subtask", "sciorex_update_subtask",
      {{"ticketId", f.a}, {"subtaskId", "nope"}, {"status", "done"}}, tool_error("nope"));
  add("add_blocker with an unknown blocker", "sciorex_add_blocker",
      {{"ticketId", f.a}, {"blockerTicketId", none}}, tool_error(none));
  add("a ticket blocking itself", "sciorex_add_blocker", {{"ticketId", f.a}, {"blockerTicketId", f.a}},
      tool_error(f.a));
  add("a blocker cycle", "sciorex_add_blocker", {{"ticketId", f.a}, {"blockerTicketId", f.b}},
      tool_error("cycle"));
  add("remove_blocker that was never added", "sciorex_remove_blocker",
      {{"ticketId", f.a}, {"blockerTicketId", f.b}}, tool_error(f.b));
  add("create_ticket in an unknown epic", "sciorex_create_ticket", {{"title", "x"}, {"epicId", "E-99999"}},
      tool_error("E-99999"));
  add("update_ticket into an unknown epic", "sciorex_update_ticket",
      {{"ticketId", f.a}, {"epicId", "E-99999"}}, tool_error("E-99999"));
  add("get_epic of an unknown epic", "sciorex_get_epic", {{"epicId", "E-99999"}}, tool_error("E-99999"));
  add("update_epic of an unknown epic", "sciorex_update_epic", {{"epicId", "E-99999"}, {"title", "x"}},
      tool_error("E-99999"));
  add("link_session to an unknown ticket", "sciorex_link_session", {{"sessionId", "s1"}, {"ticketId", none}},
      tool_error(none));
  add("link_resource to an unknown ticket", "sciorex_link_resource",
      {{"ticketId", none}, {"url", "https://example.com"}}, tool_error(none));
  add("report_progress on an unknown ticket", "sciorex_report_progress",
      {{"ticketId", none}, {"message", "x"}}, tool_error(none));
  // invalid transitions (a is in backlog)
  for (const char* to : {"in_progress", "in_review", "done"})
    add(std::string("backlog to ") + to, "sciorex_change_status", {{"ticketId", f.a}, {"status", to}},
        tool_error("Invalid status transition"));
  add("a status that does not exist", "sciorex_change_status", {{"ticketId", f.a}, {"status", "archived"}},
      tool_error("status"));
  add("a stale expectedUpdatedAt", "sciorex_update_ticket",
      {{"ticketId", f.a}, {"title", "x"}, {"expectedUpdatedAt", "2000-01-01T00:00:00Z"}},
      tool_error("was changed since you read it"));
  // huge strings: far past each argument's bound, and near the message bound
  add("a 512 KB title", "sciorex_create_ticket", {{"title", std::string(1 << 19, 't')}}, tool_error("title"));
  add("a 512 KB comment", "sciorex_add_comment", {{"ticketId", f.a}, {"comment", std::string(1 << 19, 'c')}},
      tool_error("comment"));
  std::size_t near = max_message_bytes - 200;
  add("a description filling the message bound", "sciorex_create_ticket",
      {{"title", "x"}, {"description", std::string(near, 'd')}}, tool_error("description"));
  add("10,000 labels", "sciorex_update_ticket",
      {{"ticketId", f.a}, {"labels", std::vector<std::string>(10'000, "l")}}, tool_error("labels"));
  add("a 512 KB search query", "sciorex_search_tickets", {{"query", std::string(1 << 19, 'q')}},
      tool_error("query"));
  // search syntax and injection: answered (found nothing, or a tool error), never -32603
  for (const char* q : {"\"unbalanced", "AND OR NOT", "NEAR(", "*", "title:x", "^", "a\"b\"c",
                        "'; DROP TABLE tickets; --", "%_%", "\\"})
    add(std::string("search for ") + q, "sciorex_search_tickets", {{"query", q}}, answered());
  // forged cursors
  add("list_tickets with a forged cursor", "sciorex_list_tickets", {{"cursor", "forged"}},
      tool_error("cursor"));
  add("get_ready_tickets with a forged cursor", "sciorex_get_ready_tickets", {{"cursor", "eyJ4IjoxfQ"}},
      tool_error("cursor"));
  add("search_tickets with a forged cursor", "sciorex_search_tickets", {{"query", "x"}, {"cursor", "!!"}},
      tool_error("cursor"));
  add("get_blocked_tickets with a forged cursor", "sciorex_get_blocked_tickets",
      {{"cursor", std::string(5000, 'A')}}, tool_error("cursor"));
  // NUL and lengths in characters (issue 16): a NUL made a search fail (-32603) or list every
  // ticket, and hid the rest of a title from search; limits counted bytes
  add("search for a lone NUL", "sciorex_search_tickets", {{"query", std::string(1, '\0')}},
      tool_error("\"query\": must not contain a NUL"));
  add("search with text after a NUL", "sciorex_search_tickets", {{"query", std::string("Tar\0get", 7)}},
      tool_error("NUL"));
  add("a title with a NUL", "sciorex_create_ticket", {{"title", std::string("😀 a\0b \u202e", 12)}},
      tool_error("\"title\": must not contain a NUL"));
  add("a comment with a NUL", "sciorex_add_comment", {{"ticketId", f.a}, {"comment", std::string("a\0b", 3)}},
      tool_error("NUL"));
  std::string e500;
  for (int i = 0; i < 500; ++i) e500 += "\u00e9";
  add("a title of 501 two-byte characters", "sciorex_create_ticket", {{"title", e500 + "x"}},
      tool_error("longer than 500 characters"));
  add("a search query of 500 two-byte characters (the advertised maxLength)", "sciorex_search_tickets",
      {{"query", e500}}, ok());
  c.push_back({"resources/subscribe to a URI naming no resource",
               request_text(id, "resources/subscribe", {{"uri", "sciorex://tickets/" + none}}), id,
               rpc(-32002, none)});
  ++id;
  c.push_back({"resources/subscribe to a 512 KB URI",
               request_text(id, "resources/subscribe", {{"uri", std::string(1 << 19, 'u')}}), id,
               rpc(-32002)});
  ++id;
  // odd but valid strings are stored as given (these write)
  add("a title of emoji and RTL marks", "sciorex_create_ticket", {{"title", "😀 ab \u202e"}}, ok(), true);
  add("a title of 500 two-byte characters", "sciorex_create_ticket", {{"title", e500}}, ok(), true);
  add("a title that is YAML and Markdown", "sciorex_create_ticket",
      {{"title", "--- !!python/object: [x] # *bold* <script>"}}, ok(), true);
  return c;
}

inline std::map<std::string, json> ticket_valid_arguments(const TicketFixture& f) {
  return {{"ticketId", f.a},
          {"blockerTicketId", f.b},
          {"epicId", f.e},
          {"subtaskId", f.subtask},
          {"sessionId", "session-1"},
          {"query", "x"},
          {"sciorex_change_status.status", "planned"},
          {"sciorex_ui_move_ticket.status", "planned"},
          {"sciorex_ui_set_subtask.completed", true},
          {"sciorex_complete_subtask+subtaskId", f.subtask},
          {"sciorex_update_subtask+subtaskId", f.subtask},
          {"sciorex_link_resource+url", "https://example.com/pr/1"},
          {"sciorex_link_session+ticketId", f.a}};
}

}  // namespace sciorex::hostile
