// import_yaml: finds the files, parses each, and upserts it in one transaction.
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "events.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/yaml_io.hpp"
#include "ticket_rows.hpp"
#include "yaml_reader.hpp"

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

void insert_sessions(Tx& tx, const std::vector<SessionLink>& links, const std::string& type,
                     const std::string& id) {
  for (const auto& l : links) {
    auto& st = tx.stmt(
        "INSERT INTO session_links(session_id, entity_type, entity_id, title, notes, archived, created_at) "
        "VALUES (?,?,?,?,?,?,?)");
    st.bind(1, l.session_id);
    st.bind(2, type);
    st.bind(3, id);
    bind_opt(st, 4, l.title);
    bind_opt(st, 5, l.notes);
    st.bind(6, l.archived ? 1 : 0);
    st.bind(7, l.created_at);
    st.exec();
  }
}

void delete_sessions(Tx& tx, const std::string& type, const std::string& id) {
  auto& st = tx.stmt("DELETE FROM session_links WHERE entity_type = ? AND entity_id = ?");
  st.bind(1, type);
  st.bind(2, id);
  st.exec();
}

void write_history(Tx& tx, const std::string& type, const std::string& id, bool has_history,
                   const std::vector<HistoryEntry>& history, const fs::path& file, const Actor& actor) {
  retire_history(tx, type, id);
  if (has_history) {
    for (const auto& h : history) append_history(tx, type, id, h);
  } else if (type == "ticket") {  // an epic file without history (Sciorex's layout) stays without
    append_event(tx, type, id, "created", {{"importedFrom", file.filename().string()}}, actor);
  }
}

std::string upsert_ticket(Tx& tx, yaml::ParsedTicket& p, const fs::path& file, const Actor& actor) {
  Ticket& t = p.ticket;
  if (!p.has_id) t.id = allocate_id(tx, "ticket");
  if (ticket_exists(tx, t.id)) {
    for (const char* sql :
         {"DELETE FROM subtasks WHERE ticket_id = ?", "DELETE FROM blockers WHERE ticket_id = ?",
          "DELETE FROM relations WHERE ticket_id = ?", "DELETE FROM comments WHERE ticket_id = ?",
          "DELETE FROM resources WHERE ticket_id = ?"}) {
      auto& st = tx.stmt(sql);
      st.bind(1, t.id);
      st.exec();
    }
    delete_sessions(tx, "ticket", t.id);
  } else {
    auto& st = tx.stmt(
        "INSERT INTO tickets(id, seq, title, type, priority, status, created_at, updated_at) "
        "VALUES (?, 0, '', 'task', 'medium', 'backlog', '', '')");
    st.bind(1, t.id);
    st.exec();
  }
  auto& st = tx.stmt(
      "UPDATE tickets SET seq = ?, title = ?, description = ?, type = ?, priority = ?, status = ?, labels = "
      "?, "
      "epic_id = ?, parent_id = ?, assigned_flow_id = ?, last_session_id = ?, created_at = ?, updated_at = "
      "?, "
      "completed_at = ? WHERE id = ?");
  st.bind(1, static_cast<int64_t>(id_number(t.id)));
  st.bind(2, t.title);
  st.bind(3, t.description);
  st.bind(4, std::string(to_string(t.type)));
  st.bind(5, std::string(to_string(t.priority)));
  st.bind(6, std::string(to_string(t.status)));
  st.bind(7, labels_to_json(t.labels));
  bind_opt(st, 8, t.epic_id);
  bind_opt(st, 9, t.parent_id);
  bind_opt(st, 10, t.assigned_flow_id);
  bind_opt(st, 11, t.last_session_id);
  st.bind(12, t.created_at);
  st.bind(13, t.updated_at);
  bind_opt(st, 14, t.completed_at);
  st.bind(15, t.id);
  st.exec();
  int pos = 0;
  for (const auto& s : t.subtasks) {
    auto& ins = tx.stmt(
        "INSERT INTO subtasks(ticket_id, sub_id, position, title, status, completed_at, note) VALUES "
        "(?,?,?,?,?,?,?)");
    ins.bind(1, t.id);
    ins.bind(2, s.id);
    ins.bind(3, ++pos);
    ins.bind(4, s.title);
    ins.bind(5, std::string(to_string(s.status)));
    bind_opt(ins, 6, s.completed_at);
    bind_opt(ins, 7, s.note);
    ins.exec();
  }
  for (const auto& b : t.blocked_by) {
    auto& ins = tx.stmt("INSERT INTO blockers(ticket_id, blocker_id, reason) VALUES (?,?,?)");
    ins.bind(1, t.id);
    ins.bind(2, b.ticket_id);
    bind_opt(ins, 3, b.reason);
    ins.exec();
  }
  for (const auto& r : t.relates_to) {
    auto& ins = tx.stmt("INSERT INTO relations(ticket_id, related_id) VALUES (?,?)");
    ins.bind(1, t.id);
    ins.bind(2, r);
    ins.exec();
  }
  for (const auto& c : t.comments) {
    auto& ins =
        tx.stmt("INSERT INTO comments(ticket_id, text, actor_type, actor_id, created_at) VALUES (?,?,?,?,?)");
    ins.bind(1, t.id);
    ins.bind(2, c.text);
    ins.bind(3, std::string(to_string(c.author.type)));
    ins.bind(4, c.author.id);
    ins.bind(5, c.created_at);
    ins.exec();
  }
  for (const auto& r : t.resources) {
    auto& ins =
        tx.stmt("INSERT INTO resources(ticket_id, url, path, title, kind, created_at) VALUES (?,?,?,?,?,?)");
    ins.bind(1, t.id);
    bind_opt(ins, 2, r.url);
    bind_opt(ins, 3, r.path);
    ins.bind(4, r.title);
    ins.bind(5, r.kind);
    ins.bind(6, r.created_at);
    ins.exec();
  }
  insert_sessions(tx, t.sessions, "ticket", t.id);
  write_history(tx, "ticket", t.id, p.has_history, t.history, file, actor);
  bump_counter(tx, "ticket", t.id);
  append_event(tx, "ticket", t.id, "imported", {{"file", file.string()}}, actor, false);
  return t.id;
}

