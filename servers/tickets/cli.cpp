#include "cli.hpp"

#include <cstdlib>
#include <iostream>

#include "markdown.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/yaml_io.hpp"
#include "ticket_json.hpp"

namespace sciorex::tickets {

namespace {

storage::Actor cli_actor() {
  const char* user = std::getenv("USER");
  return storage::Actor::user(user && *user ? std::string(user).substr(0, 200) : "user");
}

int run_export(const CliCommands& c, Store& store) {
  storage::ExportReport r = storage::export_yaml(store.reader(), c.export_dir);
  std::cout << "exported " << r.tickets << " tickets and " << r.epics << " epics to " << r.dir.string() << std::endl;
  return 0;
}

template <class T, class Parse>
std::optional<T> filter_value(const std::string& text, Parse parse) {
  if (text.empty()) return std::nullopt;
  return parse(text);
}

int run_list(const CliCommands& c, Store& store) {
  storage::TicketFilter f;
  f.status = filter_value<storage::TicketStatus>(c.status, [](const std::string& s) { return storage::ticket_status_from_string(s); });
  f.type = filter_value<storage::TicketType>(c.type, [](const std::string& s) { return storage::ticket_type_from_string(s); });
  f.priority = filter_value<storage::Priority>(c.priority, [](const std::string& s) { return storage::priority_from_string(s); });
  if (!c.epic.empty()) f.epic_id = c.epic;
  f.limit = c.limit;
  auto page = store.ticket_reads.list(f);
  if (c.json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& t : page.tickets) items.push_back(ticket_item_json(t));
    nlohmann::json out = {{"tickets", items}, {"count", page.tickets.size()}};
    if (page.next_cursor) out["nextCursor"] = *page.next_cursor;
    std::cout << out.dump(2) << std::endl;
    return 0;
  }
  for (const auto& t : page.tickets) std::cout << ticket_line(t) << "\n";
  if (page.tickets.empty()) std::cout << "No tickets match.\n";
  if (page.next_cursor) std::cout << "(more: raise --limit)\n";
  std::cout.flush();
  return 0;
}

int run_show(const CliCommands& c, Store& store) {
  auto t = store.ticket_reads.find(c.show_id);
  if (!t) {
    std::cerr << "Ticket " << c.show_id << " not found. `sciorex-tickets list` shows the ids." << std::endl;
    return 1;
  }
  // At a terminal everything is shown: no windows.
  TicketView all;
  all.description_limit = std::string::npos / 2;
  all.comments_offset = 0;
  all.comments_limit = t->comments.size();
  all.comment_chars = std::string::npos / 2;
  all.history_offset = 0;
  all.history_limit = t->history.size();
  all.list_limit = std::string::npos / 2;
  TicketSlice slice = slice_ticket(*t, all);
  if (c.json)
    std::cout << ticket_detail_json(slice).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
  else
    std::cout << ticket_markdown(slice) << std::flush;
  return 0;
}

}  // namespace

void add_cli_commands(CLI::App& app, CliCommands& c) {
  app.require_subcommand(0, 1);
  add_import_command(app, c.import);
  c.export_cmd = app.add_subcommand("export", "Export every ticket and epic as Sciorex YAML under DIR/.sciorex");
  c.export_cmd->add_option("dir", c.export_dir, "Destination folder")->required();
  c.list_cmd = app.add_subcommand("list", "List tickets, one line each");
  c.list_cmd->add_option("--status", c.status, "backlog, planned, in_progress, in_review, done, cancelled");
  c.list_cmd->add_option("--type", c.type, "feature, bug, task, research, documentation, refactor");
  c.list_cmd->add_option("--priority", c.priority, "critical, high, medium, low");
  c.list_cmd->add_option("--epic", c.epic, "Only tickets of this epic");
  c.list_cmd->add_option("--limit", c.limit, "Most tickets to list (1-500)")->capture_default_str();
  c.list_cmd->add_flag("--json", c.json, "JSON instead of lines");
  c.show_cmd = app.add_subcommand("show", "Show one ticket with its subtasks, comments and history");
  c.show_cmd->add_option("id", c.show_id, "Ticket id, e.g. T-042")->required();
  c.show_cmd->add_flag("--json", c.json, "JSON instead of markdown");
}

std::optional<int> run_cli(const CliCommands& c, Store& store, const storage::Workspace&) {
  try {
    if (c.import.cmd->parsed()) return run_import(c.import, store, cli_actor());
    if (c.export_cmd->parsed()) return run_export(c, store);
    if (c.list_cmd->parsed()) return run_list(c, store);
    if (c.show_cmd->parsed()) return run_show(c, store);
  } catch (const storage::StoreError& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return e.kind() == storage::ErrorKind::Internal ? 2 : 1;
  }
  return std::nullopt;
}

}  // namespace sciorex::tickets
