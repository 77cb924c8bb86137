// Helpers for the serving runner's tests: a workspace in a TempDir with flow and agent files, an
// in-process scripted agent launcher (the AgentLauncher interface, counting concurrent calls,
// optionally holding each agent until released or cancelled), a Service serving on its own
// thread, and reads of the store's run records.
#pragma once

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "agent_launcher.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "service.hpp"
#include "temp_dir.hpp"
#include "wait_until.hpp"

namespace sciorex::flows::service_test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A workspace: TempDir/.sciorex with flows/ and agents/, and its store.
class Workspace {
 public:
  Workspace() : dir_("flows-service", true) {
    write("agents/planner.yaml", "name: Planner\ndescription: Plans the work\nsystemPrompt: You plan.\n");
    write("agents/reviewer.yaml",
          "name: Reviewer\ndescription: Reviews the work\nsystemPrompt: You review.\n");
  }
  fs::path sciorex() const { return dir_.path() / ".sciorex"; }
  std::string db_path() const { return dir_.workspace_db(); }
  void write(const std::string& rel, const std::string& text) const {
    const fs::path p = sciorex() / rel;
    fs::create_directories(p.parent_path());
    // Written aside and renamed, so that a reload never reads half a file.
    const fs::path tmp = p.string() + ".part";
    std::ofstream(tmp, std::ios::binary) << text;
    fs::rename(tmp, p);
  }
  void remove(const std::string& rel) const { fs::remove(sciorex() / rel); }

 private:
  testing::TempDir dir_;
};

// A flow of one agent node (planner) started when a ticket moves `from` -> `to`.
inline std::string one_agent_flow(const std::string& name, const std::string& from, const std::string& to,
                                  const std::string& extra = "") {
  return "name: " + name + "\ntrigger:\n  type: ticketStatusChanged\n  fromStatus: " + from +
         "\n  toStatus: " + to + "\n" + extra +
         "nodes:\n  - id: plan\n    type: agent\n    agent: planner\n    input: \"Plan "
         "{{trigger.ticket.id}}\"\n";
}

// The agent, scripted: answers each call with `answer(call)` (default: a plan, or the reviewer's
// verdict), counting the calls running at once. When holding, each call waits until released (one
// release per call) or cancelled. The cancel flag is a plain atomic (the interface's), so a held
// call looks at it every few milliseconds, as the process launcher does.
class ScriptedLauncher final : public AgentLauncher {
 public:
  AgentOutcome run(const AgentCall& call, const std::atomic<bool>& cancel) override {
    {
      std::lock_guard lock(mu_);
      const int now = ++running_;
      max_running_ = std::max(max_running_, now);
      calls_.push_back(call.run_id + "/" + call.node_id);
    }
    started.notify();
    bool cancelled = false;
    {
      std::unique_lock lock(mu_);
      while (holding_ && releases_ == 0 && !(cancelled = cancel.load())) cv_.wait_for(lock, 5ms);
      if (holding_ && releases_ > 0 && !cancelled) --releases_;
      --running_;
    }
    AgentOutcome out;
    if (cancelled) {
      out.end = AgentOutcome::End::Cancelled;
      out.error = "cancelled";
      cancels.notify();
      return out;
    }
    out.end = AgentOutcome::End::Finished;
    out.exit_code = 0;
    out.text = answer ? answer(call) : default_answer(call);
    return out;
  }

  void hold(bool on) {
    std::lock_guard lock(mu_);
    holding_ = on;
    cv_.notify_all();
  }
  void release(int n = 1) {
    std::lock_guard lock(mu_);
    releases_ += n;
    cv_.notify_all();
  }
  int max_running() const {
    std::lock_guard lock(mu_);
    return max_running_;
  }
  std::vector<std::string> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }

  std::function<std::string(const AgentCall&)> answer;
  testing::Signal started;  // raised as each call starts
  testing::Signal cancels;  // raised as a held call ends cancelled

 private:
  static std::string default_answer(const AgentCall& call) {
    if (call.agent && call.agent->key == "reviewer") return "Looks right.\n{\"passed\": true}";
    return "The plan for " + call.input;
  }
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool holding_ = false;
  int releases_ = 0;
  int running_ = 0;
  int max_running_ = 0;
  std::vector<std::string> calls_;
};

// Short intervals, so that the tests run quickly.
inline ServiceOptions quick_options(int max_runs = 2) {
  ServiceOptions o;
  o.max_runs = max_runs;
  o.poll = 20ms;
  o.heartbeat = 100ms;
  o.stale_after = 1s;
  o.reload_check = 50ms;
  o.orphan_check = 100ms;
  return o;
}

// A Service serving on its own thread until halt() (or the end of its scope).
class Serving {
 public:
  Serving(const fs::path& sciorex_dir, storage::Database& db, AgentLauncher& launcher, ServiceOptions o)
      : service_(sciorex_dir, db, launcher, o), thread_([this] {
          try {
            service_.serve(stop_);
          } catch (const std::exception& e) {
            spdlog::error("test: serve threw: {}", e.what());
            threw_ = true;
          }
        }) {}
  ~Serving() { halt(); }
  Serving(const Serving&) = delete;
  Serving& operator=(const Serving&) = delete;

  void halt() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  Service& service() { return service_; }
  bool threw() const { return threw_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<bool> threw_{false};
  Service service_;
  std::thread thread_;
};

// Every run in the store, newest first (all pages).
inline std::vector<storage::FlowRun> all_runs(storage::Database& db, storage::FlowRunFilter filter = {}) {
  storage::FlowRunRepository repo(db);
  std::vector<storage::FlowRun> out;
  filter.limit = 200;
  for (;;) {
    auto page = repo.list(filter);
    out.insert(out.end(), page.runs.begin(), page.runs.end());
    if (!page.next_cursor) return out;
    filter.cursor = page.next_cursor;
  }
}

inline std::vector<storage::FlowRun> runs_of(storage::Database& db, const std::string& ticket) {
  storage::FlowRunFilter f;
  f.ticket_id = ticket;
  return all_runs(db, f);
}

inline bool finished(const storage::FlowRun& r) {
  return r.status != storage::FlowRunStatus::Running && r.status != storage::FlowRunStatus::Interrupted;
}

// The service has read its definitions and the store has a shared cursor: events written from now
// on are seen.
inline bool ready(Service& s, storage::Database& db) {
  return s.definitions() != nullptr && storage::FlowRunRepository(db).cursor().has_value();
}

// Every event written so far has been looked at by some runner.
inline bool caught_up(storage::Database& db) {
  const auto last = storage::EventFeed(db).last_event_id();
  return storage::FlowRunRepository(db).cursor().value_or(0) >= last;
}

// The runner's log: spdlog's default logger copied into a ring while it lives (and still to stderr).
class LogCapture {
 public:
  LogCapture()
      : ring_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(2000)), saved_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>(
        "flows-test", spdlog::sinks_init_list{ring_, std::make_shared<spdlog::sinks::stderr_sink_mt>()});
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(saved_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  bool contains(const std::string& part) const {
    for (const auto& line : ring_->last_formatted())
      if (line.find(part) != std::string::npos) return true;
    return false;
  }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> ring_;
  std::shared_ptr<spdlog::logger> saved_;
};

}  // namespace sciorex::flows::service_test
