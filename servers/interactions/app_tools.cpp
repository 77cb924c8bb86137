// The question view's tools (MCP Apps, issue 15). In a host that shows MCP Apps views but no
// elicitation form (no elicitation capability, or a form it answers `cancel`), sciorex_ask_user and
// sciorex_request_approval leave the question pending in the inbox and wait; the view
// (ui://sciorex/question, registered here) shows it and the person answers there:
//  - sciorex_ui_pending_interactions: the questions and approvals still waiting, newest first. The
//    view finds its own as the newest pending one whose question (an approval: its action) equals
//    the tool input's `question` (`action`), which the `question` argument selects;
//  - sciorex_ui_answer_interaction: the answer as the inbox takes it (board_inbox.cpp, forms.hpp's
//    answer_from_cli), recorded with channel "app" by the person (common::person_actor), so the
//    waiting call returns as when answered from the inbox or the board.
// Both are app-only (visibility ["app"]): offered only to clients that declare the extension.
#include "forms.hpp"
#include "sciorex/apps/resources.hpp"
#include "sciorex/common/person.hpp"
#include "tools.hpp"

namespace sciorex::interactions {

namespace args = protocol::args;

namespace {

constexpr int kMostPendingListed = 100;

struct PendingParams {
  std::optional<std::string> question;
  int limit = 20;
  static PendingParams from_json(const json& a) {
    args::only(a, {"question", "limit"});
    PendingParams p;
    p.question = args::optional_string(a, "question", 5'000);
    p.limit = static_cast<int>(args::optional_int(a, "limit", 1, kMostPendingListed).value_or(20));
    return p;
  }
};

struct ViewAnswerParams {
  std::string interaction_id;
  CliAnswer answer;
  static ViewAnswerParams from_json(const json& a) {
    args::only(a, {"interactionId", "options", "text", "skip", "approve", "deny", "alternative", "comment"});
    ViewAnswerParams p;
    p.interaction_id = args::required_string(a, "interactionId", 100);
    p.answer.options = args::optional_strings(a, "options", 100, 10'000).value_or(std::vector<std::string>{});
    p.answer.text = args::optional_string(a, "text", 20'000);
    p.answer.skip = args::optional_bool(a, "skip").value_or(false);
    p.answer.approve = args::optional_bool(a, "approve").value_or(false);
    p.answer.deny = args::optional_bool(a, "deny").value_or(false);
    p.answer.alternative = args::optional_string(a, "alternative", 10'000);
    p.answer.comment = args::optional_string(a, "comment", 20'000);
    return p;
  }
};

json pending_item_json(const storage::Interaction& i) {
  json full = to_json(i);
  return {{"interactionId", i.id},      {"kind", full["kind"]},         {"summary", i.summary},
          {"urgency", i.urgency},       {"ticketId", full["ticketId"]}, {"request", full["request"]},
          {"askedBy", full["askedBy"]}, {"createdAt", i.created_at}};
}

protocol::ToolResult list_pending_for_view(Inbox& inbox, const PendingParams& p) {
  json items = json::array();
  std::string text;
  // Newest first (the repository's order); the filter by question is applied to the newest 500.
  for (const auto& i : inbox.repo().list(true, 500)) {
    if (static_cast<int>(items.size()) >= p.limit) break;
    if (p.question && i.summary != *p.question) continue;
    items.push_back(pending_item_json(i));
    text += i.id + " (" + std::string(storage::to_string(i.kind)) + "): " + i.summary + "\n";
  }
  const std::size_t n = items.size();
  if (text.empty()) text = "Nothing is waiting for an answer.";
  return protocol::ToolResult::structured_with_text({{"items", std::move(items)}, {"count", n}}, text);
}

protocol::ToolResult answer_for_view(Inbox& inbox, const ViewAnswerParams& p, RequestContext& ctx) {
  const storage::Interaction i = inbox.repo().get(p.interaction_id);
  if (i.kind == storage::InteractionKind::Notification)
    throw protocol::ToolError(i.id + " is a notification; it takes no answer.");
  json answer;
  try {
    const json request = json::parse(i.request_json, nullptr, false);
    answer = i.kind == storage::InteractionKind::Question
                 ? answer_from_cli(Question::from_request(request), p.answer)
                 : answer_from_cli(Approval::from_request(request), p.answer);
  } catch (const std::invalid_argument& e) {
    throw protocol::ToolError(e.what());
  }
  // A Conflict (answered or withdrawn meanwhile) is the store's tool error, naming who answered.
  const storage::Interaction answered =
      inbox.repo().answer(i.id, answer.dump(), "app", common::person_actor(ctx));
  return protocol::ToolResult::structured_with_text(to_json(answered),
                                                    "Answered " + answered.id + " for the person.");
}

}  // namespace

void register_app_tools(protocol::Server& server, Inbox& inbox) {
  apps::add_view_resources(server, {"question"});
  add_tool<PendingParams>(
      server, "sciorex_ui_pending_interactions", Access::read,
      [&inbox](const PendingParams& p, RequestContext&) { return list_pending_for_view(inbox, p); });
  add_tool<ViewAnswerParams>(
      server, "sciorex_ui_answer_interaction", Access::write,
      [&inbox](const ViewAnswerParams& p, RequestContext& ctx) { return answer_for_view(inbox, p, ctx); });
}

}  // namespace sciorex::interactions
