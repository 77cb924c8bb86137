// A flow run as text and as JSON: see run_text.hpp.
#include "run_text.hpp"

#include "runner_output.hpp"
#include "sciorex/common/terminal_text.hpp"

namespace sciorex::flows {

namespace {

using common::visible;
using nlohmann::json;

json json_or_text(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(text) : j;
}

// A node's output for a terminal: its text when it has one, else the JSON.
std::string node_output_text(const std::string& output_json) {
  const json j = json_or_text(output_json);
  if (j.is_string()) return j.get<std::string>();
  if (j.is_object() && j.contains("text") && j["text"].is_string()) return j["text"].get<std::string>();
  return j.dump();
}

template <class T>
void put_run_field(json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

}  // namespace

std::string run_line(const storage::FlowRun& run) {
  std::string line =
      visible(run.id) + "  " + std::string(storage::to_string(run.status)) + "  " + visible(run.flow_name);
  line += "  " + (run.ticket_id ? visible(*run.ticket_id) : std::string("-"));
  line += "  " + visible(run.trigger_type) + "  " + visible(run.started_at);
  if (run.attempt > 1) line += "  (attempt " + std::to_string(run.attempt) + ")";
  return line;
}

std::string node_line(const storage::FlowNodeRun& node) {
  std::string line = "  " + std::to_string(node.seq) + " " + visible(node.node_id) + "  ";
  line += node.agent ? "agent " + visible(*node.agent) : visible(node.node_type);
  line += "  " + std::string(storage::to_string(node.status));
  std::string extra;
  if (node.iteration > 1) extra += "iteration " + std::to_string(node.iteration);
  if (node.exit_code)
    extra += (extra.empty() ? "" : ", ") + std::string("exit ") + std::to_string(*node.exit_code);
  if (!extra.empty()) line += "  (" + extra + ")";
  return line;
}

std::string run_text(const storage::FlowRun& run) {
  std::string out = run_line(run) + "\n";
  out += "  flow file: " + visible(run.flow_file) + "\n";
  out += "  trigger: " + visible(run.trigger_type);
  if (run.trigger_event_id) out += " (event " + std::to_string(*run.trigger_event_id) + ")";
  out += "\n";
  if (run.runner_id) out += "  runner: " + visible(*run.runner_id) + "\n";
  out += "  started " + visible(run.started_at) + (run.ended_at ? ", ended " + visible(*run.ended_at) : "") +
         "\n";
  if (run.error) out += "  error: " + visible(*run.error) + "\n";
  out += run.nodes.empty() ? "No node has run.\n" : "Nodes:\n";
  for (const auto& n : run.nodes) {
    out += node_line(n) + "\n";
    if (n.session_id) out += "      session: " + visible(*n.session_id) + "\n";
    if (n.log_path) out += "      log: " + visible(*n.log_path) + "\n";
    if (n.output_json)
      out += "      output: " + visible(shortened(node_output_text(*n.output_json), 300)) + "\n";
    if (n.error) out += "      error: " + visible(*n.error) + "\n";
  }
  return out;
}

json run_json(const storage::FlowRun& run, bool with_nodes) {
  json j = {{"id", run.id},
            {"flowName", run.flow_name},
            {"flowFile", run.flow_file},
            {"triggerType", run.trigger_type},
            {"trigger", json_or_text(run.trigger_json)},
            {"status", std::string(storage::to_string(run.status))},
            {"attempt", run.attempt},
            {"startedAt", run.started_at}};
  put_run_field(j, "ticketId", run.ticket_id);
  put_run_field(j, "triggerEventId", run.trigger_event_id);
  put_run_field(j, "runnerId", run.runner_id);
  put_run_field(j, "error", run.error);
  put_run_field(j, "endedAt", run.ended_at);
  if (!with_nodes) return j;
  json nodes = json::array();
  for (const auto& n : run.nodes) {
    json node = {{"seq", n.seq},
                 {"nodeId", n.node_id},
                 {"nodeType", n.node_type},
                 {"iteration", n.iteration},
                 {"status", std::string(storage::to_string(n.status))},
                 {"input", n.input},
                 {"startedAt", n.started_at}};
    put_run_field(node, "agent", n.agent);
    if (n.output_json) node["output"] = json_or_text(*n.output_json);
    put_run_field(node, "exitCode", n.exit_code);
    put_run_field(node, "sessionId", n.session_id);
    put_run_field(node, "logPath", n.log_path);
    put_run_field(node, "error", n.error);
    put_run_field(node, "endedAt", n.ended_at);
    nodes.push_back(std::move(node));
  }
  j["nodes"] = std::move(nodes);
  return j;
}

}  // namespace sciorex::flows
