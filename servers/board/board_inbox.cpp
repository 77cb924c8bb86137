// The inbox routes of the board's API: the questions, approvals and notifications of
// sciorex-interactions, and answering one by the same rules as `sciorex-interactions answer`
// (forms.hpp's answer_from_cli), recorded as answered via the inbox by `user <name>`.
#include <algorithm>

#include "board_impl.hpp"
#include "forms.hpp"
#include "sciorex/protocol/arguments.hpp"

namespace sciorex::board {

namespace args = protocol::args;

namespace {

constexpr int kRecentNotifications = 50;
constexpr int kMostItems = 500;

json parsed_or_null(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  json j = json::parse(*text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

json item_json(const storage::Interaction& i) {
  json request = parsed_or_null(i.request_json);
  return {{"id", i.id},
          {"kind", std::string(storage::to_string(i.kind))},
          {"status", std::string(storage::to_string(i.status))},
          {"urgency", i.urgency},
          {"summary", i.summary},
          {"ticketId", i.ticket_id ? json(*i.ticket_id) : json(nullptr)},
          {"createdAt", i.created_at},
          {"askedBy", actor_kind_json(i.asked_by)},
          {"request", request.is_object() ? request : json::object()},
          {"answer", parsed_or_null(i.answer_json)},
          {"answeredBy", i.answered_by ? actor_kind_json(*i.answered_by) : json(nullptr)},
          {"answeredAt", i.answered_at ? json(*i.answered_at) : json(nullptr)},
          {"channel", i.channel ? json(*i.channel) : json(nullptr)}};
}

}  // namespace

RouteResponse api_inbox(Board::Impl& b, const Query& q) {
  q.only({"all"});
  const auto pending = b.inbox_reads.list(true, kMostItems);
  std::vector<storage::Interaction> items;
  if (q.flag("all")) {
    items = b.inbox_reads.list(false, kMostItems);
  } else {
    items = pending;
    int notes = 0;
    for (auto& i : b.inbox_reads.list(false, kMostItems))
      if (i.kind == storage::InteractionKind::Notification && notes++ < kRecentNotifications)
        items.push_back(std::move(i));
    // Newest first: ids grow with time ("I-009" after "I-010" only by width, so compare by length).
    std::sort(items.begin(), items.end(), [](const auto& x, const auto& y) {
      return x.created_at != y.created_at
                 ? x.created_at > y.created_at
                 : (x.id.size() != y.id.size() ? x.id.size() > y.id.size() : x.id > y.id);
    });
  }
  json out = json::array();
  for (const auto& i : items) out.push_back(item_json(i));
  return json_response(200, {{"pending", pending.size()}, {"items", std::move(out)}});
}

RouteResponse api_answer(Board::Impl& b, const storage::Actor& by, const std::string& id, const json& body) {
  interactions::CliAnswer a;
  parse_params([&] {
    args::only(body, {"options", "text", "skip", "approve", "deny", "alternative", "comment"});
    a.options = args::optional_strings(body, "options", 100, 10'000).value_or(std::vector<std::string>{});
    a.text = args::optional_string(body, "text", 20'000);
    a.skip = args::optional_bool(body, "skip").value_or(false);
    a.approve = args::optional_bool(body, "approve").value_or(false);
    a.deny = args::optional_bool(body, "deny").value_or(false);
    a.alternative = args::optional_string(body, "alternative", 10'000);
    a.comment = args::optional_string(body, "comment", 20'000);
    return 0;
  });
  const auto i = b.inbox.get(id);
  if (i.kind == storage::InteractionKind::Notification)
    throw ApiError::invalid(i.id + " is a notification; it takes no answer.");
  if (i.status != storage::InteractionStatus::Pending)
    throw ApiError(409, "conflict",
                   i.id + " is no longer pending (" + std::string(storage::to_string(i.status)) + ").",
                   {{"current", item_json(i)}});
  json answer;
  try {
    const json request = json::parse(i.request_json, nullptr, false);
    answer = i.kind == storage::InteractionKind::Question
                 ? interactions::answer_from_cli(interactions::Question::from_request(request), a)
                 : interactions::answer_from_cli(interactions::Approval::from_request(request), a);
  } catch (const std::invalid_argument& e) {
    throw ApiError::invalid(e.what());
  }
  try {
    return json_response(200, item_json(b.inbox.answer(i.id, answer.dump(), "inbox", by)));
  } catch (const storage::StoreError& e) {
    if (e.kind() != storage::ErrorKind::Conflict) throw;
    throw ApiError(409, "conflict", e.what(), {{"current", item_json(b.inbox.get(id))}});
  }
}

}  // namespace sciorex::board
