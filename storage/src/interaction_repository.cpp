#include "sciorex/storage/interaction_repository.hpp"

#include <nlohmann/json.hpp>

#include "events.hpp"
#include "sciorex/storage/config.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_rows.hpp"
#include "ticket_validation.hpp"

namespace sciorex::storage {

namespace {

constexpr const char* kColumns =
    "id, kind, status, ticket_id, summary, urgency, request, answer, channel, asked_by_type, asked_by_id, "
    "answered_by_type, answered_by_id, created_at, answered_at, asked_by_client, answered_by_client, "
    "asked_by_on_behalf_of, answered_by_on_behalf_of";

Interaction read_row(Stmt& st) {
  Interaction i;
  i.id = st.column(0).str();
  i.kind = parse_interaction_kind(st.column(1).str()).value_or(InteractionKind::Question);
  i.status = parse_interaction_status(st.column(2).str()).value_or(InteractionStatus::Pending);
  i.ticket_id = column_opt(st, 3);
  i.summary = st.column(4).str();
  i.urgency = st.column(5).str();
  i.request_json = st.column(6).str();
  i.answer_json = column_opt(st, 7);
  i.channel = column_opt(st, 8);
  i.asked_by = {parse_actor_type(st.column(9).str()).value_or(ActorType::System), st.column(10).str()};
  if (auto t = column_opt(st, 11))
    i.answered_by = Actor{parse_actor_type(*t).value_or(ActorType::User), st.column(12).str()};
  i.created_at = st.column(13).str();
  i.answered_at = column_opt(st, 14);
  i.asked_by.client = column_opt(st, 15);
  if (i.answered_by) i.answered_by->client = column_opt(st, 16);
  i.asked_by.on_behalf_of = column_opt(st, 17);
  if (i.answered_by) i.answered_by->on_behalf_of = column_opt(st, 18);
  return i;
}

std::optional<Interaction> load(Tx& tx, const std::string& id) {
  auto& st = tx.stmt(std::string("SELECT ") + kColumns + " FROM interactions WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_row(st);
}

Interaction require(Tx& tx, const std::string& id) {
  auto i = load(tx, id);
  if (!i)
    throw StoreError::not_found("Interaction " + id +
                                " not found. Use `sciorex-interactions inbox` to list pending interactions.");
  return *i;
}

void check_json_object(const std::string& text, std::string_view field) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) throw StoreError::invalid_argument(std::string(field) + " must be a JSON object");
}

std::string allocate_interaction_id(Tx& tx) {
  long long n = 1;
  {
    auto& st = tx.stmt("SELECT next FROM counters WHERE name = 'interaction:I'");
    if (st.step()) n = st.column(0).int64();
  }
  auto& up = tx.stmt(
      "INSERT INTO counters(name, next) VALUES ('interaction:I', ?) ON CONFLICT(name) DO UPDATE SET next = "
      "excluded.next");
  up.bind(1, static_cast<int64_t>(n + 1));
  up.exec();
  return format_id("I", n, 3);
}

// The event on the interaction, and the history entry on its ticket.
void record(Tx& tx, const Interaction& i, std::string_view action, nlohmann::json details,
            const Actor& actor) {
  details["interactionId"] = i.id;
  details["kind"] = std::string(to_string(i.kind));
  append_event(tx, "interaction", i.id, action, details, actor);
  if (i.ticket_id && detail::ticket_exists(tx, *i.ticket_id)) {
    append_event(tx, "ticket", *i.ticket_id, action, details, actor);
    detail::touch_ticket(tx, *i.ticket_id);
  }
}

}  // namespace

std::string_view to_string(InteractionKind v) {
  switch (v) {
    case InteractionKind::Question:
      return "question";
    case InteractionKind::Approval:
      return "approval";
    case InteractionKind::Notification:
      return "notification";
  }
  return "question";
}

std::string_view to_string(InteractionStatus v) {
  switch (v) {
    case InteractionStatus::Pending:
      return "pending";
    case InteractionStatus::Answered:
      return "answered";
    case InteractionStatus::Withdrawn:
      return "withdrawn";
    case InteractionStatus::Delivered:
      return "delivered";
  }
  return "pending";
}

