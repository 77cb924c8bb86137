// Asking a person and waiting for the answer, the same way for questions and approvals (see the
// order of preference in interactions.hpp). Waiting costs no thread: the call is suspended
// (RequestContext::defer) and the Watcher (watcher.hpp) finishes it.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "interactions.hpp"
#include "sciorex/protocol/context.hpp"
#include "sciorex/protocol/features.hpp"

namespace sciorex::interactions {

// NOLINTNEXTLINE(bugprone-exception-escape): its implicit moves are noexcept (json's move cannot throw)
struct AskOutcome {
  std::string status;  // answered, pending or withdrawn
  std::string interaction_id;
  nlohmann::json answer;  // when answered
  std::string via;        // elicitation or inbox
};

// The call's result for an outcome (the tool's contract shape).
using Respond = std::function<protocol::ToolResult(const AskOutcome&)>;
// An elicitation result as the contract's answer; throws std::invalid_argument when it does not fit.
// ask() never passes it a cancelled form (forms.hpp's form_cancelled): that leaves the question waiting.
using FromElicitation = std::function<nlohmann::json(const nlohmann::json&)>;

struct AskSpec {
  storage::InteractionKind kind;
  std::string summary;
  std::string urgency;
  nlohmann::json request;  // stored with the interaction
  std::optional<std::string> ticket_id;
  nlohmann::json form;  // {message, requestedSchema}
  FromElicitation from_elicitation;
  int timeout_seconds = 600;
  Respond respond;
};

AskOutcome outcome_of(const storage::Interaction& i);
// Records an answer that came through the client; if a person answered from the inbox first,
// theirs stands.
AskOutcome record_client_answer(Inbox& inbox, const std::string& id, const nlohmann::json& answer,
                                const std::string& client, const std::optional<std::string>& person);

// The call's result, or (when it waits) a placeholder the protocol ignores: the Watcher answers.
// Throws protocol::InputRequired (a 2026 client's form round) and ToolError (unknown ticket, too
// many questions waiting, ...). A failure after the question was stored withdraws it.
protocol::ToolResult ask(Inbox& inbox, protocol::RequestContext& ctx, const AskSpec& spec);

}  // namespace sciorex::interactions
