// The process launcher (agent_launcher.hpp's make_process_launcher): one agent node as one
// process (agent_process.hpp), its command from agent_command.hpp, its output read by
// runner_output.hpp, and, while it runs, the inbox watched for a question or approval it asked.
//
// Files of a node, under runs_dir/<run id>/: <seq>-<node>.log (a first line saying what ran, then
// the agent's stdout and stderr) and <seq>-<node>.mcp.json (the MCP config it was given).
#include <fstream>
#include <set>

#include "agent_command.hpp"
#include "agent_launcher.hpp"
#include "agent_process.hpp"
#include "runner_output.hpp"
#include "sciorex/storage/interaction_repository.hpp"

namespace sciorex::flows {

namespace fs = std::filesystem;

namespace {

// A run or node id as a file name: anything but letters, digits, '-', '_' and '.' becomes '_'.
std::string runs_file_name(const std::string& id) {
  std::string out = id.empty() ? std::string("_") : id;
  for (char& c : out) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) c = '_';
  }
  if (out.front() == '.') out.front() = '_';
  return out;
}

void append_log_line(const fs::path& file, const std::string& line) {
  std::ofstream f(file, std::ios::app | std::ios::binary);
  f << line << "\n";
}

// The last non-empty line of `text`, shortened: what an agent said before it failed.
std::string last_words(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  const auto nl = text.find_last_of('\n');
  return shortened(nl == std::string::npos ? text : text.substr(nl + 1), 200);
}

std::string argv_for_log(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    std::string shown = shortened(a, 120);
    for (char& c : shown)
      if (c == '\n' || c == '\r') c = ' ';
    const bool quote = shown.empty() || shown.find_first_of(" \t'\"$\\") != std::string::npos;
    out += (out.empty() ? "" : " ") + (quote ? "'" + shown + "'" : shown);
  }
  return out;
}

// Whether the agent of `call` waits for a person: a question or approval it asked (actor
// `agent <agent key>`, on the call's ticket or on none) that is pending and was not pending already
// when the node started.
class InboxWatch {
 public:
  InboxWatch(storage::Database* db, const AgentCall& call) : db_(db), call_(call) {
    if (db_ == nullptr) return;
    for (const auto& i : asked_pending()) before_.insert(i);
  }
  void check() {
    if (db_ == nullptr || !call_.on_waiting) return;
    bool now = false;
    try {
      for (const auto& id : asked_pending())
        if (!before_.contains(id)) now = true;
    } catch (const std::exception&) {
      return;  // a busy or failing store: look again next time
    }
    if (now != waiting_) {
      waiting_ = now;
      call_.on_waiting(now);
    }
  }

 private:
  std::vector<std::string> asked_pending() {
    std::vector<std::string> ids;
    storage::InteractionRepository repo(*db_);
    for (const auto& i : repo.list(true, 200)) {
      if (i.asked_by.type != storage::ActorType::Agent || i.asked_by.id != call_.agent->key) continue;
      if (i.ticket_id && call_.ticket_id && *i.ticket_id != *call_.ticket_id) continue;
      ids.push_back(i.id);
    }
    return ids;
  }

  storage::Database* db_;
  const AgentCall& call_;
  std::set<std::string> before_;
  bool waiting_ = false;
};

class ProcessLauncher : public AgentLauncher {
 public:
  ProcessLauncher(LauncherSettings settings, storage::Database* inbox)
      : settings_(std::move(settings)), inbox_(inbox) {}

