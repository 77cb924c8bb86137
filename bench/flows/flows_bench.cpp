// The flows runner's benchmark (issue 12), against the real `sciorex-flows serve` processes on one
// store, with `flows.runner` a tiny bash script that stamps the time it started ($EPOCHREALTIME)
// and the ticket it was started for, then prints its answer.
//
// Without --flows-bin, each runner is this program's own `serve` (below): the same Service and
// process launcher that `sciorex-flows serve` constructs, for when that executable is not built.
//
//   sciorex-bench-flows latency --flows-bin PATH --work DIR [-n 100] [--runners 1] [--json-out FILE]
//     From the triggering write (the wall clock just before the status change is written) to the
//     agent process started (its stamp), one trigger at a time: p50, p95, max.
//   sciorex-bench-flows once --flows-bin PATH --work DIR [--events 1000] [--runners 3] [--max-runs 2]
//     `events` tickets moved planned -> in_progress as fast as the writer goes, with `runners`
//     runners serving; then, from the store: every (flow, event) run exactly once, every ticket's
//     flow run once and succeeded, how the runs split between the runners, the time to drain.
// Exit code 1 when a check fails or a target is missed (p95 >= 1 s, a run missing or doubled).
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "agent_launcher.hpp"
#include "child_process.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "service.hpp"
#include "wait_until.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using sciorex::storage::Database;
using sciorex::storage::FlowRunRepository;
using sciorex::storage::TicketRepository;
using sciorex::storage::TicketStatus;

