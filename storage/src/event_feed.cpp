// EventFeed and the events table helpers.
#include "sciorex/storage/event_feed.hpp"

#include "events.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_rows.hpp"
#include "ticket_validation.hpp"

namespace sciorex::storage {

void validate_actor(const Actor& actor) {
  if (actor.id.empty() || actor.id.size() > 200)
    throw StoreError::invalid_argument("Invalid actor id: use 1 to 200 characters.");
  if (actor.client) detail::check_length(*actor.client, detail::kMaxShort, "actor's client");
  if (actor.client && actor.client->empty())
    throw StoreError::invalid_argument("Invalid actor client: use 1 to 200 characters.");
  if (actor.on_behalf_of && (actor.on_behalf_of->empty() || actor.on_behalf_of->size() > 64))
    throw StoreError::invalid_argument("Invalid person an actor acts for: use 1 to 64 characters.");
  if (actor.session && (actor.session->id.empty() || actor.session->id.size() > detail::kMaxShort ||
                        actor.session->host.empty() || actor.session->host.size() > detail::kMaxShort))
    throw StoreError::invalid_argument("Invalid host session: its id and host take 1 to 200 characters.");
}

std::int64_t append_event(Tx& tx, std::string_view entity_type, const std::string& entity_id,
                          std::string_view action, const nlohmann::json& details, const Actor& actor,
                          bool in_history) {
  auto& st = tx.stmt(
      "INSERT INTO events(ts, entity_type, entity_id, action, details, actor_type, actor_id, in_history, "
      "actor_client, actor_on_behalf_of) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id");
  st.bind(1, tx.now());  // the clock first: on PostgreSQL it orders the writers, so event ids commit in order
  st.bind(2, std::string(entity_type));
  st.bind(3, entity_id);
  st.bind(4, std::string(action));
  st.bind(5, details.is_null() ? std::string("{}") : details.dump());
  st.bind(6, std::string(to_string(actor.type)));
  st.bind(7, actor.id);
  st.bind(8, in_history ? 1 : 0);
  bind_opt(st, 9, actor.client);
  bind_opt(st, 10, actor.on_behalf_of);
  if (!st.step()) throw StoreError::internal("the event was not stored");
  const std::int64_t event_id = st.column(0).int64();
  if (actor.session && entity_type == "ticket" && action != "deleted" && detail::ticket_exists(tx, entity_id))
    detail::link_host_session(tx, entity_id, actor);
  return event_id;
}

void append_history(Tx& tx, std::string_view entity_type, const std::string& entity_id,
                    const HistoryEntry& e) {
  (void)
      tx.now();  // the store clock, though the entry keeps its own time: it orders the writers (append_event)
  auto& st = tx.stmt(
      "INSERT INTO events(ts, entity_type, entity_id, action, details, actor_type, actor_id, in_history, "
      "actor_client, actor_on_behalf_of) VALUES (?,?,?,?,?,?,?,1,?,?)");
  st.bind(1, e.timestamp);
  st.bind(2, std::string(entity_type));
  st.bind(3, entity_id);
  st.bind(4, e.action);
  st.bind(5, e.details_json.empty() ? std::string("{}") : e.details_json);
  st.bind(6, std::string(to_string(e.actor.type)));
  st.bind(7, e.actor.id);
  bind_opt(st, 8, e.actor.client);
  bind_opt(st, 9, e.actor.on_behalf_of);
  st.exec();
}

std::vector<HistoryEntry> load_history(Tx& tx, std::string_view entity_type, const std::string& entity_id) {
  auto& st = tx.stmt(std::string("SELECT ") + kHistoryColumns +
                     " FROM events WHERE entity_type = ? AND entity_id = ? AND in_history = 1 ORDER BY id");
  st.bind(1, std::string(entity_type));
  st.bind(2, entity_id);
  return read_history(st);
}

std::vector<HistoryEntry> read_history(Stmt& st) {
  std::vector<HistoryEntry> out;
  while (st.step()) {
    HistoryEntry e;
    e.timestamp = st.column(0).str();
    e.action = st.column(1).str();
    e.details_json = st.column(2).str();
    e.actor.type = parse_actor_type(st.column(3).str()).value_or(ActorType::System);
    e.actor.id = st.column(4).str();
    e.actor.client = column_opt(st, 5);
    e.actor.on_behalf_of = column_opt(st, 6);
    out.push_back(std::move(e));
  }
  return out;
}

void retire_history(Tx& tx, std::string_view entity_type, const std::string& entity_id) {
  auto& st =
      tx.stmt("UPDATE events SET in_history = 0 WHERE entity_type = ? AND entity_id = ? AND in_history = 1");
  st.bind(1, std::string(entity_type));
  st.bind(2, entity_id);
  st.exec();
}

std::vector<Event> EventFeed::events_after(std::int64_t last_id, int limit) {
  if (limit < 1 || limit > 10000)
    throw StoreError::invalid_argument("Invalid limit " + std::to_string(limit) + ": use 1 to 10000.");
  std::vector<Event> out;
  db_.read([&](Tx& tx) {
    out.clear();
    auto& st = tx.stmt(
        "SELECT id, ts, entity_type, entity_id, action, details, actor_type, actor_id, in_history, "
        "actor_client, actor_on_behalf_of "
        "FROM events WHERE id > ? ORDER BY id LIMIT ?");
    st.bind(1, static_cast<int64_t>(last_id));
    st.bind(2, limit);
    while (st.step()) {
      Event e;
      e.id = st.column(0).int64();
      e.timestamp = st.column(1).str();
      e.entity_type = st.column(2).str();
      e.entity_id = st.column(3).str();
      e.action = st.column(4).str();
      e.details_json = st.column(5).str();
      e.actor.type = parse_actor_type(st.column(6).str()).value_or(ActorType::System);
      e.actor.id = st.column(7).str();
      e.in_history = st.column(8).int32() != 0;
      e.actor.client = column_opt(st, 9);
      e.actor.on_behalf_of = column_opt(st, 10);
      out.push_back(std::move(e));
    }
  });
  return out;
}

std::int64_t EventFeed::last_event_id() {
  std::int64_t id = 0;
  db_.read([&](Tx& tx) {
    auto& st = tx.stmt("SELECT COALESCE(MAX(id), 0) FROM events");
    if (st.step()) id = st.column(0).int64();
  });
  return id;
}

EventWakeup::~EventWakeup() { db_.remove_event_waker(id_); }

std::unique_ptr<EventWakeup> EventFeed::wake_on_events(std::function<void()> wake) {
  const std::uint64_t id = db_.add_event_waker(std::move(wake));
  if (id == 0) return nullptr;
  return std::make_unique<EventWakeup>(db_, id);
}

}  // namespace sciorex::storage
