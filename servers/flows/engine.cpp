// The flow engine (issue 12; the rules are in engine.hpp): one run, node by node, each node begun
// and finished in the store (FlowRunRepository) so that people see it as it goes and a runner that
// takes the run over can continue it. A RunExecution holds one run's state: the scope templates and
// expressions read, and how many times each node has run (the fix loop's bound).
#include "engine.hpp"

#include <spdlog/spdlog.h>

#include <map>
#include <nlohmann/json.hpp>

#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "sciorex/text/utf8.hpp"
#include "ticket_actions.hpp"

namespace sciorex::flows {

using nlohmann::json;
using storage::FlowNodeResult;
using storage::FlowNodeStatus;
using storage::FlowRunStatus;

namespace {

// The run ended or moved to another runner while this engine held it (a Conflict from the store):
// stop and report the run as the store has it.
struct RunGone {};

// What a node decided: go on to `next` (nodes.size(): the run ends well), or stop the run.
struct NodeEnd {
  std::optional<FlowRunStatus> stop;  // set: the run ends with this status and error
  std::string error;
  std::size_t next = 0;
};

std::string_view node_type_name(NodeType t) {
  switch (t) {
    case NodeType::Agent:
      return "agent";
    case NodeType::Condition:
      return "condition";
    case NodeType::TicketAction:
      return "ticketAction";
    case NodeType::End:
      break;
  }
  return "end";
}

std::string ordinal(int n) {
  const int tens = n % 100;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : n % 10 == 1              ? "st"
                       : n % 10 == 2              ? "nd"
                       : n % 10 == 3              ? "rd"
                                                  : "th";
  return std::to_string(n) + suffix;
}

std::string dump_json(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool is_blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// The store's bounds on a node's record (storage/src/flow_run_repository.cpp): inputs and outputs
// up to 1,000,000 characters, errors up to 20,000. Errors are cut; an input or output over its
// bound fails the node with a message saying so.
constexpr std::size_t kMaxNodePayloadChars = 1'000'000;
constexpr std::size_t kMaxNodeErrorChars = 4'000;

std::string cut_chars(const std::string& s, std::size_t max_chars) {
  if (utf8::character_count(s) <= max_chars) return s;
  // At most max_chars bytes, on a character boundary: at most max_chars characters.
  return s.substr(0, utf8::boundary_before(s, max_chars)) + "...";
}

class RunExecution {
 public:
  RunExecution(storage::Database& db, AgentLauncher& launcher, const std::string& runner_id, const Flow& flow,
               const Definitions& defs, const storage::FlowRun& run, const std::atomic<bool>& cancel)
      : db_(db),
        runs_(db),
        launcher_(launcher),
        runner_id_(runner_id),
        flow_(flow),
        defs_(defs),
        run_(run),
        cancel_(cancel) {
    json trigger = json::parse(run.trigger_json, nullptr, false);
    scope_ = {{"trigger", trigger.is_object() ? trigger : json::object()}, {"nodes", json::object()}};
  }

  storage::FlowRun execute() {
    try {
      NodeEnd step = resume_point();
      while (!step.stop) {
        if (cancel_.load()) return finish(FlowRunStatus::Cancelled, "cancelled");
        if (step.next >= flow_.nodes.size()) return finish(FlowRunStatus::Succeeded, "");
        step = run_node(step.next);
      }
      return finish(*step.stop, step.error);
    } catch (const RunGone&) {
      return runs_.get(run_.id);
    }
  }

 private:
  // Where a run continues: its first node when new; after a takeover, the node that was
  // interrupted (the outputs of the nodes that finished before it rebuilt into the scope).
  NodeEnd resume_point() {
    const storage::FlowNodeRun* last = nullptr;
    for (const storage::FlowNodeRun& r : run_.nodes) {
      if (r.status == FlowNodeStatus::Succeeded && r.output_json) {
        json out = json::parse(*r.output_json, nullptr, false);
        scope_["nodes"][r.node_id] = {{"output", out.is_discarded() ? json(*r.output_json) : out}};
      }
      if (r.status != FlowNodeStatus::Interrupted)
        runs_of_[r.node_id] = std::max(runs_of_[r.node_id], r.iteration);
      if (last == nullptr || r.seq > last->seq) last = &r;
    }
    if (last == nullptr) return {std::nullopt, "", 0};
    const std::size_t index = flow_.index_of(last->node_id);
    if (index == flow_.nodes.size())
      return stop(FlowRunStatus::Failed,
                  "node '" + last->node_id + "' of this run is no longer in the flow's definition");
    switch (last->status) {
      case FlowNodeStatus::Succeeded:
        return after(index, scope_["nodes"].contains(last->node_id) ? scope_["nodes"][last->node_id]["output"]
                                                                    : json());
      case FlowNodeStatus::Cancelled:
        return stop(FlowRunStatus::Cancelled, last->error.value_or("cancelled"));
      case FlowNodeStatus::Failed:
      case FlowNodeStatus::TimedOut:
        return stop(FlowRunStatus::Failed, "node '" + last->node_id + "': " + last->error.value_or("failed"));
      default:  // interrupted (or left running): run it again, as the same iteration
        return {std::nullopt, "", index};
    }
  }

  static NodeEnd stop(FlowRunStatus status, std::string error) { return {status, std::move(error), 0}; }

  // The node after `index` once it finished with `output`.
  NodeEnd after(std::size_t index, const json& output) const {
    const Node& n = flow_.nodes[index];
    if (n.type == NodeType::End) return {FlowRunStatus::Succeeded, "", 0};
    if (n.type != NodeType::Condition) return {std::nullopt, "", index + 1};
    const bool result = output.is_object() && output.value("result", false);
    const auto& target = result ? n.on_true : n.on_false;
    if (target) return {std::nullopt, "", flow_.index_of(*target)};
    return {std::nullopt, "", result ? index + 1 : flow_.nodes.size()};
  }

  NodeEnd run_node(std::size_t index) {
    const Node& n = flow_.nodes[index];
    const int iteration = runs_of_[n.id] + 1;
    if (iteration > flow_.max_iterations)
      return stop(FlowRunStatus::Failed, "node '" + n.id + "' would run a " + ordinal(iteration) +
                                             " time, more than the flow's maxIterations (" +
                                             std::to_string(flow_.max_iterations) +
                                             "): the loop did not converge");
    runs_of_[n.id] = iteration;
    switch (n.type) {
      case NodeType::Agent:
        return run_agent(index, iteration);
      case NodeType::Condition:
        return run_condition(index, iteration);
      case NodeType::TicketAction:
        return run_action(index, iteration);
      case NodeType::End:
        break;
    }
    const int seq = begin(n, iteration, "", std::nullopt);
    finish_node(seq, {FlowNodeStatus::Succeeded, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                      std::nullopt});
    return {FlowRunStatus::Succeeded, "", 0};
  }

  NodeEnd run_condition(std::size_t index, int iteration) {
    const Node& n = flow_.nodes[index];
    const int seq = begin(n, iteration, n.expression->text(), std::nullopt);
    const json output = {{"result", n.expression->test(scope_)}};
    succeed(n, seq, output);
    return after(index, output);
  }

  NodeEnd run_action(std::size_t index, int iteration) {
    const Node& n = flow_.nodes[index];
    json action;
    try {
      action = render_ticket_action(n, scope_);
    } catch (const TemplateError& e) {
      return fail_at_start(n, iteration, "", std::string("ticket action: ") + e.what());
    }
    const int seq = begin(n, iteration, dump_json(action), std::nullopt);
    try {
      succeed(n, seq, apply_ticket_action(db_, flow_.name, action));
    } catch (const storage::StoreError& e) {
      if (e.kind() == storage::ErrorKind::Internal || e.retryable()) throw;  // the store, not the input
      return fail_node(n, seq, FlowNodeResult{FlowNodeStatus::Failed, {}, {}, {}, {}, e.what()});
    }
    return after(index, scope_["nodes"][n.id]["output"]);
  }

  NodeEnd run_agent(std::size_t index, int iteration) {
    const Node& n = flow_.nodes[index];
    const AgentDef* agent = defs_.find_agent(n.agent);
    if (agent == nullptr)
      return fail_at_start(n, iteration, n.input.text(), "agent '" + n.agent + "' is no longer defined");
    std::string input;
    try {
      input = n.input.render(scope_);
    } catch (const TemplateError& e) {
      return fail_at_start(n, iteration, n.input.text(), std::string("input: ") + e.what());
    }
    if (utf8::character_count(input) > kMaxNodePayloadChars)
      return fail_at_start(n, iteration, cut_chars(input, 2'000),
                           "input: the rendered input is longer than 1,000,000 characters");
    const int seq = begin(n, iteration, input, agent->key);
    AgentCall call;
    call.agent = agent;
    call.input = input;
    call.flow_name = flow_.name;
    call.run_id = run_.id;
    call.node_id = n.id;
    call.seq = seq;
    call.iteration = iteration;
    call.ticket_id = run_.ticket_id;
    call.timeout = n.timeout.value_or(flow_.node_timeout);
    call.on_waiting = [this, seq](bool waiting) { set_waiting(seq, waiting); };
    AgentOutcome o;
    try {
      o = launcher_.run(call, cancel_);
    } catch (const std::exception& e) {
      o.end = AgentOutcome::End::Failed;
      o.error = std::string("the agent could not be run: ") + e.what();
    }
    if (o.session_id) link_session(n, *o.session_id);
    FlowNodeResult r{FlowNodeStatus::Failed, std::nullopt, o.exit_code,
                     o.session_id,           o.log_path,   std::nullopt};
    switch (o.end) {
      case AgentOutcome::End::Cancelled:
        r.status = FlowNodeStatus::Cancelled;
        r.error = o.error.value_or("cancelled");
        finish_node(seq, r);
        return stop(FlowRunStatus::Cancelled, "cancelled while node '" + n.id + "' ran");
      case AgentOutcome::End::TimedOut:
        r.status = FlowNodeStatus::TimedOut;
        r.error = o.error.value_or("timed out after " + std::to_string(call.timeout.count()) + " s");
        return fail_node(n, seq, r);
      case AgentOutcome::End::Failed:
        r.error = o.error.value_or("the agent failed");
        return fail_node(n, seq, r);
      case AgentOutcome::End::Finished:
        break;
    }
    if (o.exit_code && *o.exit_code != 0) {
      r.error = o.error.value_or("the agent exited with status " + std::to_string(*o.exit_code));
      return fail_node(n, seq, r);
    }
    if (is_blank(o.text)) {
      r.error = o.error.value_or("the agent printed nothing (no final answer)");
      return fail_node(n, seq, r);
    }
    const json output = agent_output(o.text);
    r.output_json = dump_json(output);
    if (utf8::character_count(*r.output_json) > kMaxNodePayloadChars) {
      r.output_json.reset();
      r.error = "the agent's answer is longer than 1,000,000 characters";
      return fail_node(n, seq, r);
    }
    r.status = FlowNodeStatus::Succeeded;
    finish_node(seq, r);
    scope_["nodes"][n.id] = {{"output", output}};
    return after(index, output);
  }

  // ---- recording ---------------------------------------------------------------------------------
  int begin(const Node& n, int iteration, const std::string& input, const std::optional<std::string>& agent) {
    return store_call([&] {
      return runs_.begin_node(run_.id, {n.id, std::string(node_type_name(n.type)), iteration, agent, input},
                              runner_id_);
    });
  }

  void finish_node(int seq, const FlowNodeResult& r) {
    store_call([&] {
      runs_.finish_node(run_.id, seq, r, runner_id_);
      return 0;
    });
  }

  void succeed(const Node& n, int seq, const json& output) {
    finish_node(seq, {FlowNodeStatus::Succeeded, dump_json(output), std::nullopt, std::nullopt, std::nullopt,
                      std::nullopt});
    scope_["nodes"][n.id] = {{"output", output}};
  }

  NodeEnd fail_node(const Node& n, int seq, FlowNodeResult r) {
    if (r.error) r.error = cut_chars(*r.error, kMaxNodeErrorChars);
    finish_node(seq, r);
    const std::string who = n.type == NodeType::Agent ? " (agent " + n.agent + ")" : "";
    return stop(FlowRunStatus::Failed, "node '" + n.id + "'" + who + ": " + r.error.value_or("failed"));
  }

  // A node that fails before it can start its work: recorded with what it would have read.
  NodeEnd fail_at_start(const Node& n, int iteration, const std::string& input, const std::string& error) {
    const std::optional<std::string> agent =
        n.type == NodeType::Agent ? std::optional(n.agent) : std::nullopt;
    const int seq = begin(n, iteration, input, agent);
    return fail_node(n, seq, FlowNodeResult{FlowNodeStatus::Failed, {}, {}, {}, {}, error});
  }

  void set_waiting(int seq, bool waiting) {
    try {
      runs_.set_node_status(run_.id, seq, waiting ? FlowNodeStatus::WaitingForInput : FlowNodeStatus::Running,
                            runner_id_);
    } catch (const std::exception& e) {
      spdlog::warn("flow run {}: node {} could not be marked {}: {}", run_.id, seq,
                   waiting ? "waiting for input" : "running", e.what());
    }
  }

  // The conversation links itself to the ticket: the agent's session on the run's ticket.
  void link_session(const Node& n, const std::string& session_id) {
    if (!run_.ticket_id) return;
    try {
      storage::TicketRepository tickets(db_);
      storage::NewSessionLink link;
      link.session_id = session_id;
      link.ticket_id = run_.ticket_id;
      link.title = "flow " + flow_.name + ": node " + n.id;
      tickets.link_session(link, flow_actor(flow_.name));
    } catch (const storage::StoreError& e) {
      if (e.kind() == storage::ErrorKind::Internal || e.retryable()) throw;  // the store, not the input
      spdlog::warn("flow run {}: session {} not linked to {}: {}", run_.id, session_id, *run_.ticket_id,
                   e.what());
    }
  }

  storage::FlowRun finish(FlowRunStatus status, const std::string& error) {
    try {
      return runs_.finish(run_.id, status, error.empty() ? std::nullopt : std::optional(error));
    } catch (const storage::StoreError& e) {
      if (e.kind() != storage::ErrorKind::Conflict) throw;
      return runs_.get(run_.id);  // it ended already (cancelled by its ticket, taken over)
    }
  }

  template <class Fn>
  int store_call(Fn fn) {
    try {
      return fn();
    } catch (const storage::StoreError& e) {
      if (e.kind() != storage::ErrorKind::Conflict) throw;
      spdlog::info("flow run {}: stopped: {}", run_.id, e.what());
      throw RunGone{};
    }
  }

  storage::Database& db_;
  storage::FlowRunRepository runs_;
  AgentLauncher& launcher_;
  const std::string& runner_id_;
  const Flow& flow_;
  const Definitions& defs_;
  const storage::FlowRun& run_;
  const std::atomic<bool>& cancel_;
  json scope_;
  std::map<std::string, int> runs_of_;  // node id -> the iteration it last ran as
};

}  // namespace

Engine::Engine(storage::Database& db, AgentLauncher& launcher, std::string runner_id)
    : db_(db), launcher_(launcher), runner_id_(std::move(runner_id)) {}

storage::FlowRun Engine::execute(const Flow& flow, const Definitions& defs, const std::string& run_id,
                                 const std::atomic<bool>& cancel) {
  storage::FlowRunRepository runs(db_);
  storage::FlowRun run = runs.get(run_id);
  if (run.status != FlowRunStatus::Running) return run;
  RunExecution exec(db_, launcher_, runner_id_, flow, defs, run, cancel);
  return exec.execute();
}

}  // namespace sciorex::flows
