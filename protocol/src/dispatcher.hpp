#pragma once
// Dispatcher internals: call state, the method table and its rules, listeners. Its members are
// defined by job: admission.cpp (envelope, era and lifecycle checks), dispatcher.cpp (the method
// table, running calls and answering them), methods.cpp (the MCP methods), client_requests.cpp
// (server-to-client requests), notifications.cpp (listeners and list/resource notifications),
// tasks.cpp (the tasks extension). Registry (registry.hpp) and PeerState (peer_state.hpp) own
// their locks. Private to the protocol library.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <unordered_map>

#include "peer_state.hpp"
#include "registry.hpp"
#include "sciorex/protocol/errors.hpp"
#include "sciorex/protocol/server.hpp"
#include "state_sealer.hpp"
#include "tasks.hpp"
#include "worker_pool.hpp"

namespace sciorex::protocol {

using nlohmann::json;

class Dispatcher;

namespace detail {
// The calls suspended by RequestContext::defer() (deferred.hpp), shared with each DeferredCall so
// that one outliving the dispatcher finishes nothing: `alive` turns false (under `life`) when the
// dispatcher goes. drain() waits for `outstanding` to reach zero.
struct DeferredHub {
  std::shared_mutex life;
  bool alive = true;
  std::mutex mu;
  std::condition_variable cv;
  std::size_t outstanding = 0;

  void add();
  void release();
  bool wait_idle(std::chrono::steady_clock::time_point deadline);
};
}  // namespace detail

class CallState;

// One MCP method: its handler and every rule about it. Admission (admission.cpp), run_call and
// finish_result read the rules here only; the table is in the Dispatcher's constructor.
struct MethodRules {
  json (Dispatcher::*fn)(CallState&) = nullptr;
  bool legacy = false;             // served on the 2025 path
  bool modern = false;             // served on the 2026 path
  bool implies_modern = false;     // without a _meta version claim the request is 2026
  bool before_init = false;        // 2025: allowed before initialize (otherwise not_initialized)
  bool starts_session = false;     // 2025: allowed without Mcp-Session-Id; its success starts one
  bool may_need_input = false;     // 2026: takes inputResponses and requestState (input_required)
  bool on_pool = false;            // runs on the worker pool, not on the transport's thread
  bool resolves_tool = false;      // tools/call: the tool is resolved at admission and decides on_pool
  const char* name_key = nullptr;  // the params member naming the target (Mcp-Name, requestState)
};

// Everything about one request while its handler runs (and, when deferred, until it finishes).
class CallState : public std::enable_shared_from_this<CallState> {
 public:
  Dispatcher& d;
  std::shared_ptr<Peer> peer;
  std::shared_ptr<Sink> sink;
  Era era = Era::legacy;
  std::string version;
  std::string method;
  const MethodRules* rules = nullptr;  // null for an unknown method (refused at admission)
  json id;
  json params;
  json client_capabilities = json::object();
  json client_info = json::object();
  std::optional<json> progress_token;
  double last_progress = -1;
  bool progress_sent = false;
  std::optional<LogLevel> log_level;  // 2026: from _meta
  std::shared_ptr<CancelFlag> cancel;
  json input_responses = json::object();
  json state = json::object();
  json carried_inputs = json::object();  // answers of earlier 2026 rounds, from requestState
  std::string binding;                   // what requestState is bound to: method and target
  std::chrono::milliseconds input_timeout;
  // tools/call: the tool, resolved once at admission (null when unknown, and in task rounds, which
  // resolve it each round), and its task support (tasks.hpp).
  std::shared_ptr<const Registry::Tool> tool;
  TaskSupport task_support = TaskSupport::forbidden;
  std::string task_id;                // set while the call runs as a round of a task
  std::set<std::string> asked;        // 2026: input keys asked in earlier rounds (sealed in requestState)
  bool deferred = false;              // the handler suspended the call (RequestContext::defer)
  std::atomic<bool> finished{false};  // answered (finish_result / finish_error run once)

  CallState(Dispatcher& dispatcher, std::chrono::milliseconds timeout)
      : d(dispatcher), input_timeout(timeout) {}
};

// NOLINTNEXTLINE(bugprone-exception-escape): its implicit moves are noexcept (json's move cannot throw)
struct Listener {
  json id;
  std::shared_ptr<Sink> sink;
  std::shared_ptr<CancelFlag> cancel;
  std::weak_ptr<Peer> peer;
  bool tools = false, prompts = false, resources = false;
  std::set<std::string> uris;
};

class Dispatcher {
 public:
  Dispatcher(ServerInfo info, ServerOptions options);
  ~Dispatcher();  // cancels the tasks still running, so the pool's join does not wait for them

