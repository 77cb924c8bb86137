// Schema migrations, versioned with PRAGMA user_version. Step N brings a version N-1 database to
// version N. Steps are append-only: never edit a released step, add a new one.
#include <string>
#include <vector>

#include "sciorex/storage/errors.hpp"
#include "sqlite_tx.hpp"

namespace sciorex::storage {
namespace {

// v1: the ticket store. Cross-ticket references (epic_id, parent_id, blocker_id, related_id) have
// no foreign key: imported YAML may name tickets that are not (yet) in the store. Child rows of a
// ticket cascade with it. `pk` gives tickets a stable integer rowid for the FTS index.
const char* const kV1 = R"sql(
CREATE TABLE counters(name TEXT PRIMARY KEY, next INTEGER NOT NULL);
CREATE TABLE epics(
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, completed_at TEXT);
CREATE INDEX epics_seq ON epics(seq, id);
CREATE TABLE tickets(
  pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, seq INTEGER NOT NULL,
  title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL, priority TEXT NOT NULL, status TEXT NOT NULL, labels TEXT NOT NULL DEFAULT '[]',
  epic_id TEXT, parent_id TEXT, assigned_flow_id TEXT, last_session_id TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, completed_at TEXT,
  prio INTEGER GENERATED ALWAYS AS (CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1
                                     WHEN 'medium' THEN 2 ELSE 3 END) VIRTUAL);
CREATE INDEX tickets_seq ON tickets(seq, id);
CREATE INDEX tickets_status ON tickets(status, seq, id);
CREATE INDEX tickets_type ON tickets(type, seq, id);
CREATE INDEX tickets_priority ON tickets(priority, seq, id);
CREATE INDEX tickets_epic ON tickets(epic_id, seq, id);
CREATE INDEX tickets_ready ON tickets(status, prio, seq, id);
CREATE TABLE subtasks(
  ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE ON UPDATE CASCADE,
  sub_id TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL,
  completed_at TEXT, note TEXT, PRIMARY KEY(ticket_id, sub_id));
CREATE TABLE blockers(
  ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE ON UPDATE CASCADE,
  blocker_id TEXT NOT NULL, reason TEXT, UNIQUE(ticket_id, blocker_id));
CREATE INDEX blockers_by_blocker ON blockers(blocker_id);
CREATE TABLE relations(
  ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE ON UPDATE CASCADE,
  related_id TEXT NOT NULL, UNIQUE(ticket_id, related_id));
CREATE TABLE comments(
  id INTEGER PRIMARY KEY, ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE ON UPDATE CASCADE,
  text TEXT NOT NULL, actor_type TEXT NOT NULL, actor_id TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX comments_ticket ON comments(ticket_id, id);
CREATE TABLE resources(
  id INTEGER PRIMARY KEY, ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE ON UPDATE CASCADE,
  url TEXT, path TEXT, title TEXT NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX resources_ticket ON resources(ticket_id, id);
CREATE TABLE session_links(
  id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL,
  title TEXT, notes TEXT, archived INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
  UNIQUE(entity_type, entity_id, session_id));
CREATE INDEX session_links_session ON session_links(session_id);
CREATE TABLE events(
  id INTEGER PRIMARY KEY, ts TEXT NOT NULL, entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL, action TEXT NOT NULL, details TEXT NOT NULL DEFAULT '{}',
  actor_type TEXT NOT NULL, actor_id TEXT NOT NULL, in_history INTEGER NOT NULL DEFAULT 1);
CREATE INDEX events_entity ON events(entity_type, entity_id, id);
)sql";
// (events rows are never deleted, so INTEGER PRIMARY KEY ids never repeat without AUTOINCREMENT;
// an import that replaces a history marks the old entries in_history = 0 instead.)

// v2: case-insensitive substring search over id, title and description (FTS5 trigram index
// kept in step with the tickets table by triggers).
const char* const kV2 = R"sql(
CREATE VIRTUAL TABLE tickets_fts USING fts5(id, title, description, content='tickets',
  content_rowid='pk', tokenize='trigram', columnsize=0);
CREATE TRIGGER tickets_fts_ai AFTER INSERT ON tickets BEGIN
  INSERT INTO tickets_fts(rowid, id, title, description) VALUES (new.pk, new.id, new.title, new.description);
END;
CREATE TRIGGER tickets_fts_ad AFTER DELETE ON tickets BEGIN
  INSERT INTO tickets_fts(tickets_fts, rowid, id, title, description)
    VALUES ('delete', old.pk, old.id, old.title, old.description);
END;
CREATE TRIGGER tickets_fts_au AFTER UPDATE OF id, title, description ON tickets BEGIN
  INSERT INTO tickets_fts(tickets_fts, rowid, id, title, description)
    VALUES ('delete', old.pk, old.id, old.title, old.description);
  INSERT INTO tickets_fts(rowid, id, title, description) VALUES (new.pk, new.id, new.title, new.description);
END;
INSERT INTO tickets_fts(tickets_fts) VALUES ('rebuild');
)sql";

// v3: the interactions inbox (questions, approvals, notifications between agents and people).
const char* const kV3 = R"sql(
CREATE TABLE interactions(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, status TEXT NOT NULL,
  ticket_id TEXT, summary TEXT NOT NULL, urgency TEXT NOT NULL DEFAULT '', request TEXT NOT NULL DEFAULT '{}',
  answer TEXT, channel TEXT, asked_by_type TEXT NOT NULL, asked_by_id TEXT NOT NULL,
  answered_by_type TEXT, answered_by_id TEXT, created_at TEXT NOT NULL, answered_at TEXT);
CREATE INDEX interactions_status ON interactions(status, seq);
)sql";

// v4: the host that linked a session by itself (an agent's host session, see Actor::session).
const char* const kV4 = R"sql(
ALTER TABLE session_links ADD COLUMN host TEXT;
)sql";

