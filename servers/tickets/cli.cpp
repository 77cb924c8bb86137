#include "cli.hpp"

#include <iostream>

#include "sciorex/common/command_line.hpp"
#include "sciorex/protocol/features.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/yaml_io.hpp"

namespace sciorex::tickets {

bool was_given(const CLI::App* cmd, const std::string& flag) {
  const CLI::Option* option = cmd->get_option_no_throw(flag);
  return option != nullptr && option->count() > 0;
}

storage::Actor cli_actor() { return storage::Actor::user(common::person_name()); }

namespace {

int run_export(const CliCommands& c, Store& store) {
  storage::ExportReport r = storage::export_yaml(store.reader(), c.export_dir);
  std::cout << "exported " << common::count_of(static_cast<std::size_t>(r.tickets), "ticket") << " and "
            << common::count_of(static_cast<std::size_t>(r.epics), "epic") << " to " << r.dir.string()
            << std::endl;
  return common::kExitOk;
}

// A StoreError as a terminal user reads it: the store's message, its next step named as a command
// (the tools name theirs as tools: common::agent_message).
std::string terminal_message(const storage::StoreError& e) {
  using storage::NextStep;
  std::string next;
  switch (e.next_step()) {
    case NextStep::FindTicketIds:
      next = "`sciorex-tickets list` and `sciorex-tickets search` show the ids.";
      break;
    case NextStep::FindEpicIds:
      next = "`sciorex-tickets epics` shows the ids.";
      break;
    case NextStep::RereadTicket:
      next = "`sciorex-tickets show` shows it as it is now; try again.";
      break;
    case NextStep::PickAnotherTicket:
      next = "`sciorex-tickets ready` lists the tickets ready to start.";
      break;
    case NextStep::ShowBlockers:
      next = "`sciorex-tickets show` lists its blockers.";
      break;
    case NextStep::None:
      break;
  }
  return next.empty() ? std::string(e.what()) : std::string(e.what()) + " " + next;
}

}  // namespace

void add_cli_commands(CLI::App& app, CliCommands& c) {
  app.require_subcommand(0, 1);
  add_init_command(app, c.init);
  add_import_command(app, c.import);
  c.export_cmd =
      app.add_subcommand("export", "Export every ticket and epic as Sciorex YAML under DIR/.sciorex");
  c.export_cmd->add_option("dir", c.export_dir, "Destination folder")->required();
  add_read_commands(app, c);
  add_write_commands(app, c);
  add_users_commands(app, c);
}

std::optional<int> run_cli(const CliCommands& c, Store& store, const storage::Workspace&) {
  try {
    if (c.import.cmd->parsed()) return run_import(c.import, store, cli_actor());
    if (c.export_cmd->parsed()) return run_export(c, store);
    for (const auto& command : c.commands)
      if (command.app->parsed()) return command.run(store);
  } catch (const protocol::ToolError& e) {  // an argument the tools' own rules refuse
    common::print_error(kProgram, e.what());
    return common::kExitUsage;
  } catch (const storage::StoreError& e) {  // an unknown id, a refused change, ...
    common::print_error(kProgram, terminal_message(e));
    return common::kExitFailed;
  } catch (const std::exception& e) {
    common::print_error(kProgram, e.what());
    return common::kExitFailed;
  }
  return std::nullopt;
}

common::StoreUse store_use(const CliCommands& c) {
  if (c.export_cmd->parsed()) return common::StoreUse::read;
  for (const auto& command : c.commands)
    if (command.app->parsed()) return command.use;
  return common::StoreUse::create;
}

}  // namespace sciorex::tickets
