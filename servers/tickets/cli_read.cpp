// The reading commands: list, show (a ticket or an epic), search, ready, blocked, epics. They
// never create a store. Arguments go through the tools' own parsers; text from agents is made
// visible; every list prints {count, items, nextCursor?} with --json.
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "cli_format.hpp"
#include "query_params.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/common/terminal_text.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_detail.hpp"
#include "ticket_json.hpp"
#include "ticket_params.hpp"

namespace sciorex::tickets {

namespace {

struct ReadOptions {
  std::string status, type, priority, epic, id, query;
  int limit = 0;
  bool json = false;
};

// `opts` as tool arguments: only the options that were given.
json given(const CLI::App* cmd, const ReadOptions& o) {
  json a = json::object();
  auto put = [&](const char* flag, const char* key, const std::string& v) {
    if (was_given(cmd, flag)) a[key] = v;
  };
  put("--status", "status", o.status);
  put("--type", "type", o.type);
  put("--priority", "priority", o.priority);
  put("--epic", "epicId", o.epic);
  if (was_given(cmd, "--limit")) a["limit"] = o.limit;
  return a;
}

// Prints a page of tickets: one line each (with epic, blocked mark, subtasks), then the count.
int print_page(Store& store, const storage::TicketPage& page, bool as_json, const std::string& none) {
  if (as_json) {
    json items = json::array();
    for (const auto& t : page.tickets) items.push_back(ticket_item_json(t, 500));
    common::print_json(common::list_json(std::move(items), page.next_cursor));
    return common::kExitOk;
  }
  for (const auto& row : page.tickets) {
    auto full = store.ticket_reads.find(row.id);  // list rows carry no children
    std::cout << terminal_line(full ? *full : row) << "\n";
  }
  if (page.tickets.empty())
    std::cout << none << "\n";
  else
    std::cout << common::count_of(page.tickets.size(), "ticket")
              << (page.next_cursor ? " (more: raise --limit)" : "") << "\n";
  std::cout.flush();
  return common::kExitOk;
}

json epic_detail_json(const storage::EpicDetail& d) {
  json j = epic_json(d.epic);
  j["progress"] = progress_json(d.progress);
  json tickets = json::array();
  for (const auto& t : d.tickets) tickets.push_back(ticket_item_json(t, 500));
  j["tickets"] = std::move(tickets);
  return j;
}

int show(Store& store, const ReadOptions& o) {
  if (auto t = store.ticket_reads.find(o.id)) {
    if (o.json) {
      TicketView all;
      all.description_limit = all.comment_chars = all.list_limit = std::string::npos / 2;
      all.comments_offset = all.history_offset = 0;
      all.comments_limit = t->comments.size();
      all.history_limit = t->history.size();
      common::print_json(ticket_detail_json(slice_ticket(*t, all)));
    } else {
      std::cout << ticket_terminal_markdown(*t) << std::flush;
    }
    return common::kExitOk;
  }
  if (auto e = store.epic_reads.find(o.id)) {
    if (o.json)
      common::print_json(epic_detail_json(*e));
    else
      std::cout << epic_terminal_markdown(*e) << std::flush;
    return common::kExitOk;
  }
  throw storage::StoreError::not_found("No ticket or epic " + common::visible(o.id) +
                                       ". `sciorex-tickets list` and `sciorex-tickets epics` show the ids.");
}

int epics(Store& store, const ReadOptions& o) {
  const auto all = store.epic_reads.list();
  if (o.json) {
    json items = json::array();
    for (const auto& s : all)
      items.push_back({{"id", s.epic.id},
                       {"title", s.epic.title},
                       {"status", std::string(to_string(s.epic.status))},
                       {"progress", progress_json(s.progress)}});
    common::print_json(common::list_json(std::move(items)));
    return common::kExitOk;
  }
  for (const auto& s : all)
    std::cout << common::visible(s.epic.id + " [" + std::string(to_string(s.epic.status)) + "] " +
                                 s.epic.title)
              << ": " << s.progress.done << "/" << s.progress.total << " done (" << s.progress.percentage
              << "%)\n";
  std::cout << (all.empty() ? "No epics yet." : common::count_of(all.size(), "epic")) << std::endl;
  return common::kExitOk;
}

// A reading subcommand; `run` may be set afterwards (it needs the subcommand's options).
CLI::App* add(CLI::App& app, CliCommands& c, const char* name, const char* help,
              std::function<int(Store&)> run) {
  CLI::App* cmd = app.add_subcommand(name, help);
  c.commands.push_back({cmd, common::StoreUse::read, std::move(run)});
  return cmd;
}

void add_filters(CLI::App* cmd, ReadOptions& o, bool status_and_epic) {
  if (status_and_epic) {
    cmd->add_option("--status", o.status, "backlog, planned, in_progress, in_review, done, cancelled");
    cmd->add_option("--epic", o.epic, "Only tickets of this epic");
  }
  cmd->add_option("--type", o.type, "feature, bug, task, research, documentation, refactor");
  cmd->add_option("--priority", o.priority, "critical, high, medium, low");
}

void add_limit(CLI::App* cmd, ReadOptions& o, int fallback) {
  cmd->add_option("--limit", o.limit,
                  "Most tickets to list (1-200, default " + std::to_string(fallback) + ")");
}

}  // namespace

void add_read_commands(CLI::App& app, CliCommands& c) {
  auto o = std::make_shared<ReadOptions>();
  CLI::App* list =
      add(app, c, "list", "List tickets, one line each (epic, blocked mark, subtask progress)", nullptr);
  add_filters(list, *o, true);
  add_limit(list, *o, 50);
  c.commands.back().run = [o, list](Store& store) {
    auto p = ListTicketsParams::from_json(given(list, *o));
    return print_page(store, store.ticket_reads.list(p.filter), o->json, "No tickets match.");
  };

  CLI::App* show_cmd =
      add(app, c, "show", "Show a ticket (subtasks, comments, history) or an epic (progress, tickets)",
          [o](Store& store) { return show(store, *o); });
  show_cmd->add_option("id", o->id, "A ticket or epic id, e.g. T-042 or E-001")->required();

  CLI::App* search = add(app, c, "search", "Tickets whose id, title or description contains QUERY", nullptr);
  search->add_option("query", o->query, "Text to look for (case-insensitive)")->required();
  add_limit(search, *o, 20);
  c.commands.back().run = [o, search](Store& store) {
    json a = given(search, *o);
    a["query"] = o->query;
    auto p = SearchParams::from_json(a);
    return print_page(store, store.ticket_reads.search(p.query, p.limit, p.cursor), o->json,
                      "No ticket's id, title or description contains \"" + common::visible(o->query) + "\".");
  };

  CLI::App* ready = add(app, c, "ready", "Tickets ready to start: planned, every blocker done", nullptr);
  add_filters(ready, *o, false);
  add_limit(ready, *o, 10);
  c.commands.back().run = [o, ready](Store& store) {
    auto p = ReadyParams::from_json(given(ready, *o));
    return print_page(store, store.ticket_reads.ready(p.filter), o->json,
                      "No ticket is ready (planned and unblocked).");
  };

  CLI::App* blocked = add(app, c, "blocked", "Tickets waiting on an unfinished blocker", nullptr);
  add_limit(blocked, *o, 10);
  c.commands.back().run = [o, blocked](Store& store) {
    auto p = BlockedParams::from_json(given(blocked, *o));
    return print_page(store, store.ticket_reads.blocked(p.limit, p.cursor), o->json, "No ticket is blocked.");
  };

  add(app, c, "epics", "List epics with their progress", [o](Store& store) { return epics(store, *o); });

  for (auto it = c.commands.end() - 6; it != c.commands.end(); ++it)
    it->app->add_flag("--json", o->json, "JSON instead of text");
}

}  // namespace sciorex::tickets
