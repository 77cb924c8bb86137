// sciorex-flows run FLOW [--ticket ID]: one manual run in the foreground. This process registers
// as a runner (heartbeats while the run goes, so that serving runners never take it over), starts
// the run with the manual trigger context, executes it with the engine, prints each node as it
// ends and the outcome; exit 1 unless the run succeeded. SIGINT or SIGTERM cancels the run.
#include <unistd.h>

#include <condition_variable>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "agent_launcher.hpp"
#include "cli.hpp"
#include "engine.hpp"
#include "run_text.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/common/terminal_text.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"

namespace sciorex::flows {

namespace {

storage::RunnerInfo this_manual_runner() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device rd;
  const auto tag = std::to_string(rd() % 0x1000000);
  storage::RunnerInfo r;
  r.host = *host != '\0' ? host : "localhost";
  r.pid = static_cast<long>(::getpid());
  r.id = r.host + ":" + std::to_string(r.pid) + ":run-" + tag;
  return r;
}

// While the run goes: the runner's heartbeat, and each node's line printed when its status changes.
class ManualRunWatch {
 public:
  ManualRunWatch(storage::Database& db, std::string run_id, std::string runner_id)
      : db_(db), run_id_(std::move(run_id)), runner_id_(std::move(runner_id)), thread_([this] { loop(); }) {}
  ~ManualRunWatch() { stop(); }
  ManualRunWatch(const ManualRunWatch&) = delete;
  ManualRunWatch& operator=(const ManualRunWatch&) = delete;

  // Stops the thread; then prints the nodes it has not printed yet from `run`.
  void finish(const storage::FlowRun& run) {
    stop();
    print_changes(run);
  }

 private:
  void stop() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  void loop() {
    storage::FlowRunRepository repo(db_);
    auto last_beat = std::chrono::steady_clock::now();
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(250), [this] { return done_; })) {
      try {
        if (std::chrono::steady_clock::now() - last_beat >= std::chrono::seconds(2)) {
          repo.heartbeat(runner_id_);
          last_beat = std::chrono::steady_clock::now();
        }
        if (auto run = repo.find(run_id_)) print_changes(*run);
      } catch (const std::exception&) {
        // a busy store: look again next time
      }
    }
  }
  void print_changes(const storage::FlowRun& run) {
    for (const auto& n : run.nodes) {
      const auto status = storage::to_string(n.status);
      auto& seen = printed_[n.seq];
      if (seen == status) continue;
      seen = status;
      std::cout << node_line(n) << (n.error ? ": " + common::visible(*n.error) : "") << std::endl;
    }
  }

  storage::Database& db_;
  std::string run_id_, runner_id_;
  std::map<int, std::string_view> printed_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

std::string workspace_relative(const std::filesystem::path& file, const std::filesystem::path& root) {
  const auto rel = std::filesystem::absolute(file).lexically_normal().lexically_relative(root);
  return rel.empty() || *rel.begin() == ".." ? file.string() : rel.string();
}

}  // namespace

int run_flow(const CliOptions& o, const storage::Workspace& ws, storage::Database& db,
             const std::atomic<bool>& stop) {
  const std::optional<LauncherSettings> settings = launcher_settings_or_report(ws);
  if (!settings) return common::kExitFailed;
  const Definitions defs = load_definitions(ws.sciorex_dir);
  const Flow* flow = defs.find_flow(o.flow);
  if (flow == nullptr) {
    std::string known;
    for (const auto& f : defs.flows) known += (known.empty() ? "" : ", ") + f.name;
    std::string why = "No flow '" + o.flow + "' in " + (ws.sciorex_dir / "flows").string() + ". ";
    why += known.empty() ? "There is none loaded" : "The flows are: " + known;
    if (!defs.errors.empty())
      why += " (" + common::count_of(defs.errors.size(), "file") + " refused: sciorex-flows check)";
    common::print_error(kProgram, why + ".");
    return common::kExitFailed;
  }

  nlohmann::json trigger = {{"type", "manual"}};
  std::optional<std::string> ticket_id;
  if (!o.ticket.empty()) {
    const auto ticket = storage::TicketRepository(db).find(o.ticket);
    if (!ticket) {
      common::print_error(kProgram, "No ticket " + o.ticket + ". `sciorex-tickets list` shows the ids.");
      return common::kExitFailed;
    }
    Trigger manual;
    manual.type = TriggerType::Manual;
    if (auto context = trigger_context(manual, nullptr, *ticket)) trigger = *context;
    ticket_id = ticket->id;
  }

  auto launcher = make_process_launcher(*settings, &db);
  storage::FlowRunRepository repo(db);
  const storage::RunnerInfo me = this_manual_runner();
  repo.register_runner(me);
  storage::NewFlowRun input;
  input.flow_name = flow->name;
  input.flow_file = workspace_relative(flow->file, ws.root);
  input.ticket_id = ticket_id;
  input.trigger_type = std::string(to_string(TriggerType::Manual));
  input.trigger_json = trigger.dump();
  const storage::FlowRun started = repo.start(input, me.id);
  std::cout << common::visible(started.id + ": " + flow->name + (ticket_id ? " on " + *ticket_id : ""))
            << " (logs in " << common::visible((settings->runs_dir / started.id).string()) << ")"
            << std::endl;

  storage::FlowRun done;
  {
    ManualRunWatch watch(db, started.id, me.id);
    try {
      done = Engine(db, *launcher, me.id).execute(*flow, defs, started.id, stop);
    } catch (const std::exception& e) {
      watch.finish(repo.get(started.id));
      repo.unregister_runner(me.id);
      common::print_error(kProgram, std::string("the run stopped: ") + e.what());
      return common::kExitFailed;
    }
    watch.finish(done);
  }
  repo.unregister_runner(me.id);
  std::cout << common::visible(done.id) << " " << storage::to_string(done.status)
            << (done.error ? ": " + common::visible(*done.error) : "") << std::endl;
  return done.status == storage::FlowRunStatus::Succeeded ? common::kExitOk : common::kExitFailed;
}

}  // namespace sciorex::flows
