#include "change_watcher.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <set>

namespace sciorex::tickets {

ChangeWatcher::ChangeWatcher(protocol::Server& server, Store& store, std::chrono::milliseconds interval)
    : server_(server), store_(store), wait_(store.feed, interval) {
  last_ = store_.feed.last_event_id();
}

ChangeWatcher::~ChangeWatcher() { stop(); }

void ChangeWatcher::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  wait_.resume();
  thread_ = std::thread([this] { run(); });
}

void ChangeWatcher::stop() {
  wait_.stop();
  std::lock_guard lock(mu_);
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void ChangeWatcher::run() {
  do {
    try {
      poll_once();
    } catch (const std::exception& e) {
      spdlog::warn("change feed poll failed (retrying): {}", e.what());
    }
  } while (wait_.wait());
}

std::size_t ChangeWatcher::poll_once() {
  std::lock_guard poll_lock(poll_mu_);
  std::size_t seen = 0;
  for (;;) {
    auto events = store_.feed.events_after(last_, 500);
    if (events.empty()) break;
    std::set<std::string> uris;
    bool list_changed = false;
    for (const auto& e : events) {
      last_ = e.id;
      if (e.entity_type == "ticket") {
        uris.insert("sciorex://tickets/" + e.entity_id);
        if (e.action == "status_changed" || e.action == "created" || e.action == "updated")
          if (auto t = store_.ticket_reads.find_row(e.entity_id); t && t->epic_id)
            uris.insert("sciorex://epics/" + *t->epic_id);
        // A ticket moved out of an epic changes that epic's progress too.
        auto details = nlohmann::json::parse(e.details_json, nullptr, false);
        if (details.is_object() && details.contains("epicId") && details["epicId"].is_object())
          if (auto from = details["epicId"].find("from");
              from != details["epicId"].end() && from->is_string())
            uris.insert("sciorex://epics/" + from->get<std::string>());
      } else if (e.entity_type == "epic") {
        uris.insert("sciorex://epics/" + e.entity_id);
      } else {
        continue;
      }
      if (e.action == "created" || e.action == "deleted" || e.action == "imported") list_changed = true;
    }
    seen += events.size();
    uris.insert("sciorex://board");
    for (const auto& uri : uris) server_.notify_resource_updated(uri);
    if (list_changed) server_.notify_resources_list_changed();
    if (events.size() < 500) break;
  }
  return seen;
}

}  // namespace sciorex::tickets
