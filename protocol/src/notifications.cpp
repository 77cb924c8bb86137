// Notifications: inbound ones (notifications/cancelled ends a request or a subscriptions/listen
// stream) and outbound ones (list changes and resource updates, to 2026 listeners and to the
// standalone streams of 2025 sessions).
#include "dispatcher.hpp"
#include "sciorex/protocol/envelope.hpp"

namespace sciorex::protocol {

void Dispatcher::handle_notification(const json& msg, const std::shared_ptr<Peer>& peer, Era /*era*/) {
  const std::string& method = msg["method"].get_ref<const std::string&>();
  const json params = msg.value("params", json::object());
  if (method == "notifications/initialized") {
    return;  // the handshake completed; nothing else changes for this server
  }
  if (method == "notifications/cancelled") {
    auto rid = params.find("requestId");
    if (rid == params.end() || !detail::valid_id(*rid)) return;  // malformed: ignored (SHOULD)
    if (auto flag = peer->state().in_flight(*rid)) flag->cancel();
    // A cancelled subscriptions/listen ends its stream at once.
    std::vector<Listener> ended;
    {
      std::lock_guard lock(listen_mu_);
      for (auto it = listeners_.begin(); it != listeners_.end();) {
        if (it->id == *rid && it->peer.lock() == peer) {
          ended.push_back(*it);
          it = listeners_.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (auto& l : ended) drop_listener(l);
    return;
  }
  // notifications/roots/list_changed and anything unknown: nothing to do (MUST NOT respond).
}

void Dispatcher::drop_listener(const Listener& l) {
  Disposition d;
  d.era = Era::modern;
  d.cancelled = true;
  if (auto peer = l.peer.lock()) peer->state().remove_in_flight(l.id);
  l.sink->finish(nullptr, d);
}

void Dispatcher::send_to_listeners(const char* method, const json& params,
                                   const std::function<bool(const Listener&)>& wants) {
  std::vector<Listener> targets, ended;
  {
    std::lock_guard lock(listen_mu_);
    for (auto it = listeners_.begin(); it != listeners_.end();) {
      if (it->cancel->is_set() || it->sink->closed()) {
        ended.push_back(*it);
        it = listeners_.erase(it);
        continue;
      }
      if (wants(*it)) targets.push_back(*it);
      ++it;
    }
  }
  for (auto& l : ended) drop_listener(l);
  for (auto& l : targets) {
    json p = params;
    p["_meta"][meta_keys::subscription_id] = l.id;
    l.sink->send(envelope::notification(method, std::move(p)));
  }
}

void Dispatcher::notify_list_changed(const char* kind) {
  std::string method = std::string("notifications/") + kind + "/list_changed";
  std::string k = kind;
  send_to_listeners(method.c_str(), json::object(), [&](const Listener& l) {
    return (k == "tools" && l.tools) || (k == "prompts" && l.prompts) || (k == "resources" && l.resources);
  });
  std::vector<std::shared_ptr<Peer>> targets;
  {
    std::lock_guard lock(peers_mu_);
    for (auto& w : peers_)
      if (auto p = w.lock()) targets.push_back(std::move(p));
  }
  json note = envelope::notification(method);
  for (auto& p : targets)
    if (auto s = p->state().standalone_if_initialized()) s->send(note);
}

void Dispatcher::notify_resource_updated(const std::string& uri) {
  json params = {{"uri", uri}};
  send_to_listeners("notifications/resources/updated", params,
                    [&](const Listener& l) { return l.uris.count(uri) > 0; });
  std::vector<std::shared_ptr<Sink>> sinks;
  {
    std::lock_guard lock(peers_mu_);
    for (auto& w : peers_) {
      auto p = w.lock();
      if (!p) continue;
      if (auto s = p->state().standalone_if_subscribed(uri)) sinks.push_back(std::move(s));
    }
  }
  json note = envelope::notification("notifications/resources/updated", params);
  for (auto& s : sinks) s->send(note);
}

}  // namespace sciorex::protocol
