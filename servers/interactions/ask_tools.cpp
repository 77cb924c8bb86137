// sciorex_ask_user and sciorex_request_approval: ask, wait, answer in the contract's shapes.
#include "forms.hpp"
#include "interactions.hpp"
#include "tools.hpp"
#include "waiter.hpp"

namespace sciorex::interactions {

namespace {

json with_outcome(json result, const AskOutcome& o) {
  result["status"] = o.status;
  result["interactionId"] = o.interaction_id;
  if (o.status == "answered") {
    for (auto& [k, v] : o.answer.items()) result[k] = v;
    result["answeredVia"] = o.via;
  } else if (o.status == "pending") {
    result["message"] =
        "No answer yet. The question stays in the inbox; call sciorex_get_interaction with interactionId " +
        o.interaction_id + " later.";
  } else {
    result["message"] = "The question was withdrawn before anyone answered.";
  }
  return result;
}

std::string question_text(const json& r) {
  if (r["status"] != "answered") return r.value("message", "");
  if (r.value("skipped", false))
    return "The user skipped the question (" + r["interactionId"].get<std::string>() + ").";
  std::string out = "Answer (" + r["interactionId"].get<std::string>() + "): ";
  std::string sel;
  for (const auto& o : r["selectedOptions"]) sel += (sel.empty() ? "" : ", ") + o.get<std::string>();
  if (!sel.empty()) out += sel;
  if (r["customText"].is_string()) out += (sel.empty() ? "" : "; ") + r["customText"].get<std::string>();
  return out;
}

std::string approval_text(const json& r) {
  if (r["status"] != "answered") return r.value("message", "");
  std::string out = std::string(r["approved"] == true ? "Approved" : "Not approved") + " (" +
                    r["interactionId"].get<std::string>() + ")";
  if (r["selectedAlternative"].is_string())
    out += "; chosen instead: " + r["selectedAlternative"].get<std::string>();
  if (r["userComment"].is_string()) out += "; comment: " + r["userComment"].get<std::string>();
  return out;
}

}  // namespace

void register_ask_tools(protocol::Server& server, Inbox& inbox) {
  add_tool<Question>(
      server, "sciorex_ask_user", Access::write, [&inbox](const Question& q, RequestContext& ctx) {
        AskSpec spec{storage::InteractionKind::Question,
                     q.question,
                     q.urgency,
                     q.to_request(),
                     q.ticket_id,
                     form_for(q),
                     [q](const json& r) { return answer_from_elicitation(q, r); },
                     q.timeout_seconds.value_or(inbox.options().default_timeout_seconds),
                     [](const AskOutcome& o) {
                       json result = with_outcome(json::object(), o);
                       if (result["status"] == "answered" && !result.contains("selectedOptions"))
                         result["selectedOptions"] = json::array();
                       return protocol::ToolResult::structured_with_text(result, question_text(result));
                     }};
        return ask(inbox, ctx, spec);
      });
  add_tool<Approval>(
      server, "sciorex_request_approval", Access::write, [&inbox](const Approval& ap, RequestContext& ctx) {
        AskSpec spec{storage::InteractionKind::Approval,
                     ap.action,
                     ap.impact,
                     ap.to_request(),
                     ap.ticket_id,
                     form_for(ap),
                     [ap](const json& r) { return answer_from_elicitation(ap, r); },
                     ap.timeout_seconds.value_or(inbox.options().default_timeout_seconds),
                     [](const AskOutcome& o) {
                       json result = with_outcome(json::object(), o);
                       return protocol::ToolResult::structured_with_text(result, approval_text(result));
                     }};
        return ask(inbox, ctx, spec);
      });
}

}  // namespace sciorex::interactions
