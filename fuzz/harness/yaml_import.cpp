#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "harness.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "sciorex/storage/yaml_io.hpp"

namespace sciorex::fuzz {

namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path root;
  Folder() {
    root = fs::temp_directory_path() / ("sciorex-fuzz-yaml-" + std::to_string(::getpid()));
    fs::create_directories(root / "tickets");
    fs::create_directories(root / "epics");
  }
};

}  // namespace

void yaml_import(const std::uint8_t* data, std::size_t size) {
  static Folder* folder = new Folder();
  if (size < 1) return;
  bool epic = data[0] & 1;
  fs::path file = folder->root / (epic ? "epics" : "tickets") / (epic ? "E-1.yaml" : "T-1.yaml");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  storage::Database db(":memory:");
  try {
    storage::ImportReport report = storage::import_yaml(db, {file}, storage::Actor::user("fuzz"));
    // One file is imported whole or not at all.
    if (!report.ok() && !(report.tickets.empty() && report.epics.empty())) {
      std::fprintf(stderr, "yaml_import: %zu problems but %zu tickets and %zu epics imported\n",
                   report.problems.size(), report.tickets.size(), report.epics.size());
      std::abort();
    }
    for (const auto& p : report.problems) (void)p.to_string();
    if (!report.tickets.empty()) {
      // What was imported reads back whole.
      storage::TicketRepository tickets(db);
      for (const auto& id : report.tickets)
        if (!tickets.find(id)) {
          std::fprintf(stderr, "yaml_import: imported %s but cannot read it back\n", id.c_str());
          std::abort();
        }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "yaml_import threw %s: %s\n", typeid(e).name(), e.what());
    std::abort();
  }
  fs::remove(file);
}

}  // namespace sciorex::fuzz
