#include "cli.hpp"

#include <iostream>

#include "sciorex/common/command_line.hpp"
#include "sciorex/protocol/features.hpp"
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

}  // namespace

void add_cli_commands(CLI::App& app, CliCommands& c) {
  app.require_subcommand(0, 1);
  add_import_command(app, c.import);
  c.export_cmd = app.add_subcommand("export", "Export every ticket and epic as Sciorex YAML under DIR/.sciorex");
  c.export_cmd->add_option("dir", c.export_dir, "Destination folder")->required();
  add_read_commands(app, c);
  add_write_commands(app, c);
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
  } catch (const std::exception& e) {  // StoreError: an unknown id, a refused change, ...
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
