// import_yaml: finds the files and, in one transaction, reads every document of each, writes it
// (yaml_store.hpp) and checks the whole set: ids taken twice, ids already in the store, blocker
// and parent cycles. Any problem, or a dry run, rolls everything back.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "events.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/yaml_io.hpp"
#include "ticket_rows.hpp"
#include "yaml_reader.hpp"
#include "yaml_store.hpp"

namespace sciorex::storage {
namespace fs = std::filesystem;
using nlohmann::json;
using namespace detail;

namespace {

enum class Kind { Unknown, Ticket, Epic };

struct FileJob {
  fs::path path;
  Kind kind;
};

bool is_yaml(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

void add_dir(const fs::path& dir, Kind kind, std::vector<FileJob>& out) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && is_yaml(e.path()) && e.path().filename() != "sciorex.yaml")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (auto& f : files) out.push_back({f, kind});
}

void collect(const fs::path& path, std::vector<FileJob>& out, ImportReport& report) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    const auto parent = path.parent_path().filename();
    out.push_back({path, parent == "epics"     ? Kind::Epic
                         : parent == "tickets" ? Kind::Ticket
                                               : Kind::Unknown});
  } else if (fs::is_directory(path, ec)) {
    const auto name = path.filename() == "" ? path.parent_path().filename() : path.filename();
    if (name == "tickets") {
      add_dir(path, Kind::Ticket, out);
    } else if (name == "epics") {
      add_dir(path, Kind::Epic, out);
    } else if (fs::is_directory(path / ".sciorex", ec)) {
      collect(path / ".sciorex", out, report);
    } else if (fs::is_directory(path / "tickets", ec) || fs::is_directory(path / "epics", ec)) {
      if (fs::is_directory(path / "epics", ec)) add_dir(path / "epics", Kind::Epic, out);
      if (fs::is_directory(path / "tickets", ec)) add_dir(path / "tickets", Kind::Ticket, out);
    } else {
      add_dir(path, Kind::Unknown, out);
    }
  } else {
    report.problems.push_back({path.string(), 0, "", "no such file or folder"});
  }
}

Kind guess_kind(const YAML::Node& doc, const StoreConfig& config) {
  if (!doc.IsMap() || !doc["id"] || !doc["id"].IsScalar()) return Kind::Ticket;
  const std::string id = doc["id"].Scalar();
  const bool epic_id = id.rfind(config.epic_prefix + "-", 0) == 0;
  return epic_id && !doc["type"] && !doc["priority"] && !doc["subtasks"] ? Kind::Epic : Kind::Ticket;
}

// Reads each file's documents and writes them in the running transaction, keeping what the
// checks across the import need: the ids taken so far, the blockers and parents written.
class Importer {
 public:
  Importer(Tx& tx, const Actor& actor, const ImportOptions& options, ImportReport& report)
      : tx_(tx), actor_(actor), options_(options), report_(report), now_(now_iso()) {}

  void file(const FileJob& job) {
    const std::string file = job.path.string();
    std::ifstream in(job.path, std::ios::binary);
    const std::string text = in ? std::string(std::istreambuf_iterator<char>(in), {}) : "";
    if (!in || in.bad()) {
      report_.problems.push_back({file, 0, "", "cannot read the file"});
      return;
    }
    try {
      yaml::check_unique_keys(text);
      std::vector<YAML::Node> docs = YAML::LoadAll(text);
      // A `---` before the first document or after the last leaves an empty one: not a ticket.
      std::erase_if(docs, [](const YAML::Node& d) { return d.IsNull(); });
      if (docs.empty()) docs.emplace_back();  // reported as not a ticket
      for (const YAML::Node& doc : docs) {
        const Kind kind = job.kind == Kind::Unknown ? guess_kind(doc, tx_.config()) : job.kind;
        if (kind == Kind::Epic) {
          auto parsed = yaml::parse_epic(doc, now_, tx_.config());
          epic(parsed, job.path);
        } else {
          auto parsed = yaml::parse_ticket(doc, now_, tx_.config());
          ticket(parsed, job.path);
        }
      }
    } catch (const YAML::Exception& e) {
      report_.problems.push_back({file, e.mark.is_null() ? 0 : e.mark.line + 1, "", e.msg});
    } catch (const yaml::FieldError& e) {
      report_.problems.push_back({file, e.line, e.field, e.what()});
    } catch (const StoreError& e) {
      report_.problems.push_back({file, 0, "", e.what()});
    }
  }

  // Blocker and parent cycles, once every ticket is written: within the import and through the
  // store, refused as TicketRepository::add_blocker, create and update refuse them.
  void check_cycles() {
    std::vector<std::pair<std::string, std::string>> edges;
    std::vector<std::pair<const Written*, std::size_t>> where;  // of each edge
    for (const auto& w : written_)
      for (std::size_t i = 0; i < w.blockers.size(); ++i) {
        edges.emplace_back(w.id, w.blockers[i]);
        where.emplace_back(&w, i);
      }
    for (const auto& [edge, message] : detail::blocker_cycles(tx_, edges)) {
      const auto& [w, i] = where[edge];
      report_.problems.push_back({w->file, w->lines[i], "blockedBy[" + std::to_string(i) + "]", message});
    }
    edges.clear();
    std::vector<const Written*> child;  // of each parent edge
    for (const auto& w : written_)
      if (w.parent) {
        edges.emplace_back(w.id, *w.parent);
        child.push_back(&w);
      }
    for (const auto& [edge, message] : detail::parent_cycles(tx_, edges))
      report_.problems.push_back({child[edge]->file, child[edge]->parent_line, "parentId", message});
  }

