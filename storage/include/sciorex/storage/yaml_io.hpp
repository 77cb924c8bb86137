// YAML import and export in Sciorex's file layout (.sciorex/tickets/<id>.yaml,
// .sciorex/epics/<id>.yaml) and the workflow document's ticket form (subtasks with `status`,
// no history).
//
// Import is an upsert: a ticket or epic whose id is already in the store is replaced entirely
// (fields, children and history) by the file's content; ids are kept and the id counters move
// past them. Each file is imported in its own transaction: a file with bad YAML or a bad field
// is reported (file, line, field) and nothing of it is imported; the other files still are.
// A ticket file without `history` gets one `created` entry by the importing actor (an epic file
// without one stays without, as in Sciorex's layout); without timestamps,
// the import time. A path may be a .yaml file, a tickets/ or epics/ folder, a `.sciorex` folder
// or a workspace folder (its .sciorex is used); epics are imported before tickets.
//
// Export writes DIR/tickets/<id>.yaml and DIR/epics/<id>.yaml, where DIR is the given folder if
// it is named `.sciorex`, else <folder>/.sciorex. Documented keys come first in the samples'
// order (quoted timestamps, `null` for absent links); what Sciorex does not document follows
// them so that export then import is lossless: subtask `status` (when not implied by
// `completed`) and `note`, and, at the end, `blockerReasons`, `comments`, `resources`,
// `sessions` (and an epic's `history`).
//
// Both hold the Database only during the call; thread-safe as Database is. Import throws only for
// an unusable actor; export throws StoreError(Internal) when a file cannot be written.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sciorex/storage/epic.hpp"
#include "sciorex/storage/ticket.hpp"
#include "sciorex/storage/types.hpp"

namespace sciorex::storage {

class Database;

struct ImportProblem {
  std::string file;
  int line = 0;       // 1-based; 0 when unknown
  std::string field;  // e.g. "subtasks[1].status"; empty for a YAML syntax error
  std::string message;
  std::string to_string() const;  // "file:line: field: message"
};

struct ImportReport {
  std::vector<std::string> tickets;  // ids imported
  std::vector<std::string> epics;
  std::vector<ImportProblem> problems;
  bool ok() const { return problems.empty(); }
};

ImportReport import_yaml(Database& db, const std::vector<std::filesystem::path>& paths, const Actor& actor);

struct ExportReport {
  std::filesystem::path dir;  // the .sciorex folder written to
  int tickets = 0;
  int epics = 0;
};

ExportReport export_yaml(Database& db, const std::filesystem::path& dir);

// The YAML text of one ticket (from TicketRepository::get) / one epic (EpicRepository::get).
std::string ticket_to_yaml(const Ticket& ticket);
std::string epic_to_yaml(const EpicDetail& epic);

}  // namespace sciorex::storage
