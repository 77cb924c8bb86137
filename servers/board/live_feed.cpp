#include "live_feed.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sciorex/storage/errors.hpp"

namespace sciorex::board {

namespace {

constexpr int kBatch = 1000;

std::string reset_event(std::int64_t last) {
  return "id: " + std::to_string(last) + "\nevent: reset\ndata: {\"lastEventId\":" + std::to_string(last) +
         "}\n\n";
}

}  // namespace

nlohmann::json actor_kind_json(const storage::Actor& a) {
  nlohmann::json j{{"kind", std::string(storage::to_string(a.type))}, {"id", a.id}};
  if (a.client) j["client"] = *a.client;
  if (a.on_behalf_of) j["onBehalfOf"] = *a.on_behalf_of;
  return j;
}

std::string sse_change(const storage::Event& e) {
  nlohmann::json data{{"id", e.id},         {"entityType", e.entity_type},       {"entityId", e.entity_id},
                      {"action", e.action}, {"actor", actor_kind_json(e.actor)}, {"timestamp", e.timestamp}};
  return "id: " + std::to_string(e.id) +
         "\nevent: change\ndata: " + data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n\n";
}

LiveFeed::LiveFeed(storage::EventFeed& feed, std::chrono::milliseconds interval, std::size_t replay_limit)
    : feed_(feed), replay_limit_(replay_limit), wait_(feed, interval) {}

LiveFeed::~LiveFeed() { stop(); }

void LiveFeed::start() {
  std::lock_guard lock(mu_);
  if (started_) return;
  started_ = true;
  last_sent_ = feed_.last_event_id();
  thread_ = std::thread([this] { run(); });
}

void LiveFeed::stop() {
  std::vector<Listener> streams;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    streams.swap(streams_);
  }
  wait_.stop();
  if (thread_.joinable()) thread_.join();
  for (auto& l : streams) l.stream->close();
}

void LiveFeed::run() {
  while (wait_.wait()) {
    try {
      poll_once();
    } catch (const std::exception& e) {  // a locked or failing store: try again next time
      spdlog::warn("board: reading the events failed: {}", e.what());
    }
  }
}

void LiveFeed::poll_once() {
  std::int64_t from = 0;
  {
    std::lock_guard lock(mu_);
    from = last_sent_;
  }
  for (;;) {
    // Only this thread moves last_sent_, so what is read here follows it exactly.
    auto events = feed_.events_after(from, kBatch);
    if (events.empty()) return;
    std::vector<std::string> texts;
    texts.reserve(events.size());
    std::string all;
    for (const auto& e : events) all += texts.emplace_back(sse_change(e));
    {
      std::lock_guard lock(mu_);
      streams_.erase(std::remove_if(streams_.begin(), streams_.end(),
                                    [&](Listener& l) {
                                      if (l.seen < events.front().id) return !l.stream->send(all);
                                      // Attached ahead of this thread: only what it has not seen.
                                      std::string rest;
                                      for (std::size_t i = 0; i < events.size(); ++i)
                                        if (events[i].id > l.seen) rest += texts[i];
                                      return !rest.empty() && !l.stream->send(rest);
                                    }),
                     streams_.end());
      last_sent_ = from = events.back().id;
    }
    if (events.size() < static_cast<std::size_t>(kBatch)) return;
  }
}

void LiveFeed::attach(const std::shared_ptr<transport::EventStream>& stream,
                      std::optional<std::int64_t> after) {
  std::lock_guard lock(mu_);
  if (stopping_) return stream->close();
  stream->send("retry: 1000\n\n");
  std::int64_t seen = last_sent_;
  if (after && *after < last_sent_) {
    // Replay (after, last_sent_]: the feed thread sends what follows once this stream is listed.
    auto events =
        feed_.events_after(*after, static_cast<int>(std::min<std::size_t>(replay_limit_ + 1, 10000)));
    std::string text;
    std::size_t n = 0;
    for (const auto& e : events) {
      if (e.id > last_sent_) break;
      text += sse_change(e);
      ++n;
    }
    if (n > replay_limit_) text = reset_event(last_sent_);
    if (!stream->send(text)) return;
  } else if (after && *after > last_sent_) {
    // Ahead of this thread (it polls every interval): fine while the store has that event; an id
    // the store never gave out means another store, and the page starts over.
    const std::int64_t newest = feed_.last_event_id();
    if (*after > newest) {
      if (!stream->send(reset_event(newest))) return;
      seen = newest;
    } else {
      seen = *after;
    }
  }
  streams_.push_back({stream, seen});
}

std::size_t LiveFeed::open_streams() {
  std::lock_guard lock(mu_);
  streams_.erase(
      std::remove_if(streams_.begin(), streams_.end(), [](const auto& l) { return l.stream->closed(); }),
      streams_.end());
  return streams_.size();
}

}  // namespace sciorex::board
