#include "waiter.hpp"

#include <spdlog/spdlog.h>

#include "forms.hpp"
#include "sciorex/common/agent_identity.hpp"
#include "sciorex/protocol/deferred.hpp"
#include "sciorex/protocol/errors.hpp"
#include "sciorex/storage/errors.hpp"
#include "watcher.hpp"

namespace sciorex::interactions {

using nlohmann::json;
using storage::Interaction;
using storage::InteractionStatus;

AskOutcome outcome_of(const Interaction& i) {
  AskOutcome o;
  o.interaction_id = i.id;
  o.status = std::string(storage::to_string(i.status));
  if (i.status == InteractionStatus::Answered) {
    o.answer = json::parse(i.answer_json.value_or("{}"));
    // The asking call's answeredVia names how it reached the agent: through the client's form
    // ("elicitation") or from outside the call ("inbox": the inbox, the board, or the host's
    // question view, whose stored channel "app" get_interaction and the inbox still show).
    o.via = i.channel == "elicitation" ? "elicitation" : "inbox";
  }
  return o;
}

AskOutcome record_client_answer(Inbox& inbox, const std::string& id, const json& answer,
                                const std::string& client) {
  try {
    return outcome_of(inbox.repo().answer(id, answer.dump(), "elicitation", storage::Actor::user(client)));
  } catch (const storage::StoreError& e) {
    if (e.kind() != storage::ErrorKind::Conflict) throw;
    return outcome_of(inbox.repo().get(id));
  }
}

namespace {

// The rest of ask() once the question is stored as `id`.
protocol::ToolResult ask_stored(Inbox& inbox, protocol::RequestContext& ctx, const AskSpec& spec,
                                const std::string& id, std::optional<Watcher::Slot>& slot) {
  const auto start = std::chrono::steady_clock::now();
  auto form = protocol::InputRequest::elicit_form(spec.form["message"], spec.form["requestedSchema"]);
  if (ctx.era() == protocol::Era::modern && ctx.client_supports("elicitation")) {
    try {
      auto in = ctx.inputs({{"answer", form}});
      const json& result = in.at("answer");
      if (!form_cancelled(result))
        return spec.respond(
            record_client_answer(inbox, id, spec.from_elicitation(result), ctx.client_name()));
      // No person chose: the question waits in the inbox (and the board) like any other.
      spdlog::info("{}: the client cancelled the form; waiting in the inbox", id);
    } catch (const protocol::RpcError& e) {
      // A malformed answer (-32602) does not end the question: it waits in the inbox.
      spdlog::warn("{}: the client's form answer was malformed ({}); waiting in the inbox", id, e.what());
    } catch (const std::invalid_argument& e) {
      spdlog::warn("{}: the client's form answer did not fit ({}); waiting in the inbox", id, e.what());
    }
  }
  if (!slot) slot.emplace(inbox.watcher().reserve(ctx.session()));
  auto call = ctx.defer();
  if (!call)
    throw std::logic_error("sciorex_ask_user and sciorex_request_approval must run as plain tools/calls");
  Watcher::Waiting w;
  w.call = call;
  w.id = id;
  w.client = ctx.client_name();
  w.start = start;
  w.deadline = start + std::chrono::seconds(spec.timeout_seconds);
  // A 2025 client with elicitation gets the form now; whichever answers first, it or the inbox, stands
  // (a form the client cancels answers nothing: the inbox still can).
  w.form_out = call->send_input_request(form);
  w.from_elicitation = spec.from_elicitation;
  w.respond = spec.respond;
  inbox.watcher().watch(std::move(*slot), std::move(w));
  slot.reset();
  return {};
}

}  // namespace

protocol::ToolResult ask(Inbox& inbox, protocol::RequestContext& ctx, const AskSpec& spec) {
  // A 2026 retry names the interaction its first round stored; otherwise store it now, before
  // anyone is asked, so it outlives this call. A place among the waiting questions comes first,
  // so that a refused call leaves the inbox untouched.
  std::optional<Watcher::Slot> slot;
  std::string id = ctx.state().value("interactionId", "");
  if (!id.empty()) {
    Interaction existing = inbox.repo().get(id);
    if (existing.status != InteractionStatus::Pending) return spec.respond(outcome_of(existing));
  } else {
    slot.emplace(inbox.watcher().reserve(ctx.session()));
    storage::NewInteraction in{spec.kind, spec.summary, spec.urgency, spec.request.dump(), spec.ticket_id};
    id = inbox.repo().create(in, common::agent_actor(ctx.client_name())).id;
    ctx.state()["interactionId"] = id;
  }
  try {
    return ask_stored(inbox, ctx, spec, id, slot);
  } catch (const std::exception&) {
    // Nobody will wait for this question (a 2026 form round is not a std::exception).
    try {
      inbox.repo().withdraw(id, common::agent_actor(ctx.client_name()));
    } catch (const std::exception& e) {
      spdlog::error("{}: could not withdraw the question after a failure: {}", id, e.what());
    }
    throw;
  }
}

}  // namespace sciorex::interactions