// v5: flows (issue 12). The runs of flows and the nodes they ran; the runners serving the store
// (a run whose runner left or stopped beating is taken over); the one event cursor all runners
// share. UNIQUE(flow_name, trigger_event_id) is the claim's exactly-once: two runners inserting the
// run of one event get one row (manual runs have no event; SQLite's NULLs never collide). `seq` is
// the N of "run-N", from the `flow_run` counter, never reused. And the MCP client beside an agent
// named by its role (SCIOREX_AGENT): `*_client` on every place that records an actor.
const char* const kV5 = R"sql(
CREATE TABLE flow_runs(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, flow_name TEXT NOT NULL, flow_file TEXT NOT NULL,
  ticket_id TEXT, trigger_type TEXT NOT NULL, trigger_event_id INTEGER, trigger_json TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL, runner_id TEXT, attempt INTEGER NOT NULL DEFAULT 1, error TEXT,
  started_at TEXT NOT NULL, ended_at TEXT,
  UNIQUE(flow_name, trigger_event_id));
CREATE INDEX flow_runs_ticket ON flow_runs(ticket_id, seq);
CREATE INDEX flow_runs_status ON flow_runs(status, seq);
CREATE INDEX flow_runs_runner ON flow_runs(runner_id);
CREATE TABLE flow_nodes(
  run_seq INTEGER NOT NULL REFERENCES flow_runs(seq) ON DELETE CASCADE, seq INTEGER NOT NULL,
  node_id TEXT NOT NULL, node_type TEXT NOT NULL, iteration INTEGER NOT NULL, agent TEXT,
  status TEXT NOT NULL, input TEXT NOT NULL DEFAULT '', output TEXT, exit_code INTEGER, session_id TEXT,
  log_path TEXT, error TEXT, started_at TEXT NOT NULL, ended_at TEXT,
  PRIMARY KEY(run_seq, seq));
CREATE TABLE flow_runners(
  id TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, registered_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL);
CREATE TABLE flow_cursor(one INTEGER PRIMARY KEY CHECK (one = 1), event_id INTEGER NOT NULL);
ALTER TABLE events ADD COLUMN actor_client TEXT;
ALTER TABLE comments ADD COLUMN actor_client TEXT;
ALTER TABLE interactions ADD COLUMN asked_by_client TEXT;
ALTER TABLE interactions ADD COLUMN answered_by_client TEXT;
)sql";

// v6: people (issue 13). The people of a team store with the SHA-256 (hex) of their bearer token,
// never the token itself; UNIQUE(token_hash) makes the per-request look-up one index probe. And the
// person an agent's change was made for (an MCP request carrying alice's token records `agent
// claude-code on behalf of alice`): `*_on_behalf_of` on every place that records an actor.
const char* const kV6 = R"sql(
CREATE TABLE users(
  name TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, read_only INTEGER NOT NULL,
  created_at TEXT NOT NULL);
ALTER TABLE events ADD COLUMN actor_on_behalf_of TEXT;
ALTER TABLE comments ADD COLUMN actor_on_behalf_of TEXT;
ALTER TABLE interactions ADD COLUMN asked_by_on_behalf_of TEXT;
ALTER TABLE interactions ADD COLUMN answered_by_on_behalf_of TEXT;
)sql";

const std::vector<const char*>& steps() {
  static const std::vector<const char*> s{kV1, kV2, kV3, kV4, kV5, kV6};
  return s;
}

}  // namespace

int latest_migration_version() { return static_cast<int>(steps().size()); }

int run_migrations(SQLite::Database& db) {
  const int current = db.execAndGet("PRAGMA user_version").getInt();
  const int latest = latest_migration_version();
  if (current > latest)
    throw StoreError::internal("The database schema is version " + std::to_string(current) +
                               ", newer than this build understands (" + std::to_string(latest) +
                               "). Upgrade sciorex.");
  for (int v = current; v < latest; ++v) db.exec(steps()[static_cast<std::size_t>(v)]);
  if (current != latest) db.exec("PRAGMA user_version = " + std::to_string(latest));
  return latest - current;
}

}  // namespace sciorex::storage
