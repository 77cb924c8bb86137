// The writing commands: create, move, comment, tick, block, unblock, edit. Each acts as the person
// at the terminal (cli_actor) and goes through the tools' own parsers (ticket_params.hpp,
// activity_params.hpp) and the same repository calls, so the terminal and the agents follow one
// set of rules and messages. Only `create` may create the store; the others need an existing one.
#include <iostream>
#include <iterator>
#include <memory>

#include "activity_params.hpp"
#include "cli.hpp"
#include "cli_format.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/common/terminal_text.hpp"
#include "ticket_json.hpp"
#include "ticket_params.hpp"

namespace sciorex::tickets {

namespace {

using common::visible;

struct WriteOptions {
  std::string id, title, description, type, priority, epic, status, comment, text, subtask, blocker, reason;
  std::vector<std::string> labels, subtasks;
  bool undo = false, no_epic = false, json = false;
};

// "-" reads the text from standard input (a long description from a file or a here-document).
std::string text_or_stdin(const std::string& value) {
  if (value != "-") return value;
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

// The options of `cmd` that were given, as the tool's arguments.
json given(const CLI::App* cmd, const WriteOptions& o) {
  json a = json::object();
  auto put = [&](const char* flag, const char* key, const std::string& v) {
    if (was_given(cmd, flag)) a[key] = v;
  };
  put("--title", "title", o.title);
  if (was_given(cmd, "--description")) a["description"] = text_or_stdin(o.description);
  put("--type", "type", o.type);
  put("--priority", "priority", o.priority);
  put("--epic", "epicId", o.epic);
  if (was_given(cmd, "--label")) a["labels"] = o.labels;
  if (was_given(cmd, "--subtask")) a["subtasks"] = o.subtasks;
  return a;
}

// `text` on stdout, or `data` as JSON with --json.
int done(const WriteOptions& o, const std::string& text, const json& data) {
  if (o.json)
    common::print_json(data);
  else
    std::cout << text << std::endl;
  return common::kExitOk;
}

std::string words_of_last_change(const storage::Ticket& t) {
  return t.history.empty() ? "no change" : history_words(t.history.back());
}

int create(const CLI::App* cmd, const WriteOptions& o, Store& store) {
  json a = given(cmd, o);
  a["title"] = o.title;
  const auto p = CreateTicketParams::from_json(a);
  const storage::Ticket t = store.tickets.create(p.ticket, cli_actor());
  return done(o, t.id, ticket_core_json(t));  // the id alone: `id=$(sciorex-tickets create ...)`
}

int move(const WriteOptions& o, Store& store) {
  json a = {{"ticketId", o.id}, {"status", o.status}};
  if (!o.comment.empty()) a["comment"] = o.comment;
  const auto p = ChangeStatusParams::from_json(a);
  const storage::Ticket t = store.tickets.change_status(p.ticket_id, p.status, cli_actor(), p.comment);
  return done(o, visible(t.id) + ": " + words_of_last_change(t), ticket_core_json(t));
}

int comment(const WriteOptions& o, Store& store) {
  const auto p = CommentParams::from_json({{"ticketId", o.id}, {"comment", text_or_stdin(o.text)}});
  const storage::Comment c = store.tickets.add_comment(p.ticket_id, p.comment, cli_actor());
  return done(o, "Comment added to " + visible(p.ticket_id),
              {{"ticketId", p.ticket_id}, {"comment", comment_json(c)}});
}

int tick(const WriteOptions& o, Store& store) {
  // An exact subtask id names it; anything else is a part of its title (the tool's two ways).
  json a = {{"ticketId", o.id}, {"completed", !o.undo}};
  bool by_id = false;
  if (auto t = store.ticket_reads.find(o.id))
    for (const auto& s : t->subtasks) by_id = by_id || s.id == o.subtask;
  a[by_id ? "subtaskId" : "title"] = o.subtask;
  const auto p = CompleteSubtaskParams::from_json(a);
  const storage::Subtask s = store.tickets.complete_subtask(p.ticket_id, p.ref, p.completed, cli_actor());
  return done(o, visible(p.ticket_id + ": " + s.id + " " + s.title) + (s.completed ? " done" : " reopened"),
              {{"ticketId", p.ticket_id}, {"subtask", subtask_json(s)}});
}

int block(const WriteOptions& o, Store& store) {
  json a = {{"ticketId", o.id}, {"blockerTicketId", o.blocker}};
  if (!o.reason.empty()) a["reason"] = o.reason;
  const auto p = BlockerParams::from_json(a);
  const bool added = store.tickets.add_blocker(p.ticket_id, p.blocker_id, p.reason, cli_actor());
  return done(
      o, visible(p.ticket_id + (added ? " is now blocked by " : " was already blocked by ") + p.blocker_id),
      {{"ticketId", p.ticket_id}, {"blockerTicketId", p.blocker_id}, {"added", added}});
}

int unblock(const WriteOptions& o, Store& store) {
  const auto p = RemoveBlockerParams::from_json({{"ticketId", o.id}, {"blockerTicketId", o.blocker}});
  store.tickets.remove_blocker(p.ticket_id, p.blocker_id, cli_actor());
  return done(o, visible(p.blocker_id + " no longer blocks " + p.ticket_id),
              {{"ticketId", p.ticket_id}, {"blockerTicketId", p.blocker_id}, {"removed", true}});
}

int edit(const CLI::App* cmd, const WriteOptions& o, Store& store) {
  json a = given(cmd, o);
  if (o.no_epic) a["epicId"] = nullptr;
  if (a.empty())
    throw protocol::ToolError(
        "Nothing to change: give --title, --description, --type, --priority, --label, --epic or "
        "--no-epic.");
  a["ticketId"] = o.id;
  const auto p = UpdateTicketParams::from_json(a);
  const std::size_t before = store.ticket_reads.get(p.ticket_id).history.size();
  const storage::Ticket t = store.tickets.update(p.ticket_id, p.patch, cli_actor());
  const bool changed = t.history.size() > before;
  return done(o, visible(t.id) + ": " + (changed ? words_of_last_change(t) : "nothing changed"),
              ticket_core_json(t));
}

// A writing subcommand that prints what it did; --json prints the data instead.
CLI::App* add(CLI::App& app, CliCommands& c, WriteOptions& o, const char* name, const char* help,
              common::StoreUse use) {
  CLI::App* cmd = app.add_subcommand(name, help);
  cmd->add_flag("--json", o.json, "Print the result as JSON");
  c.commands.push_back({cmd, use, nullptr});
  return cmd;
}

void add_ticket_fields(CLI::App* cmd, WriteOptions& o) {
  cmd->add_option("--description", o.description, "Markdown description; - reads it from standard input");
  cmd->add_option("--type", o.type, "feature, bug, task, research, documentation, refactor");
  cmd->add_option("--priority", o.priority, "critical, high, medium, low");
  cmd->add_option("--epic", o.epic, "The epic it belongs to, e.g. E-001");
  cmd->add_option("--label", o.labels, "A label (repeat for several)");
}

}  // namespace

void add_write_commands(CLI::App& app, CliCommands& c) {
  using common::StoreUse;
  auto o = std::make_shared<WriteOptions>();
  CLI::App* cmd = add(app, c, *o, "create", "Create a ticket and print its id", StoreUse::create);
  cmd->add_option("title", o->title, "The ticket's title")->required();
  add_ticket_fields(cmd, *o);
  cmd->add_option("--subtask", o->subtasks, "A subtask title (repeat for several)");
  c.commands.back().run = [o, cmd](Store& s) { return create(cmd, *o, s); };

  cmd = add(app, c, *o, "move", "Change a ticket's status (the workflow's transitions)", StoreUse::read);
  cmd->add_option("id", o->id, "Ticket id")->required();
  cmd->add_option("status", o->status, "backlog, planned, in_progress, in_review, done, cancelled")
      ->required();
  cmd->add_option("--comment", o->comment, "Why (kept in the history)");
  c.commands.back().run = [o](Store& s) { return move(*o, s); };

  cmd = add(app, c, *o, "comment", "Add a comment to a ticket", StoreUse::read);
  cmd->add_option("id", o->id, "Ticket id")->required();
  cmd->add_option("text", o->text, "The comment; - reads it from standard input")->required();
  c.commands.back().run = [o](Store& s) { return comment(*o, s); };

  cmd = add(app, c, *o, "tick", "Mark a subtask done (--undo: not done)", StoreUse::read);
  cmd->add_option("id", o->id, "Ticket id")->required();
  cmd->add_option("subtask", o->subtask, "Subtask id (sub-001) or a part of its title")->required();
  cmd->add_flag("--undo", o->undo, "Mark it not done again");
  c.commands.back().run = [o](Store& s) { return tick(*o, s); };

  cmd = add(app, c, *o, "block", "Record that a ticket waits on another", StoreUse::read);
  cmd->add_option("id", o->id, "The blocked ticket")->required();
  cmd->add_option("blocker", o->blocker, "The ticket it waits on")->required();
  cmd->add_option("--reason", o->reason, "Why it waits");
  c.commands.back().run = [o](Store& s) { return block(*o, s); };

  cmd = add(app, c, *o, "unblock", "Remove a blocker from a ticket", StoreUse::read);
  cmd->add_option("id", o->id, "The blocked ticket")->required();
  cmd->add_option("blocker", o->blocker, "The blocker to remove")->required();
  c.commands.back().run = [o](Store& s) { return unblock(*o, s); };

  cmd = add(app, c, *o, "edit", "Change a ticket's title, description, type, priority, labels or epic",
            StoreUse::read);
  cmd->add_option("id", o->id, "Ticket id")->required();
  cmd->add_option("--title", o->title, "New title");
  add_ticket_fields(cmd, *o);
  cmd->get_option("--label")->description("A label (repeat for several; replaces the labels)");
  cmd->add_flag("--no-epic", o->no_epic, "Take the ticket out of its epic")->excludes("--epic");
  c.commands.back().run = [o, cmd](Store& s) { return edit(cmd, *o, s); };
}

}  // namespace sciorex::tickets