namespace {

struct Args {
  std::string mode;
  fs::path flows_bin, work;
  int n = 100, runners = 1, max_runs = 2, events = 1000;
  std::string json_out;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "sciorex-bench-flows: " << why << "\n"
            << "usage: sciorex-bench-flows latency|once --work DIR [--flows-bin PATH] [-n N] [--events N]\n"
            << "       [--runners N] [--max-runs N] [--json-out FILE]\n"
            << "       sciorex-bench-flows serve --workspace DIR [--max-runs N]\n";
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  if (argc < 2) usage("a mode is needed");
  a.mode = argv[1];
  if (a.mode != "latency" && a.mode != "once" && a.mode != "serve") usage("unknown mode " + a.mode);
  for (int i = 2; i < argc; ++i) {
    const std::string k = argv[i];
    if (i + 1 >= argc) usage(k + " needs a value");
    const std::string v = argv[++i];
    if (k == "--flows-bin")
      a.flows_bin = v;
    else if (k == "--work" || k == "--workspace")
      a.work = v;
    else if (k == "-n")
      a.n = std::stoi(v);
    else if (k == "--events")
      a.events = std::stoi(v);
    else if (k == "--runners")
      a.runners = std::stoi(v);
    else if (k == "--max-runs")
      a.max_runs = std::stoi(v);
    else if (k == "--json-out")
      a.json_out = v;
    else
      usage("unknown option " + k);
  }
  if (a.work.empty()) usage("--work is needed");
  return a;
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// The workspace: one flow of one agent node on planned -> in_progress, the agent, and the runner
// command: the stamping script.
void make_workspace(const fs::path& root, const fs::path& stamps) {
  const fs::path sx = root / ".sciorex";
  const fs::path script = root / "stamp-agent.sh";
  write_text(script,
             "#!/bin/bash\n"
             "# Stamps when this agent process started and for which ticket, then answers.\n"
             "printf '%s %s\\n' \"$EPOCHREALTIME\" \"$*\" >> '" +
                 stamps.string() +
                 "'\n"
                 "echo 'stamped'\n");
  fs::permissions(script, fs::perms::owner_all, fs::perm_options::add);
  write_text(sx / "sciorex.yaml", "flows:\n  runner: [\"" + script.string() + "\", \"{input}\"]\n");
  write_text(sx / "agents/stamp.yaml", "name: Stamp\ndescription: Stamps its start\nsystemPrompt: Stamp.\n");
  write_text(sx / "flows/bench.yaml",
             "name: Bench flow\ntrigger:\n  type: ticketStatusChanged\n  fromStatus: planned\n"
             "  toStatus: in_progress\nnodes:\n  - id: stamp\n    type: agent\n    agent: stamp\n"
             "    input: \"bench-ticket {{trigger.ticket.id}}\"\n");
}

// ticket id -> the wall-clock seconds its agent started (the first stamp of each ticket).
std::map<std::string, double> read_stamps(const fs::path& stamps) {
  std::map<std::string, double> out;
  std::ifstream in(stamps);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    double t = 0;
    std::string word;
    if (!(ls >> t)) continue;
    while (ls >> word)
      if (word == "bench-ticket" && ls >> word) out.emplace(word, t);
  }
  return out;
}

double wall_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

std::vector<std::unique_ptr<sciorex::testing::ChildProcess>> start_runners(const Args& a,
                                                                           const fs::path& root) {
  std::vector<std::unique_ptr<sciorex::testing::ChildProcess>> out;
  for (int i = 0; i < a.runners; ++i) {
    sciorex::testing::SpawnOptions o;
    const std::string bin =
        a.flows_bin.empty() ? fs::read_symlink("/proc/self/exe").string() : a.flows_bin.string();
    o.argv = {bin, "serve", "--workspace", root.string(), "--max-runs", std::to_string(a.max_runs)};
    o.cwd = root;
    o.stderr_file = a.work / ("runner-" + std::to_string(i + 1) + ".log");
    out.push_back(std::make_unique<sciorex::testing::ChildProcess>(o));
  }
  return out;
}

void stop_runners(std::vector<std::unique_ptr<sciorex::testing::ChildProcess>>& runners) {
  for (auto& r : runners) r->kill(SIGTERM);
  for (auto& r : runners) r->finish(30s);
}

std::string planned_ticket(Database& db, int i) {
  sciorex::storage::NewTicket t;
  t.title = "Bench ticket " + std::to_string(i);
  t.status = TicketStatus::Planned;
  return TicketRepository(db).create(t, sciorex::storage::Actor::user("bench")).id;
}

void emit(const Args& a, const nlohmann::json& record) {
  std::cout << record.dump(2) << "\n";
  if (!a.json_out.empty()) std::ofstream(a.json_out, std::ios::app) << record.dump() << "\n";
}

int latency(const Args& a, const fs::path& root, Database& db, const fs::path& stamps) {
  auto runners = start_runners(a, root);
  if (!sciorex::testing::poll_until([&] { return FlowRunRepository(db).cursor().has_value(); }, 30s)) {
    std::cerr << "no runner started serving within 30 s (see " << a.work.string() << "/runner-*.log)\n";
    return 1;
  }
  std::vector<double> ms;
  int missing = 0;
  TicketRepository tickets(db);
  std::mt19937 rng(12);
  std::uniform_int_distribution<int> pause(0, 200);
  for (int i = 0; i <= a.n; ++i) {  // i == 0 warms up (definitions loaded, caches) and is not counted
    const std::string id = planned_ticket(db, i);
    const double t0 = wall_now();
    tickets.change_status(id, TicketStatus::InProgress, sciorex::storage::Actor::user("bench"));
    std::map<std::string, double> seen;
    const bool ok =
        sciorex::testing::poll_until([&] { return (seen = read_stamps(stamps)).count(id) > 0; }, 10s, 2ms);
    if (!ok) {
      ++missing;
      continue;
    }
    if (i > 0) ms.push_back((seen[id] - t0) * 1000.0);
    // The next trigger once this run has ended, at a random point of the runner's poll period: a
    // run ending wakes the loop, so triggers written just then would all be seen at once.
    sciorex::testing::poll_until(
        [&] {
          const auto runs = FlowRunRepository(db).list({});
          return !runs.runs.empty() && runs.runs.front().status != sciorex::storage::FlowRunStatus::Running;
        },
        10s, 2ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause(rng)));
  }
  stop_runners(runners);
  const double p95 = percentile(ms, 0.95);
  emit(a, {{"label", "flows-trigger-to-agent"},
           {"runners", a.runners},
           {"samples", ms.size()},
           {"missing", missing},
           {"p50_ms", percentile(ms, 0.5)},
           {"p95_ms", p95},
           {"max_ms", ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end())},
           {"target_p95_ms", 1000}});
  return missing == 0 && p95 < 1000 ? 0 : 1;
}