  AgentOutcome run(const AgentCall& call, const std::atomic<bool>& cancel) override {
    AgentOutcome o;
    if (call.agent == nullptr) {
      o.error = "the node names no agent";
      return o;
    }
    const fs::path dir = settings_.runs_dir / runs_file_name(call.run_id);
    const std::string stem = std::to_string(call.seq) + "-" + runs_file_name(call.node_id);
    const fs::path log = dir / (stem + ".log");
    const fs::path mcp = dir / (stem + ".mcp.json");
    o.log_path = log.string();
    std::error_code ec;
    fs::create_directories(dir, ec);
    ProcessSpec spec;
    try {
      std::ofstream(mcp, std::ios::binary | std::ios::trunc) << mcp_config_json(settings_, *call.agent);
      const AgentCommand cmd = agent_command(settings_, call, mcp);
      spec.argv = cmd.argv;
      spec.env_set = cmd.env_set;
      spec.env_unset = cmd.env_unset;
    } catch (const std::exception& e) {
      o.error = e.what();
      append_log_line(log, "sciorex-flows: " + *o.error);
      return o;
    }
    spec.cwd = settings_.workspace_root;
    spec.log_file = log;
    spec.timeout = call.timeout;
    spec.kill_grace = settings_.kill_grace;
    spec.tick = settings_.inbox_poll;
    // What the inbox holds before the log's first line: a question asked after that line is this node's.
    InboxWatch watch(inbox_, call);
    append_log_line(log, "sciorex-flows: " + call.run_id + " node " + call.node_id + " (agent " +
                             call.agent->key + ", iteration " + std::to_string(call.iteration) +
                             "): " + argv_for_log(spec.argv));
    const ProcessResult r = run_process(spec, cancel, [&] { watch.check(); });
    outcome_of(r, call, o);
    if (o.error) append_log_line(log, "sciorex-flows: " + *o.error);
    return o;
  }

 private:
  void outcome_of(const ProcessResult& r, const AgentCall& call, AgentOutcome& o) const {
    using End = ProcessResult::End;
    const bool claude = !settings_.runner_command.has_value();
    switch (r.end) {
      case End::NotStarted:
        o.end = AgentOutcome::End::Failed;
        o.error = r.error;
        if (claude && r.error.find("not found on PATH") != std::string::npos)
          *o.error +=
              " (install Claude Code, or name another command as flows.runner in .sciorex/sciorex.yaml)";
        return;
      case End::TimedOut:
        o.end = AgentOutcome::End::TimedOut;
        o.error = "the agent timed out after " + std::to_string(call.timeout.count()) +
                  " s; its processes were stopped";
        return;
      case End::Cancelled:
        o.end = AgentOutcome::End::Cancelled;
        o.error = "the agent was cancelled; its processes were stopped";
        return;
      case End::Signalled:
        o.end = AgentOutcome::End::Failed;
        o.error = "the agent was killed by signal " + std::to_string(r.signal);
        return;
      case End::Exited:
        break;
    }
    o.exit_code = r.exit_code;
    o.end = AgentOutcome::End::Failed;
    if (r.out_truncated) {
      o.error = "the agent printed more than " + std::to_string(kMaxOutput / (std::size_t{1024} * 1024)) +
                " MiB on stdout";
      return;
    }
    std::optional<RunnerOutput> parsed;
    if (claude) {
      parsed = parse_claude_output(r.out);
    } else if (r.out.find_first_not_of(" \t\r\n") != std::string::npos) {
      parsed = parse_runner_output(r.out);
    }
    if (parsed) {
      o.text = parsed->text;
      o.session_id = parsed->session_id;
    }
    std::string said = last_words(r.err_tail);
    if (said.empty()) said = last_words(r.out);
    if (parsed && parsed->error) {
      o.error = *parsed->error;
    } else if (r.exit_code != 0) {
      o.error =
          "the agent exited with status " + std::to_string(r.exit_code) + (said.empty() ? "" : ": " + said);
    } else if (!parsed) {
      o.error = claude ? "claude printed no JSON result (expected --output-format json's object)"
                       : "the agent printed nothing";
    } else if (o.text.find_first_not_of(" \t\r\n") == std::string::npos) {
      o.error = "the agent printed nothing (its final text is empty)";
    } else {
      o.end = AgentOutcome::End::Finished;
    }
  }

  LauncherSettings settings_;
  storage::Database* inbox_;
};

}  // namespace

std::unique_ptr<AgentLauncher> make_process_launcher(const LauncherSettings& settings,
                                                     storage::Database* inbox) {
  return std::make_unique<ProcessLauncher>(settings, inbox);
}

}  // namespace sciorex::flows