  void handle(std::string_view text, const std::shared_ptr<Peer>& peer, const std::shared_ptr<Sink>& sink,
              const HttpHeaders* http);
  void reject_oversized(std::size_t limit, const std::shared_ptr<Sink>& sink);
  json capabilities() const;
  // capabilities() plus the client extensions this server uses that the client declared.
  json capabilities_for(const json& client_capabilities) const;
  // The tool named `name` if this call's client is offered it (its extension declared), else null.
  std::shared_ptr<const Registry::Tool> offered_tool(const CallState& call, const std::string& name) const;
  void diag(LogLevel level, std::string_view text) const;

  // notifications
  void notify_list_changed(const char* kind);  // "tools", "prompts", "resources"
  void notify_resource_updated(const std::string& uri);

  // outbound (2025) requests made by RequestContext::inputs
  json request_client(CallState& call, const std::string& method, const json& params);
  // RequestContext::become_task (tasks.cpp): true in a task round; throws TaskStarted when it
  // creates the task; false when the call stays synchronous.
  bool become_task(CallState& call);

  ServerInfo info;
  ServerOptions options;
  detail::StateSealer sealer;

  Registry registry;

  detail::TaskStore tasks;  // before the pool: rounds still finishing use it while the pool joins
  std::shared_ptr<detail::DeferredHub> deferred_hub = std::make_shared<detail::DeferredHub>();
  detail::WorkerPool pool;

  // Server-to-client requests (2025): sends one and returns its id and reply slot (throws
  // RpcError when it cannot be sent); forgets one nobody waits for; reads a reply's result
  // (throws RpcError for an error reply).
  std::pair<json, std::shared_ptr<PendingReply>> send_client_request(CallState& call,
                                                                     const std::string& method,
                                                                     const json& params);
  void forget_client_request(CallState& call, const json& id);
  static json client_result(const std::string& method, const json& reply);

 private:
  std::unordered_map<std::string, MethodRules> methods_;

  std::mutex peers_mu_;
  std::vector<std::weak_ptr<Peer>> peers_;
  std::mutex listen_mu_;
  std::vector<Listener> listeners_;

  void handle_request(json&& msg, const std::shared_ptr<Peer>& peer, const std::shared_ptr<Sink>& sink,
                      const HttpHeaders* http);
  void handle_notification(const json& msg, const std::shared_ptr<Peer>& peer, Era era);
  void handle_response(const json& msg, const std::shared_ptr<Peer>& peer);
  // The 2026 and 2025 admission checks (throw RpcError); the 2025 ones return false when the
  // message was refused for its unknown session (answered already).
  void admit_modern(CallState& call, const HttpHeaders* http);
  bool admit_legacy(CallState& call, const HttpHeaders* http);
  bool run_inline(const CallState& call) const;
  void run_call(const std::shared_ptr<CallState>& call);
  friend class DeferredCall;
  void finish_result(CallState& call, json result);
  void finish_error(CallState& call, const RpcError& error);
  void finish_done(CallState& call);
  void register_peer(const std::shared_ptr<Peer>& peer);
  void drop_listener(const Listener& l);
  void send_to_listeners(const char* method, const json& params,
                         const std::function<bool(const Listener&)>& wants);

  // methods.cpp
  json initialize(CallState&);
  json ping(CallState&);
  json discover(CallState&);
  json tools_list(CallState&);
  json tools_call(CallState&);
  json resources_list(CallState&);
  json resources_templates_list(CallState&);
  json resources_read(CallState&);
  // The contents of `uri`, or resource_not_found when nothing serves it.
  json read_resource(CallState&, const std::string& uri);
  json resources_subscribe(CallState&);
  json resources_unsubscribe(CallState&);
  json prompts_list(CallState&);
  json prompts_get(CallState&);
  json completion_complete(CallState&);
  json logging_set_level(CallState&);
  json subscriptions_listen(CallState&);

  // tasks.cpp
  json tasks_get(CallState&);
  json tasks_update(CallState&);
  json tasks_cancel(CallState&);
  void task_started(CallState& call, const detail::TaskStarted& started);
  void run_task_round(const std::shared_ptr<CallState>& round);

  void add_caching(CallState& call, json& result, bool catalog) const;
  json server_info_json() const;
};

namespace detail {
// Answers `id` with `e`; `envelope` and `unknown_session` set the Disposition the transport reads.
void reply_error(const std::shared_ptr<Sink>& sink, const json& id, const RpcError& e, Era era,
                 bool envelope = false, bool unknown_session = false);
// A JSON-RPC id this server accepts: a string or an integer.
bool valid_id(const json& id);
}  // namespace detail

// Sentinel result: the handler keeps the request open (subscriptions/listen).
extern const char* const kKeepOpen;
// Key inside sealed state under which answers of earlier rounds travel.
extern const char* const kCarriedInputs;
// Key inside sealed state under which the input keys asked so far travel.
extern const char* const kAskedInputs;

// A tools/call result from a handler's ToolResult.
json tool_call_result(ToolResult r);

// Reads a list cursor ("opaque" base64url of an offset); throws invalid_cursor.
std::size_t decode_cursor(const json& params);
std::string encode_cursor(std::size_t offset);

}  // namespace sciorex::protocol