int exactly_once(const Args& a, const fs::path& root, Database& db) {
  std::vector<std::string> ids;
  ids.reserve(static_cast<std::size_t>(a.events));
  for (int i = 0; i < a.events; ++i) ids.push_back(planned_ticket(db, i));
  auto runners = start_runners(a, root);
  if (!sciorex::testing::poll_until([&] { return FlowRunRepository(db).cursor().has_value(); }, 30s)) {
    std::cerr << "no runner started serving within 30 s\n";
    return 1;
  }
  const auto t0 = std::chrono::steady_clock::now();
  TicketRepository tickets(db);
  for (const auto& id : ids)
    tickets.change_status(id, TicketStatus::InProgress, sciorex::storage::Actor::user("bench"));
  const double write_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Every run of the store, all pages; done when there are as many as events and all have ended.
  auto all = [&] {
    std::vector<sciorex::storage::FlowRun> out;
    sciorex::storage::FlowRunFilter f;
    f.limit = 200;
    for (;;) {
      auto page = FlowRunRepository(db).list(f);
      out.insert(out.end(), page.runs.begin(), page.runs.end());
      if (!page.next_cursor) return out;
      f.cursor = page.next_cursor;
    }
  };
  std::vector<sciorex::storage::FlowRun> runs;
  const bool drained = sciorex::testing::poll_until(
      [&] {
        runs = all();
        return static_cast<int>(runs.size()) >= a.events &&
               std::none_of(runs.begin(), runs.end(), [](const auto& r) {
                 return r.status == sciorex::storage::FlowRunStatus::Running;
               });
      },
      std::chrono::minutes(10), 200ms);
  const double drain_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stop_runners(runners);
  runs = all();

  std::map<std::pair<std::string, std::int64_t>, int> per_event;
  std::map<std::string, int> per_ticket, per_runner, per_status;
  for (const auto& r : runs) {
    ++per_event[{r.flow_name, r.trigger_event_id.value_or(-1)}];
    ++per_ticket[r.ticket_id.value_or("")];
    ++per_runner[r.runner_id.value_or("")];
    ++per_status[std::string(sciorex::storage::to_string(r.status))];
  }
  int doubled = 0;
  for (const auto& [k, n] : per_event) doubled += n > 1 ? n - 1 : 0;
  int missing = 0;
  for (const auto& id : ids) missing += per_ticket.count(id) == 0 ? 1 : 0;
  nlohmann::json split = nlohmann::json::array();
  for (const auto& [runner, n] : per_runner) split.push_back(n);
  const bool ok = drained && doubled == 0 && missing == 0 && static_cast<int>(runs.size()) == a.events &&
                  per_status["succeeded"] == a.events;
  emit(a, {{"label", "flows-exactly-once"},
           {"events", a.events},
           {"runners", a.runners},
           {"max_runs", a.max_runs},
           {"runs", runs.size()},
           {"doubled", doubled},
           {"missing", missing},
           {"statuses", per_status},
           {"runs_per_runner", split},
           {"write_s", write_s},
           {"drain_s", drain_s},
           {"ok", ok}});
  return ok ? 0 : 1;
}

std::atomic<bool> bench_stop{false};

// What `sciorex-flows serve --workspace DIR --max-runs N` does: the workspace's launcher settings,
// the process launcher, and the Service until SIGTERM or SIGINT.
int serve_self(const Args& a) {
  spdlog::set_default_logger(spdlog::stderr_logger_mt("flows"));  // stdout is the bench's pipe, unread
  const fs::path root = fs::absolute(a.work);
  const fs::path sx = root / ".sciorex";
  const fs::path db_path = sx / "sciorex.db";
  Database db(db_path.string());
  auto launcher =
      sciorex::flows::make_process_launcher(sciorex::flows::launcher_settings(root, sx, db_path), &db);
  sciorex::flows::ServiceOptions o;
  o.max_runs = a.max_runs;
  sciorex::flows::Service service(sx, db, *launcher, o);
  std::signal(SIGTERM, [](int) { bench_stop = true; });
  std::signal(SIGINT, [](int) { bench_stop = true; });
  service.serve(bench_stop);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  if (a.mode == "serve") return serve_self(a);
  fs::remove_all(a.work / "ws");
  fs::create_directories(a.work);
  const fs::path root = fs::absolute(a.work / "ws");
  const fs::path stamps = fs::absolute(a.work / "stamps.txt");
  fs::remove(stamps);
  make_workspace(root, stamps);
  Database db((root / ".sciorex" / "sciorex.db").string());
  try {
    return a.mode == "latency" ? latency(a, root, db, stamps) : exactly_once(a, root, db);
  } catch (const std::exception& e) {
    std::cerr << "sciorex-bench-flows: " << e.what() << "\n";
    return 1;
  }
}
