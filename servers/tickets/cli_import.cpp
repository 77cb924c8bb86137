#include "cli_import.hpp"

#include <algorithm>
#include <iostream>

#include "cli.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/storage/yaml_io.hpp"

namespace sciorex::tickets {

namespace {

const storage::ImportReplacement* replaced(const storage::ImportReport& r, const std::string& kind,
                                           const std::string& id) {
  auto it = std::find_if(r.replaced.begin(), r.replaced.end(),
                         [&](const auto& x) { return x.kind == kind && x.id == id; });
  return it == r.replaced.end() ? nullptr : &*it;
}

void print_done(const storage::ImportReport& r, bool dry_run) {
  const std::string would = dry_run ? "would " : "";
  for (const auto& [kind, ids] : {std::pair{"epic", &r.epics}, std::pair{"ticket", &r.tickets}})
    for (const auto& id : *ids) {
      if (const auto* x = replaced(r, kind, id))
        std::cout << would << (dry_run ? "replace " : "replaced ") << kind << " " << id
                  << (dry_run ? " (now " : " (was ") << x->status << "; its "
                  << common::count_of(x->history, "history entry", "history entries") << " kept)\n";
      else
        std::cout << would << (dry_run ? "import " : "imported ") << kind << " " << id << "\n";
    }
  std::cout << common::count_of(r.tickets.size(), "ticket") << ", "
            << common::count_of(r.epics.size(), "epic")
            << (dry_run ? " would be imported (dry run: nothing written)" : " imported") << std::endl;
}

void print_refused(const storage::ImportReport& r, bool replace, bool dry_run) {
  for (const auto& p : r.problems) common::print_error(kProgram, p.to_string());
  common::print_error(kProgram, std::string(dry_run ? "the import would fail" : "nothing was imported") +
                                    " (" + common::count_of(r.problems.size(), "problem") + ")");
  if (!replace && !r.replaced.empty()) {
    std::cerr << "Already in the store:";
    for (const auto& x : r.replaced) std::cerr << " " << x.id << " (" << x.status << ")";
    std::cerr << "\nTo replace them, import again with --replace: their history is kept and the replacement "
                 "is recorded in it. --dry-run shows what an import would do.\n";
  }
  std::cerr.flush();
}

}  // namespace

void add_import_command(CLI::App& app, ImportCommand& c) {
  c.cmd =
      app.add_subcommand("import",
                         "Import Sciorex YAML (.sciorex/tickets/*.yaml, epics, the workflow's ticket form), "
                         "all or nothing; ids already in the store need --replace");
  c.cmd->add_option("paths", c.paths, "Files or folders (a .sciorex folder, tickets/, epics/, a workspace)")
      ->required();
  c.cmd->add_flag("--replace", c.replace,
                  "Replace tickets and epics already in the store (their history is kept, the replacement "
                  "recorded)");
  c.cmd->add_flag("--dry-run", c.dry_run, "Show what the import would do; write nothing");
}

int run_import(const ImportCommand& c, Store& store, const storage::Actor& actor) {
  std::vector<std::filesystem::path> paths(c.paths.begin(), c.paths.end());
  const storage::ImportReport r =
      storage::import_yaml(store.writer(), paths, actor, {.replace = c.replace, .dry_run = c.dry_run});
  if (!r.ok()) {
    print_refused(r, c.replace, c.dry_run);
    return common::kExitFailed;
  }
  print_done(r, c.dry_run);
  return common::kExitOk;
}

}  // namespace sciorex::tickets
