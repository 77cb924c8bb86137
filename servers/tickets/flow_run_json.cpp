// Flow runs as the tools' and the board's JSON (see flow_run_json.hpp).
#include "flow_run_json.hpp"

#include "tool_support.hpp"

namespace sciorex::tickets {

namespace {

json opt_run_text(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json opt_run_text(const std::optional<std::string>& v, std::size_t max) {
  return v ? json(clip(*v, max)) : json(nullptr);
}
std::string run_status_text(storage::FlowRunStatus s) { return std::string(storage::to_string(s)); }
std::string node_status_text(storage::FlowNodeStatus s) { return std::string(storage::to_string(s)); }

// The JSON of stored JSON text, or the text itself when it does not parse (it always should).
json parsed_or_text(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(text) : j;
}

json node_json(const storage::FlowNodeRun& n, std::size_t field_max) {
  json j = json::object();
  json truncated = json::array();
  j["seq"] = n.seq;
  j["id"] = n.node_id;
  j["type"] = n.node_type;
  j["iteration"] = n.iteration;
  j["agent"] = opt_run_text(n.agent);
  j["status"] = node_status_text(n.status);
  j["input"] = clip(n.input, field_max);
  if (n.input.size() > field_max) truncated.push_back("input");
  j["output"] = nullptr;
  if (n.output_json) {
    if (n.output_json->size() <= field_max)
      j["output"] = parsed_or_text(*n.output_json);
    else
      truncated.push_back("output");
  }
  j["exitCode"] = n.exit_code ? json(*n.exit_code) : json(nullptr);
  j["sessionId"] = opt_run_text(n.session_id);
  j["logPath"] = opt_run_text(n.log_path);
  j["error"] = opt_run_text(n.error, field_max);
  if (n.error && n.error->size() > field_max) truncated.push_back("error");
  j["startedAt"] = n.started_at;
  j["endedAt"] = opt_run_text(n.ended_at);
  if (!truncated.empty()) j["truncated"] = std::move(truncated);
  return j;
}

}  // namespace

json flow_run_summary_json(const storage::FlowRun& r, std::size_t text_max) {
  json j = json::object();
  j["runId"] = r.id;
  j["flow"] = clip(r.flow_name, text_max);
  j["ticketId"] = opt_run_text(r.ticket_id);
  j["status"] = run_status_text(r.status);
  j["attempt"] = r.attempt;
  j["trigger"] = r.trigger_type;
  j["error"] = opt_run_text(r.error, text_max);
  j["startedAt"] = r.started_at;
  j["endedAt"] = opt_run_text(r.ended_at);
  return j;
}

json flow_run_json(const storage::FlowRun& r, std::size_t field_max) {
  json j = json::object();
  j["runId"] = r.id;
  j["flow"] = r.flow_name;
  j["flowFile"] = r.flow_file;
  j["ticketId"] = opt_run_text(r.ticket_id);
  j["status"] = run_status_text(r.status);
  j["runner"] = opt_run_text(r.runner_id);
  j["attempt"] = r.attempt;
  json trigger = {{"type", r.trigger_type},
                  {"eventId", r.trigger_event_id ? json(*r.trigger_event_id) : json(nullptr)},
                  {"context", nullptr}};
  if (r.trigger_json.size() <= field_max)
    trigger["context"] = parsed_or_text(r.trigger_json);
  else
    j["truncated"] = json::array({"trigger.context"});
  j["trigger"] = std::move(trigger);
  j["error"] = opt_run_text(r.error, field_max);
  j["startedAt"] = r.started_at;
  j["endedAt"] = opt_run_text(r.ended_at);
  json nodes = json::array();
  for (const auto& n : r.nodes) nodes.push_back(node_json(n, field_max));
  j["nodes"] = std::move(nodes);
  return j;
}

std::string flow_run_line(const storage::FlowRun& r, std::size_t text_max) {
  std::string line = r.id + " " + clip(r.flow_name, text_max) + (r.ticket_id ? " on " + *r.ticket_id : "") +
                     ": " + run_status_text(r.status) + " (attempt " + std::to_string(r.attempt) + ") " +
                     r.started_at;
  if (r.ended_at) line += " → " + *r.ended_at;
  if (r.error) line += " — " + clip(*r.error, text_max);
  return line;
}

std::string flow_node_line(const storage::FlowNodeRun& n) {
  std::string line = "  " + std::to_string(n.seq) + ". " + n.node_id + " (" + n.node_type;
  if (n.agent) line += " " + *n.agent;
  if (n.iteration > 1) line += ", iteration " + std::to_string(n.iteration);
  line += "): " + node_status_text(n.status);
  if (n.exit_code) line += ", exit " + std::to_string(*n.exit_code);
  if (n.session_id) line += ", session " + *n.session_id;
  if (n.error) line += " — " + clip(*n.error, 200);
  return line;
}

}  // namespace sciorex::tickets
