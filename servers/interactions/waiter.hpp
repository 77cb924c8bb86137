// Asking a person and waiting for the answer, the same way for questions and approvals (see the
// order of preference in interactions.hpp). Runs on a worker thread: it may wait for minutes.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "interactions.hpp"
#include "sciorex/protocol/context.hpp"

namespace sciorex::interactions {

struct AskSpec {
  storage::InteractionKind kind;
  std::string summary;
  std::string urgency;
  nlohmann::json request;               // stored with the interaction
  std::optional<std::string> ticket_id;
  nlohmann::json form;                  // {message, requestedSchema}
  // An elicitation result as the contract's answer; throws std::invalid_argument.
  std::function<nlohmann::json(const nlohmann::json&)> from_elicitation;
  int timeout_seconds = 600;
};

struct AskOutcome {
  std::string status;  // answered, pending or withdrawn
  std::string interaction_id;
  nlohmann::json answer;  // when answered
  std::string via;        // elicitation or inbox
};

// Throws protocol::InputRequired (a 2026 client's form round) and ToolError (unknown ticket, ...).
AskOutcome ask(Inbox& inbox, protocol::RequestContext& ctx, const AskSpec& spec);

}  // namespace sciorex::interactions
