// An AgentLauncher for the engine's tests: each agent's turns come from a script the test writes
// (a function of the call, so a turn can act on the store as the agent would through its MCP
// servers), and every call is recorded. The real process launcher is tested with the runner.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "agent_launcher.hpp"

namespace sciorex::flows::testing {

struct RecordedCall {
  std::string agent;  // the agent's key
  std::string node_id;
  std::string input;
  int iteration = 0;
  int seq = 0;
  std::chrono::seconds timeout{0};
};

class ScriptedLauncher : public AgentLauncher {
 public:
  using Turn = std::function<AgentOutcome(const AgentCall&, const std::atomic<bool>& cancel)>;

  // The agent's next turns, in order; the last one repeats when the script runs out.
  void script(const std::string& agent_key, std::vector<Turn> turns) {
    std::lock_guard lock(mu_);
    auto& q = turns_[agent_key];
    for (auto& t : turns) q.push_back(std::move(t));
  }

  AgentOutcome run(const AgentCall& call, const std::atomic<bool>& cancel) override {
    Turn turn;
    {
      std::lock_guard lock(mu_);
      calls_.push_back({call.agent->key, call.node_id, call.input, call.iteration, call.seq, call.timeout});
      auto& q = turns_[call.agent->key];
      if (q.empty()) {
        AgentOutcome none;
        none.error = "no scripted turn for " + call.agent->key;
        return none;
      }
      turn = q.front();
      if (q.size() > 1) q.pop_front();
    }
    return turn(call, cancel);
  }

  std::vector<RecordedCall> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }
  std::vector<std::string> nodes_called() const {
    std::vector<std::string> out;
    for (const auto& c : calls()) out.push_back(c.node_id);
    return out;
  }

  // A turn that finishes with `text` (exit 0) and a session id.
  static Turn says(std::string text, std::string session = "") {
    return
        [text = std::move(text), session = std::move(session)](const AgentCall&, const std::atomic<bool>&) {
          AgentOutcome o;
          o.end = AgentOutcome::End::Finished;
          o.exit_code = 0;
          o.text = text;
          if (!session.empty()) o.session_id = session;
          return o;
        };
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::deque<Turn>> turns_;
  std::vector<RecordedCall> calls_;
};

// Lets a test hold a turn until it says so (a cancel, a check of the node's status meanwhile).
class Gate {
 public:
  void open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  bool wait(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, limit, [&] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

}  // namespace sciorex::flows::testing
