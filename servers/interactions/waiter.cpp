#include "waiter.hpp"

#include <spdlog/spdlog.h>

#include "sciorex/protocol/errors.hpp"
#include "sciorex/protocol/features.hpp"
#include "sciorex/storage/errors.hpp"

namespace sciorex::interactions {

using nlohmann::json;
using storage::Interaction;
using storage::InteractionStatus;
using Clock = std::chrono::steady_clock;

namespace {

AskOutcome outcome_of(const Interaction& i) {
  AskOutcome o;
  o.interaction_id = i.id;
  o.status = std::string(storage::to_string(i.status));
  if (i.status == InteractionStatus::Answered) {
    o.answer = json::parse(i.answer_json.value_or("{}"));
    o.via = i.channel.value_or("inbox");
  }
  return o;
}

storage::Actor agent(const protocol::RequestContext& ctx) { return storage::Actor::agent(ctx.client_name()); }

// Records an answer that came through the client; if a person answered from the inbox first,
// theirs stands.
AskOutcome record(Inbox& inbox, const std::string& id, const json& answer, const protocol::RequestContext& ctx) {
  try {
    return outcome_of(inbox.repo().answer(id, answer.dump(), "elicitation", storage::Actor::user(ctx.client_name())));
  } catch (const storage::StoreError& e) {
    if (e.kind() != storage::ErrorKind::Conflict) throw;
    return outcome_of(inbox.repo().get(id));
  }
}

// Waits in the inbox until answered, withdrawn elsewhere, cancelled, or the deadline.
AskOutcome wait_in_inbox(Inbox& inbox, protocol::RequestContext& ctx, const std::string& id, Clock::time_point start,
                         Clock::time_point deadline) {
  const auto& opt = inbox.options();
  const double total = std::chrono::duration<double>(deadline - start).count();
  auto next_progress = Clock::now();
  for (;;) {
    Interaction i = inbox.repo().get(id);
    if (i.status != InteractionStatus::Pending) return outcome_of(i);
    auto now = Clock::now();
    if (now >= deadline) return outcome_of(i);  // still pending: the caller says so
    if (now >= next_progress) {
      double waited = std::chrono::duration<double>(now - start).count();
      ctx.progress(waited, total, "Waiting for a person to answer " + id + " (sciorex-interactions answer " + id + ")");
      next_progress = now + opt.progress_interval;
    }
    auto sleep = std::min({opt.poll_interval, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now),
                           std::chrono::duration_cast<std::chrono::milliseconds>(next_progress - now)});
    if (ctx.sleep_for(std::max(sleep, std::chrono::milliseconds(1)))) {
      // The call was cancelled: nobody waits for this answer any more.
      return outcome_of(inbox.repo().withdraw(id, agent(ctx)));
    }
  }
}

}  // namespace

AskOutcome ask(Inbox& inbox, protocol::RequestContext& ctx, const AskSpec& spec) {
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::seconds(spec.timeout_seconds);
  // A 2026 retry names the interaction its first round stored; otherwise store it now, before
  // anyone is asked, so it outlives this call.
  std::string id = ctx.state().value("interactionId", "");
  if (!id.empty()) {
    Interaction existing = inbox.repo().get(id);
    if (existing.status != InteractionStatus::Pending) return outcome_of(existing);
  } else {
    storage::NewInteraction in{spec.kind, spec.summary, spec.urgency, spec.request.dump(), spec.ticket_id};
    id = inbox.repo().create(in, agent(ctx)).id;
    ctx.state()["interactionId"] = id;
  }

  if (ctx.client_supports("elicitation")) {
    ctx.set_input_timeout(std::chrono::seconds(spec.timeout_seconds));
    try {
      auto in = ctx.inputs({{"answer", protocol::InputRequest::elicit_form(spec.form["message"], spec.form["requestedSchema"])}});
      return record(inbox, id, spec.from_elicitation(in.at("answer")), ctx);
    } catch (const protocol::RpcError& e) {
      // A 2026 retry with a malformed answer is the client's protocol error.
      if (ctx.era() == protocol::Era::modern) throw;
      // A 2025 client timed out, failed or went away: the inbox still holds the question.
      if (ctx.cancelled()) return outcome_of(inbox.repo().withdraw(id, agent(ctx)));
      spdlog::info("{}: the client's form did not answer ({}); waiting in the inbox", id, e.what());
    } catch (const std::invalid_argument& e) {
      spdlog::warn("{}: the client's form answer did not fit ({}); waiting in the inbox", id, e.what());
    }
  }
  return wait_in_inbox(inbox, ctx, id, start, deadline);
}

}  // namespace sciorex::interactions
