// RequestContext (context.hpp): progress, logging, cancellation and inputs for a handler, and the
// shape checks on a client's answers to input requests.
#include "sciorex/protocol/context.hpp"

#include "dispatcher.hpp"
#include "extensions.hpp"
#include "sciorex/protocol/envelope.hpp"

namespace sciorex::protocol {

InputRequest InputRequest::elicit_form(std::string message, json requested_schema) {
  return {
      "elicitation/create",
      {{"mode", "form"}, {"message", std::move(message)}, {"requestedSchema", std::move(requested_schema)}}};
}
InputRequest InputRequest::sample(json params) { return {"sampling/createMessage", std::move(params)}; }
InputRequest InputRequest::list_roots() { return {"roots/list", json::object()}; }

std::string InputRequest::required_capability() const {
  if (method == "elicitation/create") return "elicitation";
  if (method == "sampling/createMessage") return "sampling";
  if (method == "roots/list") return "roots";
  return {};
}

Era RequestContext::era() const { return call_.era; }
const std::string& RequestContext::protocol_version() const { return call_.version; }
const std::string& RequestContext::method() const { return call_.method; }
const json& RequestContext::request_id() const { return call_.id; }
const json& RequestContext::client_capabilities() const { return call_.client_capabilities; }
const json& RequestContext::client_info() const { return call_.client_info; }

std::string RequestContext::client_name() const {
  auto it = call_.client_info.find("name");
  return it != call_.client_info.end() && it->is_string() && !it->get_ref<const std::string&>().empty()
             ? it->get<std::string>()
             : "unknown";
}

bool RequestContext::client_supports(std::string_view capability) const {
  auto it = call_.client_capabilities.find(capability);
  return it != call_.client_capabilities.end() && !it->is_null() && *it != false;
}

const json* RequestContext::client_extension(std::string_view id) const {
  return detail::extension_settings(call_.client_capabilities, id);
}

bool RequestContext::cancelled() const { return call_.cancel->is_set() || call_.sink->closed(); }

bool RequestContext::sleep_for(std::chrono::milliseconds d) const {
  auto deadline = std::chrono::steady_clock::now() + d;
  // Wake at least every 250 ms to notice a closed HTTP stream, which sets no flag.
  while (!cancelled()) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    auto step = std::min<std::chrono::milliseconds>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) + std::chrono::milliseconds(1),
        std::chrono::milliseconds(250));
    call_.cancel->wait_for(step);
  }
  return cancelled();
}

bool RequestContext::has_progress_token() const { return call_.progress_token.has_value(); }

void RequestContext::progress(double progress, std::optional<double> total, std::string_view message) {
  if (!call_.progress_token || cancelled()) return;
  if (call_.progress_sent && progress <= call_.last_progress) return;  // must increase
  json params = {{"progressToken", *call_.progress_token}, {"progress", progress}};
  if (total) params["total"] = *total;
  if (!message.empty()) params["message"] = std::string(message);
  call_.last_progress = progress;
  call_.progress_sent = true;
  call_.sink->send(envelope::notification("notifications/progress", std::move(params)));
}

bool RequestContext::log_enabled(LogLevel level) const {
  std::optional<LogLevel> threshold = call_.log_level;
  if (call_.era == Era::legacy) threshold = call_.peer->state().log_level();
  return threshold && level >= *threshold;
}

void RequestContext::log(LogLevel level, const json& data, std::string_view logger) {
  if (!log_enabled(level) || cancelled()) return;
  json params = {{"level", std::string(to_string(level))}, {"data", data}};
  if (!logger.empty()) params["logger"] = std::string(logger);
  call_.sink->send(envelope::notification("notifications/message", std::move(params)));
}

// The shape of a client's answer to each kind of input request (2026 inputResponses and
// tasks/update answers are attacker-controlled, so they are checked before a handler sees them).
bool detail::valid_input_response(const std::string& method, const json& r) {
  if (!r.is_object()) return false;
  if (method == "elicitation/create") {
    auto a = r.find("action");
    if (a == r.end() || !a->is_string()) return false;
    const auto& action = a->get_ref<const std::string&>();
    if (action != "accept" && action != "decline" && action != "cancel") return false;
    auto c = r.find("content");
    return c == r.end() || c->is_object() || c->is_null();
  }
  if (method == "sampling/createMessage") return r.contains("content") && r.contains("role");
  if (method == "roots/list") return r.contains("roots") && r["roots"].is_array();
  return true;
}

InputResponses RequestContext::inputs(const InputRequests& requests) {
  // A request needs its client capability (and, for elicitation, the mode).
  for (const auto& [key, req] : requests) {
    std::string cap = req.required_capability();
    if (cap.empty()) throw std::logic_error("inputs(): unsupported input method " + req.method);
    if (!client_supports(cap)) {
      if (call_.era == Era::modern) throw errors::missing_capability(json{{cap, json::object()}});
      throw errors::invalid_params(
          "This request needs the client capability \"" + cap + "\", which the client did not declare",
          json{{"requiredCapabilities", {{cap, json::object()}}}});
    }
  }
  InputResponses out;
  if (call_.era == Era::modern) {
    InputRequired missing;
    for (const auto& [key, req] : requests) {
      // Only answers to what an earlier round asked (the sealed state says which; a task's store
      // takes only answers to what the task asked): an answer to a question never put is not one.
      bool asked = !call_.task_id.empty() || call_.asked.count(key);
      auto it = asked ? call_.input_responses.find(key) : call_.input_responses.end();
      if (it != call_.input_responses.end()) {
        if (!detail::valid_input_response(req.method, *it))
          throw errors::invalid_params("inputResponses." + key + " is not a valid " + req.method + " result");
        out[key] = *it;
      } else if (auto c = call_.carried_inputs.find(key); c != call_.carried_inputs.end()) {
        out[key] = *c;
      } else {
        missing.requests.emplace(key, req);
      }
    }
    if (!missing.requests.empty()) throw missing;
    return out;
  }
  for (const auto& [key, req] : requests) out[key] = call_.d.request_client(call_, req.method, req.params);
  return out;
}

void RequestContext::set_input_timeout(std::chrono::milliseconds timeout) { call_.input_timeout = timeout; }

const json& RequestContext::input_responses() const { return call_.input_responses; }

json& RequestContext::state() { return call_.state; }

bool RequestContext::become_task() { return call_.d.become_task(call_); }

}  // namespace sciorex::protocol