std::string upsert_epic(Tx& tx, yaml::ParsedEpic& p, const fs::path& file, const Actor& actor) {
  Epic& e = p.epic;
  if (!p.has_id) e.id = allocate_id(tx, "epic");
  auto& st = tx.stmt(
      "INSERT INTO epics(id, seq, title, description, status, created_at, updated_at, completed_at) "
      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(id) DO UPDATE SET seq = ?2, title = ?3, description = "
      "?4, "
      "status = ?5, created_at = ?6, updated_at = ?7, completed_at = ?8");
  st.bind(1, e.id);
  st.bind(2, static_cast<int64_t>(id_number(e.id)));
  st.bind(3, e.title);
  st.bind(4, e.description);
  st.bind(5, std::string(to_string(e.status)));
  st.bind(6, e.created_at);
  st.bind(7, e.updated_at);
  bind_opt(st, 8, e.completed_at);
  st.exec();
  delete_sessions(tx, "epic", e.id);
  insert_sessions(tx, p.sessions, "epic", e.id);
  write_history(tx, "epic", e.id, p.has_history, p.history, file, actor);
  bump_counter(tx, "epic", e.id);
  append_event(tx, "epic", e.id, "imported", {{"file", file.string()}}, actor, false);
  return e.id;
}

Kind guess_kind(const YAML::Node& doc, const StoreConfig& config) {
  if (!doc.IsMap() || !doc["id"] || !doc["id"].IsScalar()) return Kind::Ticket;
  const std::string id = doc["id"].Scalar();
  const bool epic_id = id.rfind(config.epic_prefix + "-", 0) == 0;
  return epic_id && !doc["type"] && !doc["priority"] && !doc["subtasks"] ? Kind::Epic : Kind::Ticket;
}

void import_file(Database& db, const FileJob& job, const Actor& actor, ImportReport& report) {
  const std::string file = job.path.string();
  try {
    const YAML::Node doc = YAML::LoadFile(file);
    const Kind kind = job.kind == Kind::Unknown ? guess_kind(doc, db.config()) : job.kind;
    const std::string now = now_iso();
    if (kind == Kind::Epic) {
      auto parsed = yaml::parse_epic(doc, now);
      std::string id;
      db.write([&](Tx& tx) { id = upsert_epic(tx, parsed, job.path, actor); });
      report.epics.push_back(id);
    } else {
      auto parsed = yaml::parse_ticket(doc, now);
      std::string id;
      db.write([&](Tx& tx) { id = upsert_ticket(tx, parsed, job.path, actor); });
      report.tickets.push_back(id);
    }
  } catch (const YAML::BadFile&) {
    report.problems.push_back({file, 0, "", "cannot read the file"});
  } catch (const YAML::Exception& e) {
    report.problems.push_back({file, e.mark.is_null() ? 0 : e.mark.line + 1, "", e.msg});
  } catch (const yaml::FieldError& e) {
    report.problems.push_back({file, e.line, e.field, e.what()});
  } catch (const StoreError& e) {
    report.problems.push_back({file, 0, "", e.what()});
  }
}

}  // namespace

std::string ImportProblem::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  if (!field.empty()) out += ": " + field;
  return out + ": " + message;
}

ImportReport import_yaml(Database& db, const std::vector<fs::path>& paths, const Actor& actor) {
  validate_actor(actor);
  ImportReport report;
  std::vector<FileJob> jobs;
  for (const auto& p : paths) collect(p, jobs, report);
  // Epics first, so that tickets naming them find them.
  std::stable_partition(jobs.begin(), jobs.end(), [](const FileJob& j) { return j.kind == Kind::Epic; });
  for (const auto& job : jobs) import_file(db, job, actor, report);
  return report;
}

}  // namespace sciorex::storage
