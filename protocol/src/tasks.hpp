#pragma once
// The tasks extension ("io.modelcontextprotocol/tasks", SEP-2663; 2026 era only). A task is a
// tools/call whose handler chose to finish asynchronously (RequestContext::become_task): the client
// gets a CreateTaskResult, polls tasks/get, answers the task's input requests with tasks/update and
// may tasks/cancel. Every round of a task runs the handler from the top on the worker pool, exactly
// as 2026 input_required rounds do; the round's CallState lives in the task between rounds, so
// state() and the answers gathered so far persist. The TaskStore below holds all task state;
// Dispatcher members in tasks.cpp run the rounds and serve the three methods. Private to the
// protocol library.

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "sciorex/protocol/features.hpp"

namespace sciorex::protocol {

class CallState;
class CancelFlag;

namespace detail {

using nlohmann::json;

// Thrown by become_task() once the task exists, to unwind the synchronous round; run_call answers
// `created` (the CreateTaskResult) and starts `round`. Not a std::exception, like InputRequired,
// so that handlers' catch-alls for std::exception do not swallow it.
struct TaskStarted {
  json created;
  std::shared_ptr<CallState> round;
};

// Whether _meta clientCapabilities declare the tasks extension (an object under extensions).
bool declares_tasks(const json& client_capabilities);

// Keeps ToolDefinition::task_support and definition.execution.taskSupport in step (see
// features.hpp). Throws std::invalid_argument for a taskSupport value the spec does not define.
void declare_task_support(ToolDefinition& tool);
// The definition as 2025 clients see it: without execution.taskSupport.
json legacy_tool_view(const json& definition);

// The shape check of a client's answer to an input request (context.cpp).
bool valid_input_response(const std::string& method, const json& response);

// Every task's state. Thread-safe (one mutex; no call into handler code while holding it).
// Bounded: at most max_tasks tasks at once, each dropped ttl after its creation. Expiry is lazy:
// an expired task is dropped (and, when still running, cancelled) by the next operation that
// meets it, and create() sweeps them all before counting.
class TaskStore {
 public:
  enum class Status { working, input_required, completed, failed, cancelled };
  struct Limits {
    std::chrono::milliseconds ttl;
    std::size_t max_tasks;
    std::chrono::milliseconds poll_interval;
  };

  explicit TaskStore(Limits limits);
  ~TaskStore();  // cancels the tasks still running
  TaskStore(const TaskStore&) = delete;
  TaskStore& operator=(const TaskStore&) = delete;

  // A new working task whose rounds run `round`; sets round->task_id and round->cancel. Returns
  // the CreateTaskResult (resultType "task"), or nullopt when max_tasks tasks are held. The task
  // is retrievable before this returns (the spec's durable creation).
  std::optional<json> create(const std::shared_ptr<CallState>& round);

  // The DetailedTask of tasks/get (without resultType): status, timestamps, ttlMs, pollIntervalMs,
  // and inputRequests (still unanswered only), result or error by status. nullopt: unknown.
  std::optional<json> get(const std::string& id);

  // A round's outcome. Ignored when the task is gone or no longer working (cancelled meanwhile).
  // `result` is the tools/call result as a synchronous call would have answered it.
  void complete(const std::string& id, json result);
  void fail(const std::string& id, json error);
  // The round needs these inputs ({key: {method, params}}): the task waits for tasks/update.
  void park(const std::string& id, json input_requests);

  // tasks/update: records the answers to keys still outstanding, ignores all others (unknown,
  // already answered, or the task is not waiting). Throws RpcError -32602, recording nothing,
  // when an answer to an outstanding key has the wrong shape. When no key is outstanding any
  // more the task is working again and `resume` is the round to run, its input_responses set.
  struct UpdateOutcome {
    bool known = false;
    std::shared_ptr<CallState> resume;
  };
  UpdateOutcome update(const std::string& id, const json& input_responses);

  // tasks/cancel: a working or waiting task becomes cancelled at once (a running round is told
  // through its cancel flag; what it then returns is discarded). Terminal tasks are unchanged.
  // False when the task is unknown.
  bool cancel(const std::string& id);
  void cancel_all();

  // Tasks held (expired ones not yet swept included).
  std::size_t size() const;

 private:
  struct Task {
    std::string id;
    Status status = Status::working;
    std::string status_message;
    std::chrono::system_clock::time_point created, updated;
    std::chrono::steady_clock::time_point expires;
    json result, error;                // by status
    json pending = json::object();     // outstanding input requests, by key
    json answers = json::object();     // every answer delivered to this task, by key
    std::shared_ptr<CallState> round;  // null once terminal
  };

  // The live task `id`, or null; an expired one is dropped on the way. Needs mu_.
  Task* find_locked(const std::string& id);
  void drop_locked(std::unordered_map<std::string, Task>::iterator it);
  void finish_locked(Task& t, Status status);
  json describe_locked(const Task& t, bool detailed) const;

  Limits limits_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Task> tasks_;
};

}  // namespace detail
}  // namespace sciorex::protocol