 private:
  struct Where {
    std::string file;
    int line;
  };
  struct Written {  // a ticket's blockers and parent, where the file names them
    std::string id, file;
    std::vector<std::string> blockers;
    std::vector<int> lines;
    std::optional<std::string> parent;
    int parent_line = 0;
  };

  void ticket(yaml::ParsedTicket& p, const fs::path& file) {
    std::optional<yaml::Previous> previous;
    if (p.has_id && !claim("ticket", p.ticket.id, file, p.line, previous)) return;
    Written w{"", file.string(), {}, p.blocker_lines, p.ticket.parent_id, p.parent_line};
    for (const auto& b : p.ticket.blocked_by) w.blockers.push_back(b.ticket_id);
    w.id = yaml::write_ticket(tx_, p, file, actor_, previous);
    if (!p.has_id)
      taken_.emplace("ticket " + w.id, Where{file.string(), p.line});  // a later file may name it
    report_.tickets.push_back(w.id);
    written_.push_back(std::move(w));
  }

  void epic(yaml::ParsedEpic& p, const fs::path& file) {
    std::optional<yaml::Previous> previous;
    if (p.has_id && !claim("epic", p.epic.id, file, p.line, previous)) return;
    report_.epics.push_back(yaml::write_epic(tx_, p, file, actor_, previous));
    if (!p.has_id) taken_.emplace("epic " + report_.epics.back(), Where{file.string(), p.line});
  }

  // Whether a document may be written under its id: the id is new to this import, and new to the
  // store unless replacing was asked for. Sets `previous` to what it replaces.
  bool claim(const std::string& kind, const std::string& id, const fs::path& file, int line,
             std::optional<yaml::Previous>& previous) {
    const auto [first, added] = taken_.emplace(kind + " " + id, Where{file.string(), line});
    if (!added) {
      report_.problems.push_back({file.string(), line, "id",
                                  kind + " " + id + " is imported twice: also in " + first->second.file +
                                      ":" + std::to_string(first->second.line) + "; keep one of the two"});
      return false;
    }
    previous = kind == "ticket" ? yaml::find_ticket(tx_, id) : yaml::find_epic(tx_, id);
    if (!previous) return true;
    report_.replaced.push_back({kind, id, file.string(), previous->status, previous->history});
    if (options_.replace) return true;
    report_.problems.push_back({file.string(), line, "id",
                                kind + " " + id + " is already in the store (" + previous->status + ", " +
                                    std::to_string(previous->history) +
                                    (previous->history == 1 ? " history entry" : " history entries") +
                                    "); importing would replace it, which must be asked for"});
    return false;
  }

  Tx& tx_;
  const Actor& actor_;
  const ImportOptions& options_;
  ImportReport& report_;
  const std::string now_;
  std::map<std::string, Where> taken_;  // "ticket T-001" -> where the import first names it
  std::vector<Written> written_;
};

// Thrown to roll the transaction back: a dry run, or an import with problems.
struct Undo {};

}  // namespace

std::string ImportProblem::to_string() const {
  if (file.empty()) return message;
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  if (!field.empty()) out += ": " + field;
  return out + ": " + message;
}

ImportReport import_yaml(Database& db, const std::vector<fs::path>& paths, const Actor& actor,
                         const ImportOptions& options) {
  validate_actor(actor);
  ImportReport found;  // paths that name nothing
  std::vector<FileJob> jobs;
  for (const auto& p : paths) collect(p, jobs, found);
  // A file named twice (a folder and a file in it) is read once.
  std::set<fs::path> seen;
  std::erase_if(jobs, [&](const FileJob& j) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(j.path, ec);
    return !seen.insert(ec ? j.path : canonical).second;
  });
  // Epics first, so that tickets naming them find them.
  std::stable_partition(jobs.begin(), jobs.end(), [](const FileJob& j) { return j.kind == Kind::Epic; });
  ImportReport report;
  try {
    db.write([&](Tx& tx) {
      report = found;  // afresh if the write is retried
      Importer importer(tx, actor, options, report);
      for (const auto& job : jobs) importer.file(job);
      importer.check_cycles();
      if (!report.ok() || options.dry_run) throw Undo{};
    });
    report.written = true;
  } catch (const Undo&) {
  } catch (const StoreError& e) {
    report.problems.push_back({"", 0, "", e.what()});
  }
  if (!report.ok()) {  // nothing was (or would be) imported
    report.tickets.clear();
    report.epics.clear();
  }
  return report;
}

}  // namespace sciorex::storage
