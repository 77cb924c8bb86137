// YAML import and export in Sciorex's file layout (.sciorex/tickets/<id>.yaml,
// .sciorex/epics/<id>.yaml) and the workflow document's ticket form (subtasks with `status`,
// no history).
//
// Import is all or nothing, in one transaction: every document of every file (a file may hold
// several, separated by `---`) is imported, or nothing is and each problem is reported (file,
// line, field). Problems: bad YAML, a key given twice in one mapping, a bad field, an id whose
// prefix is not the store's spelling (`t-716`), one id in two documents of the import, a blocker
// that makes a cycle (within the import or with the store; add_blocker's check and message), and
// an id already in the store unless `replace` is set. Ids are kept and the id counters move past
// them. A new ticket file without `history` gets one `created` entry by the importing actor (an
// epic file without one stays without, as in Sciorex's layout); without timestamps, the import
// time. Replacing keeps the entity's history: its fields and children come from the file, the
// file's history entries it lacks are added, then a `replaced_by_import` entry records the
// replacement (details: file, previous title and status). A dry run checks and reports what would
// be imported and replaced, and writes nothing. A path may be a .yaml file, a tickets/ or epics/
// folder, a `.sciorex` folder or a workspace folder (its .sciorex is used); epics are imported
// before tickets; a file named twice is read once.
//
// Export writes DIR/tickets/<id>.yaml and DIR/epics/<id>.yaml, where DIR is the given folder if
// it is named `.sciorex`, else <folder>/.sciorex. Documented keys come first in the samples'
// order (quoted timestamps, `null` for absent links); what Sciorex does not document follows
// them so that export then import is lossless: subtask `status` (when not implied by
// `completed`) and `note`, and, at the end, `blockerReasons`, `comments`, `resources`,
// `sessions` (and an epic's `history`).
//
// Both hold the Database only during the call (import holds its write lock while it reads the
// files); thread-safe as Database is. Import throws only for an unusable actor; export throws
// StoreError(Internal) when a file cannot be written.
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
  std::string file;   // empty for a problem of the store itself
  int line = 0;       // 1-based; 0 when unknown
  std::string field;  // e.g. "subtasks[1].status"; empty for a YAML syntax error
  std::string message;
  std::string to_string() const;  // "file:line: field: message"
};

struct ImportOptions {
  bool replace = false;  // replace tickets and epics whose id is already in the store
  bool dry_run = false;  // check and report, write nothing
};

// An id of the import that is already in the store: replaced, or (without `replace`) refused.
struct ImportReplacement {
  std::string kind;  // "ticket" or "epic"
  std::string id;
  std::string file;
  std::string status;       // in the store, before the import
  std::size_t history = 0;  // entries in its history
};

struct ImportReport {
  std::vector<std::string> tickets;  // ids imported (on a dry run: that would be); none when not ok()
  std::vector<std::string> epics;
  std::vector<ImportReplacement> replaced;
  std::vector<ImportProblem> problems;
  bool written = false;  // committed: ok() and not a dry run
  bool ok() const { return problems.empty(); }
};

ImportReport import_yaml(Database& db, const std::vector<std::filesystem::path>& paths, const Actor& actor,
                         const ImportOptions& options = {});

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
