#include "watcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <set>

#include "forms.hpp"
#include "sciorex/common/agent_identity.hpp"
#include "sciorex/protocol/deferred.hpp"
#include "sciorex/storage/event_feed.hpp"

namespace sciorex::interactions {

using Clock = std::chrono::steady_clock;

Watcher::Slot::~Slot() {
  if (w_) w_->release(session_);
}

Watcher::Watcher(Inbox& inbox) : inbox_(inbox) {
  wakeup_ = storage::EventFeed(inbox_.db()).wake_on_events([this] {
    {
      std::lock_guard lock(mu_);
      woken_ = true;
    }
    cv_.notify_all();
  });
}

Watcher::~Watcher() {
  wakeup_.reset();  // no call into this object after this line
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& e : incoming_) waiting_.push_back(std::move(e));
    incoming_.clear();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (auto& e : waiting_) {
    try {
      finish(e, outcome_of(inbox_.repo().withdraw(
                    e.w.id, common::agent_actor(e.w.client, common::agent_name(), e.w.person))));
    } catch (const std::exception& ex) {
      spdlog::error("{}: could not withdraw at shutdown: {}", e.w.id, ex.what());
    }
  }
}

Watcher::Slot Watcher::reserve(const void* session) {
  const auto& o = inbox_.options();
  std::lock_guard lock(mu_);
  if (total_ >= o.max_waiting)
    throw protocol::ToolError("Too many questions are waiting for an answer on this server (" +
                              std::to_string(o.max_waiting) +
                              "). Ask again once some are answered, or continue and ask later.");
  std::size_t& mine = per_session_[session];
  if (mine >= o.max_waiting_per_session) {
    if (mine == 0) per_session_.erase(session);
    throw protocol::ToolError(
        "This session already has " + std::to_string(mine) +
        " questions waiting for an answer, the most one session may have at once. Wait for "
        "their answers (or fetch them later with sciorex_get_interaction) before asking more.");
  }
  ++mine;
  ++total_;
  return Slot(this, session);
}

void Watcher::release(const void* session) {
  std::lock_guard lock(mu_);
  auto it = per_session_.find(session);
  if (it != per_session_.end() && --it->second == 0) per_session_.erase(it);
  if (total_ > 0) --total_;
}

void Watcher::watch(Slot slot, Waiting waiting) {
  Entry e{std::move(waiting), slot.session_, true, Clock::now()};
  slot.w_ = nullptr;  // the place is the entry's now: released when it finishes
  std::lock_guard lock(mu_);
  incoming_.push_back(std::move(e));
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  cv_.notify_all();
}

std::size_t Watcher::size() const {
  std::lock_guard lock(mu_);
  return total_;
}

void Watcher::run() {
  std::int64_t cursor = 0;
  bool all = true;  // read every question on the first round (and after the feed failed)
  try {
    cursor = storage::EventFeed(inbox_.db()).last_event_id();
  } catch (const std::exception& e) {
    spdlog::warn("the change feed could not be read ({}); reading each waiting question", e.what());
  }
  std::unique_lock lock(mu_);
  while (!stopping_) {
    for (auto& e : incoming_) waiting_.push_back(std::move(e));
    incoming_.clear();
    lock.unlock();
    auto changed_ids = changed_since(cursor, all);
    std::set<std::string> changed(changed_ids.begin(), changed_ids.end());
    auto now = Clock::now();
    std::vector<const void*> done;
    std::erase_if(waiting_, [&](Entry& e) {
      bool finished = false;
      try {
        finished = step(e, all || changed.count(e.w.id) > 0, now);
      } catch (const std::exception& ex) {
        spdlog::error("{}: waiting failed: {}", e.w.id, ex.what());
        e.w.call->fail(protocol::errors::internal_error());
        finished = true;
      }
      if (finished) done.push_back(e.session);
      return finished;
    });
    all = false;
    for (auto s : done) release(s);
    lock.lock();
    // New questions are read at once; the others at the next poll.
    cv_.wait_for(lock, inbox_.options().poll_interval,
                 [this] { return stopping_ || woken_ || !incoming_.empty(); });
    woken_ = false;
  }
}

std::vector<std::string> Watcher::changed_since(std::int64_t& cursor, bool& all) {
  constexpr int kPage = 1000;
  std::vector<std::string> ids;
  try {
    storage::EventFeed feed(inbox_.db());
    for (;;) {
      auto events = feed.events_after(cursor, kPage);
      for (const auto& ev : events) {
        cursor = ev.id;
        if (ev.entity_type == "interaction") ids.push_back(ev.entity_id);
      }
      if (events.size() < static_cast<std::size_t>(kPage)) break;
    }
  } catch (const std::exception& e) {
    spdlog::warn("the change feed could not be read ({}); reading each waiting question", e.what());
    all = true;
  }
  return ids;
}

bool Watcher::step(Entry& e, bool changed, Clock::time_point now) {
  Waiting& w = e.w;
  auto& repo = inbox_.repo();
  if (w.call->cancelled()) {  // nobody waits for this answer any more
    finish(e, outcome_of(repo.withdraw(w.id, common::agent_actor(w.client, common::agent_name(), w.person))));
    return true;
  }
  if (changed || e.fresh) {
    e.fresh = false;
    auto i = repo.get(w.id);
    if (i.status != storage::InteractionStatus::Pending) {
      finish(e, outcome_of(i));
      return true;
    }
  }
  if (w.form_out && read_form(e)) return true;
  if (now >= w.deadline) {
    finish(e, outcome_of(repo.get(w.id)));  // still pending: the call says so
    return true;
  }
  if (now >= e.next_progress) {
    double waited = std::chrono::duration<double>(now - w.start).count();
    double total = std::chrono::duration<double>(w.deadline - w.start).count();
    w.call->progress(
        waited, total,
        "Waiting for a person to answer " + w.id + " (sciorex-interactions answer " + w.id + ")");
    e.next_progress = now + inbox_.options().progress_interval;
  }
  return false;
}

bool Watcher::read_form(Entry& e) {
  Waiting& w = e.w;
  std::optional<nlohmann::json> result;
  try {
    result = w.call->input_response();
  } catch (const protocol::RpcError& ex) {
    w.form_out = false;
    spdlog::info("{}: the client's form did not answer ({}); waiting in the inbox", w.id, ex.what());
    return false;
  }
  if (!result) return false;
  w.form_out = false;
  if (form_cancelled(*result)) {  // no person chose: the inbox may still answer
    spdlog::info("{}: the client cancelled the form; waiting in the inbox", w.id);
    return false;
  }
  try {
    finish(e, record_client_answer(inbox_, w.id, w.from_elicitation(*result), w.client, w.person));
    return true;
  } catch (const std::invalid_argument& ex) {
    spdlog::warn("{}: the client's form answer did not fit ({}); waiting in the inbox", w.id, ex.what());
    return false;
  }
}

void Watcher::finish(Entry& e, const AskOutcome& outcome) {
  try {
    e.w.call->complete(e.w.respond(outcome));
  } catch (const std::exception& ex) {
    spdlog::error("{}: could not answer the call: {}", e.w.id, ex.what());
    e.w.call->fail(protocol::errors::internal_error());
  }
}

}  // namespace sciorex::interactions