std::optional<InteractionKind> parse_interaction_kind(std::string_view s) {
  for (auto k : {InteractionKind::Question, InteractionKind::Approval, InteractionKind::Notification})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

std::optional<InteractionStatus> parse_interaction_status(std::string_view s) {
  for (auto k : {InteractionStatus::Pending, InteractionStatus::Answered, InteractionStatus::Withdrawn,
                 InteractionStatus::Delivered})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

Interaction InteractionRepository::create(const NewInteraction& in, const Actor& actor) {
  validate_actor(actor);
  if (in.summary.find_first_not_of(" \t\r\n") == std::string::npos)
    throw StoreError::invalid_argument("An interaction needs a non-empty question, action or message");
  detail::check_length(in.summary, detail::kMaxMessage, "summary");
  detail::check_length(in.urgency, detail::kMaxShort, "urgency");
  check_json_object(in.request_json, "request");
  Interaction out;
  db_.write([&](Tx& tx) {
    if (in.ticket_id && !detail::ticket_exists(tx, *in.ticket_id))
      throw detail::ticket_not_found(*in.ticket_id);
    out.id = allocate_interaction_id(tx);
    out.kind = in.kind;
    out.status =
        in.kind == InteractionKind::Notification ? InteractionStatus::Delivered : InteractionStatus::Pending;
    out.ticket_id = in.ticket_id;
    out.summary = in.summary;
    out.urgency = in.urgency;
    out.request_json = in.request_json;
    out.asked_by = actor;
    out.created_at = tx.now();
    auto& st = tx.stmt(
        "INSERT INTO interactions(id, kind, status, ticket_id, summary, urgency, request, asked_by_type, "
        "asked_by_id, created_at, asked_by_client, asked_by_on_behalf_of) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, out.id);
    st.bind(2, std::string(to_string(out.kind)));
    st.bind(3, std::string(to_string(out.status)));
    bind_opt(st, 4, out.ticket_id);
    st.bind(5, out.summary);
    st.bind(6, out.urgency);
    st.bind(7, out.request_json);
    st.bind(8, std::string(to_string(actor.type)));
    st.bind(9, actor.id);
    st.bind(10, out.created_at);
    bind_opt(st, 11, actor.client);
    bind_opt(st, 12, actor.on_behalf_of);
    st.exec();
    record(tx, out, "interaction_created", {{"summary", out.summary}, {"urgency", out.urgency}}, actor);
  });
  return out;
}

std::optional<Interaction> InteractionRepository::find(const std::string& id) {
  std::optional<Interaction> out;
  db_.read([&](Tx& tx) { out = load(tx, id); });
  return out;
}

Interaction InteractionRepository::get(const std::string& id) {
  Interaction out;
  db_.read([&](Tx& tx) { out = require(tx, id); });
  return out;
}

Interaction InteractionRepository::answer(const std::string& id, const std::string& answer_json,
                                          const std::string& channel, const Actor& actor) {
  validate_actor(actor);
  check_json_object(answer_json, "answer");
  detail::check_length(answer_json, detail::kMaxDescription, "answer");
  Interaction out;
  db_.write([&](Tx& tx) {
    out = require(tx, id);
    if (out.status != InteractionStatus::Pending) {
      std::string by =
          out.answered_by ? " by " + std::string(to_string(out.answered_by->type)) + " " + out.answered_by->id
                          : "";
      throw StoreError::conflict("Interaction " + id + " is already " + std::string(to_string(out.status)) +
                                 by + (out.answered_at ? " at " + *out.answered_at : std::string()) +
                                 "; it takes no answer.");
    }
    out.status = InteractionStatus::Answered;
    out.answer_json = answer_json;
    out.channel = channel;
    out.answered_by = actor;
    out.answered_at = tx.now();
    auto& st = tx.stmt(
        "UPDATE interactions SET status = 'answered', answer = ?, channel = ?, answered_by_type = ?, "
        "answered_by_id = ?, answered_at = ?, answered_by_client = ?, answered_by_on_behalf_of = ? "
        "WHERE id = ? AND status = 'pending'");
    st.bind(1, answer_json);
    st.bind(2, channel);
    st.bind(3, std::string(to_string(actor.type)));
    st.bind(4, actor.id);
    st.bind(5, *out.answered_at);
    bind_opt(st, 6, actor.client);
    bind_opt(st, 7, actor.on_behalf_of);
    st.bind(8, id);
    st.exec();
    record(tx, out, "interaction_answered",
           {{"answer", nlohmann::json::parse(answer_json)}, {"channel", channel}}, actor);
  });
  return out;
}

Interaction InteractionRepository::withdraw(const std::string& id, const Actor& actor) {
  validate_actor(actor);
  Interaction out;
  db_.write([&](Tx& tx) {
    out = require(tx, id);
    if (out.status != InteractionStatus::Pending) return;
    out.status = InteractionStatus::Withdrawn;
    auto& st = tx.stmt("UPDATE interactions SET status = 'withdrawn' WHERE id = ? AND status = 'pending'");
    st.bind(1, id);
    st.exec();
    record(tx, out, "interaction_withdrawn", nlohmann::json::object(), actor);
  });
  return out;
}

std::vector<Interaction> InteractionRepository::list(bool pending_only, int limit) {
  detail::check_limit(limit);
  std::vector<Interaction> out;
  db_.read([&](Tx& tx) {
    auto& st = tx.stmt(std::string("SELECT ") + kColumns + " FROM interactions" +
                       (pending_only ? " WHERE status = 'pending'" : "") + " ORDER BY seq DESC LIMIT ?");
    st.bind(1, limit);
    while (st.step()) out.push_back(read_row(st));
  });
  return out;
}

}  // namespace sciorex::storage
