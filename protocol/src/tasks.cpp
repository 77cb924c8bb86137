// The tasks extension on the dispatcher: RequestContext::become_task(), the rounds of a task, and
// tasks/get, tasks/update, tasks/cancel (contracts in tasks.hpp and context.hpp).
#include "tasks.hpp"

#include <stdexcept>

#include "dispatcher.hpp"
#include "extensions.hpp"

namespace sciorex::protocol {

namespace detail {

bool declares_tasks(const json& client_capabilities) {
  return declares_extension(client_capabilities, kTasksExtension);
}

void declare_task_support(ToolDefinition& tool) {
  json& def = tool.definition;
  if (tool.task_support == TaskSupport::forbidden) {
    auto ex = def.find("execution");
    if (ex == def.end() || !ex->is_object() || !ex->contains("taskSupport")) return;
    const json& v = (*ex)["taskSupport"];
    if (v == "optional") {
      tool.task_support = TaskSupport::optional;
    } else if (v == "required") {
      tool.task_support = TaskSupport::required;
    } else if (v != "forbidden") {
      throw std::invalid_argument("execution.taskSupport must be forbidden, optional or required");
    }
    return;
  }
  def["execution"]["taskSupport"] = tool.task_support == TaskSupport::required ? "required" : "optional";
}

json legacy_tool_view(const json& definition) {
  json d = definition;
  auto ex = d.find("execution");
  if (ex != d.end() && ex->is_object()) {
    ex->erase("taskSupport");
    if (ex->empty()) d.erase("execution");
  }
  return d;
}

}  // namespace detail

namespace {

// Where a round's interim messages go: nowhere. A task has no response stream (the extension
// delivers neither progress nor log messages for tasks), and a round answers no request.
class NoStream final : public Sink {
 public:
  bool send(const json&) override { return false; }
  void finish(const json*, const Disposition&) override {}
};

// params.taskId of tasks/get, tasks/update and tasks/cancel, after the extension gate: a request
// that did not declare the extension is refused (-32021) whatever task it names.
std::string task_id_of(const CallState& call) {
  if (!detail::declares_tasks(call.client_capabilities)) throw errors::tasks_extension_required();
  auto it = call.params.find("taskId");
  if (it == call.params.end() || !it->is_string())
    throw errors::invalid_params("params.taskId must be a string");
  return it->get<std::string>();
}

}  // namespace

bool Dispatcher::become_task(CallState& call) {
  if (!call.task_id.empty()) return true;  // a round of a task
  if (call.era != Era::modern || call.method != "tools/call" || call.task_support == TaskSupport::forbidden ||
      !detail::declares_tasks(call.client_capabilities) || call.cancel->is_set() || call.sink->closed())
    return false;
  // The rounds' own CallState: the request's identity and what its input rounds gathered; no
  // stream, no progress token, no log level, and (set by the store) the task's id and cancel flag.
  auto round = std::make_shared<CallState>(*this, call.input_timeout);
  round->peer = call.peer;
  round->sink = std::make_shared<NoStream>();
  round->era = call.era;
  round->version = call.version;
  round->method = call.method;
  round->rules = call.rules;
  round->id = call.id;
  round->params = call.params;
  round->params.erase("inputResponses");
  round->params.erase("requestState");
  round->client_capabilities = call.client_capabilities;
  round->client_info = call.client_info;
  round->state = call.state;
  round->carried_inputs = call.carried_inputs;
  for (auto& [k, v] : call.input_responses.items())
    if (call.asked.count(k)) round->carried_inputs[k] = v;
  round->binding = call.binding;
  round->task_support = call.task_support;
  auto created = tasks.create(round);
  if (!created) {
    diag(LogLevel::warning, "the task limit is reached: a tools/call continues synchronously");
    return false;
  }
  throw detail::TaskStarted{std::move(*created), std::move(round)};
}

void Dispatcher::task_started(CallState& call, const detail::TaskStarted& started) {
  // A request cancelled by now cannot deliver the task id, so nobody could ever poll the task.
  if (call.cancel->is_set() || call.sink->closed()) tasks.cancel(started.round->task_id);
  // Queue the first round before answering: once the client has its answer it may stop the
  // server, and the pool must not be handed work while it is being destroyed.
  pool.post([this, round = started.round] { run_task_round(round); });
  finish_result(call, started.created);
}

void Dispatcher::run_task_round(const std::shared_ptr<CallState>& round) {
  const std::string id = round->task_id;
  if (round->cancel->is_set()) return;  // cancelled or expired before the round began
  // Each outcome goes to the store, which ignores it when the task was cancelled meanwhile.
  // After park() the round must not touch `round` again: tasks/update may already resume it.
  try {
    json result = tools_call(*round);
    result["resultType"] = "complete";
    tasks.complete(id, std::move(result));
  } catch (const InputRequired& ir) {
    json requests = json::object();
    for (const auto& [key, req] : ir.requests)
      requests[key] = {{"method", req.method}, {"params", req.params}};
    tasks.park(id, std::move(requests));
  } catch (const detail::TaskStarted&) {
    diag(LogLevel::error, "become_task() started a task inside a task");  // cannot happen
    tasks.fail(id, errors::internal_error().to_json());
  } catch (const RpcError& e) {
    tasks.fail(id, e.to_json());
  } catch (const std::exception& e) {
    diag(LogLevel::error, std::string("a round of task ") + id + " failed: " + e.what());
    tasks.fail(id, errors::internal_error().to_json());
  }
}

json Dispatcher::tasks_get(CallState& call) {
  std::string id = task_id_of(call);
  auto task = tasks.get(id);
  if (!task) throw errors::unknown_task(id);
  return std::move(*task);
}

json Dispatcher::tasks_update(CallState& call) {
  std::string id = task_id_of(call);
  auto responses = call.params.find("inputResponses");
  if (responses == call.params.end() || !responses->is_object())
    throw errors::invalid_params("params.inputResponses must be an object");
  auto outcome = tasks.update(id, *responses);
  if (!outcome.known) throw errors::unknown_task(id);
  if (outcome.resume) pool.post([this, round = std::move(outcome.resume)] { run_task_round(round); });
  return json::object();  // an acknowledgement only; tasks/get shows the effect
}

json Dispatcher::tasks_cancel(CallState& call) {
  std::string id = task_id_of(call);
  if (!tasks.cancel(id)) throw errors::unknown_task(id);
  return json::object();  // idempotent: a terminal task stays as it is
}

}  // namespace sciorex::protocol
