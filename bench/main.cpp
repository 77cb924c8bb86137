// sciorex-bench: the project's MCP benchmark client (issue 6).
//   sciorex-bench stdio   --cmd CMD (--tool NAME --args T | --method M [--params T]) -n N -w W ...
//   sciorex-bench startup --cmd CMD --runs R
//   sciorex-bench http    (--server-cmd 'CMD with {port}' | --url URL) --tool ... -c 1,8,32 -n N
// Every answer is checked (an error or isError is a failure; any failure makes the exit code 1).
// Prints one line per measurement, and with --json-out appends one JSON record per measurement.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>

#include "http_client.hpp"
#include "stdio_client.hpp"

namespace sb = sciorex::bench;
using nlohmann::json;

namespace {

struct Common {
  std::string label;
  std::string json_out;
  std::string server_stderr;
  std::vector<std::string> env;
  std::string pre, post;
  std::string tool, method, args, params;
  std::uint64_t n = 1000, warmup = 0;
  double time_limit = 60;
  int repeat = 1;
};

struct Prefill {
  std::string tool, args;
  std::uint64_t n = 0;
  unsigned window = 64;
};

void add_common(CLI::App* app, Common& c) {
  app->add_option("--label", c.label, "Name of this measurement in the output");
  app->add_option("--json-out", c.json_out, "Append one JSON record per measurement to this file");
  app->add_option("--server-stderr", c.server_stderr, "Where the server's stderr goes (default /dev/null)");
  app->add_option("--env", c.env, "KEY=VALUE for the server's environment (repeatable)");
  app->add_option("--pre", c.pre, "Shell command run before each server start");
  app->add_option("--post", c.post, "Shell command run after each server stop (its failure fails the run)");
  app->add_option("--tool", c.tool, "Tool to call (tools/call)");
  app->add_option("--args", c.args, "Arguments template, e.g. '{\"ticketId\":\"T-{i%1000+1:03d}\"}'");
  app->add_option("--method", c.method, "Method to send instead of a tool call (e.g. ping)");
  app->add_option("--params", c.params, "Params template for --method");
  app->add_option("-n", c.n, "Measured requests")->capture_default_str();
  app->add_option("--warmup", c.warmup, "Unmeasured requests first (same template, indices after N)");
  app->add_option("--time-limit", c.time_limit, "Stop sending after this many seconds")
      ->capture_default_str();
  app->add_option("--repeat", c.repeat, "Fresh server per repeat; the median by throughput is reported")
      ->capture_default_str();
}

sb::LoadSpec make_spec(const std::string& tool, const std::string& method, const std::string& tpl,
                       std::uint64_t n, unsigned window, double limit, std::uint64_t offset) {
  sb::LoadSpec s;
  if (!method.empty()) s.method = method;
  s.tool = tool;
  if (!tpl.empty()) {
    s.params = sb::Template(tpl);
    if (!json::accept(s.params->render(0)))
      throw std::invalid_argument("the template is not JSON once filled: " + s.params->render(0));
  }
  s.n = n;
  s.window = std::max(1u, window);
  s.time_limit_s = limit;
  s.index_offset = offset;
  return s;
}

json record(const Common& c, const std::string& mode, const sb::LoadResult& r) {
  sb::Stats st = sb::latency_stats(r.latencies);
  json j = {{"label", c.label},
            {"mode", mode},
            {"what", c.tool.empty() ? c.method : c.tool},
            {"n", r.sent},
            {"ok", r.ok},
            {"failed", r.failed},
            {"rps", r.rps()},
            {"p50_us", st.p50_us},
            {"p99_us", st.p99_us},
            {"max_us", st.max_us},
            {"mean_us", st.mean_us},
            {"elapsed_s", r.elapsed_s}};
  if (!r.first_problem.empty()) j["problem"] = r.first_problem;
  return j;
}

void emit(const Common& c, const json& j) {
  std::string line = "[" + j.value("label", std::string()) + "] " + j.value("what", std::string());
  char buf[512];
  std::snprintf(buf, sizeof buf, " n=%llu ok=%llu failed=%llu  %.0f req/s  p50 %.1f us  p99 %.1f us",
                j.value("n", 0ULL), j.value("ok", 0ULL), j.value("failed", 0ULL), j.value("rps", 0.0),
                j.value("p50_us", 0.0), j.value("p99_us", 0.0));
  line += buf;
  for (const char* k : {"window", "connections", "start_ms", "rss_peak_kb", "rss_before_kb", "rss_after_kb"})
    if (j.contains(k)) line += std::string("  ") + k + "=" + j[k].dump();
  if (j.contains("problem")) line += "  first problem: " + j["problem"].get<std::string>();
  std::cout << line << std::endl;
  if (!c.json_out.empty()) {
    std::ofstream f(c.json_out, std::ios::app);
    f << j.dump() << "\n";
  }
}

json median_by_rps(std::vector<json> runs) {
  std::sort(runs.begin(), runs.end(), [](const json& a, const json& b) { return a["rps"] < b["rps"]; });
  json m = runs[runs.size() / 2];
  m["repeats"] = runs.size();
  json all = json::array();
  for (const auto& r : runs) all.push_back(r["rps"]);
  m["rps_all"] = all;
  return m;
}

bool run_shell(const std::string& what, const std::string& cmd) {
  if (cmd.empty()) return true;
  int rc = sb::shell(cmd);
  if (rc != 0) std::cerr << "sciorex-bench: " << what << " command failed (" << rc << "): " << cmd << "\n";
  return rc == 0;
}

// --- stdio ----------------------------------------------------------------------------------------

// The MCP handshake with a spawned server, or false after saying on stderr why it failed.
bool handshake(sb::StdioClient& client, const std::string& cmd) {
  std::string problem;
  if (client.handshake(problem)) return true;
  std::cerr << "sciorex-bench: " << cmd << ": " << problem << "\n";
  return false;
}

int run_stdio(const Common& c, const std::string& cmd, unsigned window, const Prefill& pre) {
  std::vector<json> runs;
  bool failed = false;
  for (int rep = 0; rep < std::max(1, c.repeat); ++rep) {
    if (!run_shell("--pre", c.pre)) return 2;
    const auto t_spawn = sb::Clock::now();
    sb::Process server(cmd, c.server_stderr, c.env);
    sb::StdioClient client(server);
    if (!handshake(client, cmd)) return 2;
    const double start_ms = sb::seconds_since(t_spawn) * 1e3;
    if (pre.n > 0) {
      auto spec = make_spec(pre.tool, "", pre.args, pre.n, pre.window, 3600, 0);
      auto r = client.run(spec);
      if (r.failed > 0 || r.ok != pre.n) {
        std::cerr << "sciorex-bench: prefill failed: " << r.first_problem << "\n";
        return 2;
      }
      std::cout << "[" << c.label << "] prefill " << pre.n << " x " << pre.tool << ": "
                << static_cast<long>(r.rps()) << " req/s" << std::endl;
    }
    if (c.warmup > 0) {
      auto r = client.run(make_spec(c.tool, c.method, !c.tool.empty() ? c.args : c.params, c.warmup, window,
                                    c.time_limit, c.n));
      if (r.failed > 0) {
        std::cerr << "sciorex-bench: warmup failed: " << r.first_problem << "\n";
        failed = true;
      }
    }
    const long rss_before = sb::current_rss_kb(server.pid());
    auto r = client.run(
        make_spec(c.tool, c.method, !c.tool.empty() ? c.args : c.params, c.n, window, c.time_limit, 0));
    json j = record(c, "stdio", r);
    j["window"] = window;
    j["start_ms"] = start_ms;
    j["rss_before_kb"] = rss_before;
    j["rss_after_kb"] = sb::current_rss_kb(server.pid());
    j["rss_peak_kb"] = sb::peak_rss_kb(server.pid());
    server.stop();
    if (!run_shell("--post", c.post)) failed = true;
    if (r.failed > 0 || r.ok == 0) failed = true;
    runs.push_back(std::move(j));
  }
  emit(c, median_by_rps(std::move(runs)));
  return failed ? 1 : 0;
}

// --- startup --------------------------------------------------------------------------------------

int run_startup(const Common& c, const std::string& cmd, int runs) {
  std::vector<double> times;
  long peak = 0;
  for (int k = 0; k < std::max(1, runs); ++k) {
    if (!run_shell("--pre", c.pre)) return 2;
    const auto t_spawn = sb::Clock::now();
    sb::Process server(cmd, c.server_stderr, c.env);
    sb::StdioClient client(server);
    if (!handshake(client, cmd)) return 2;
    times.push_back(sb::seconds_since(t_spawn));
    peak = std::max(peak, sb::peak_rss_kb(server.pid()));
    server.stop();
  }
  sb::Stats st = sb::latency_stats(times);
  json j = {{"label", c.label},
            {"mode", "startup"},
            {"what", "initialize"},
            {"n", times.size()},
            {"ok", times.size()},
            {"failed", 0},
            {"rps", 0},
            {"start_ms", st.p50_us / 1e3},
            {"start_min_ms", *std::min_element(times.begin(), times.end()) * 1e3},
            {"p50_us", st.p50_us},
            {"p99_us", st.p99_us},
            {"rss_peak_kb", peak}};
  emit(c, j);
  return 0;
}

// --- http -----------------------------------------------------------------------------------------

int run_http(const Common& c, std::string server_cmd, const std::string& url,
             const std::vector<unsigned>& levels) {
  if (!run_shell("--pre", c.pre)) return 2;
  std::string host = "127.0.0.1", path = "/mcp";
  int port = 0;
  std::unique_ptr<sb::Process> server;
  const auto t_spawn = sb::Clock::now();
  if (!server_cmd.empty()) {
    port = sb::free_port();
    for (auto at = server_cmd.find("{port}"); at != std::string::npos; at = server_cmd.find("{port}"))
      server_cmd.replace(at, 6, std::to_string(port));
    server = std::make_unique<sb::Process>(server_cmd, c.server_stderr, c.env);
  } else {
    std::smatch m;
    static const std::regex re(R"(^http://([0-9.]+):(\d+)(/.*)?$)");
    if (!std::regex_match(url, m, re)) {
      std::cerr << "sciorex-bench: --url must be http://127.0.0.1:PORT/PATH (loopback only)\n";
      return 2;
    }
    host = m[1];
    port = std::stoi(m[2]);
    if (m[3].matched) path = m[3];
  }
  sb::HttpClient client(host, port, path);
  std::string problem;
  if (!client.wait_ready(30) || !client.handshake(problem)) {
    std::cerr << "sciorex-bench: HTTP server not ready: " << problem << "\n";
    return 2;
  }
  const double start_ms = sb::seconds_since(t_spawn) * 1e3;
  bool failed = false;
  std::uint64_t offset = 0;
  const std::string& tpl = !c.tool.empty() ? c.args : c.params;
  for (unsigned conns : levels) {
    if (c.warmup > 0) {
      auto r = client.run(make_spec(c.tool, c.method, tpl, c.warmup, 1, c.time_limit, offset), conns);
      offset += c.warmup;
      if (r.failed > 0) {
        std::cerr << "sciorex-bench: warmup failed: " << r.first_problem << "\n";
        failed = true;
      }
    }
    const long before = server ? sb::current_rss_kb(server->pid()) : 0;
    auto r = client.run(make_spec(c.tool, c.method, tpl, c.n, 1, c.time_limit, offset), conns);
    offset += c.n;
    json j = record(c, "http", r);
    j["label"] = c.label + "@" + std::to_string(conns);
    j["connections"] = conns;
    j["start_ms"] = start_ms;
    if (server) {
      j["rss_before_kb"] = before;
      j["rss_after_kb"] = sb::current_rss_kb(server->pid());
      j["rss_peak_kb"] = sb::peak_rss_kb(server->pid());
    }
    if (r.failed > 0 || r.ok == 0) failed = true;
    emit(c, j);
  }
  client.end_session();
  if (server) server->stop();
  if (!run_shell("--post", c.post)) failed = true;
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sciorex-bench: load an MCP server over stdio or HTTP and measure it"};
  app.require_subcommand(1);
  Common c;
  std::string cmd, server_cmd, url;
  unsigned window = 1;
  int runs = 10;
  Prefill pre;
  std::vector<unsigned> levels{1};

  auto* stdio = app.add_subcommand("stdio", "Spawn CMD and call it over its stdin/stdout");
  add_common(stdio, c);
  stdio->add_option("--cmd", cmd, "Server command (run by /bin/sh)")->required();
  stdio->add_option("-w,--window", window, "Requests in flight (1 = sequential round trips)")
      ->capture_default_str();
  stdio->add_option("--prefill-tool", pre.tool, "Tool called before the measurement (unmeasured)");
  stdio->add_option("--prefill-args", pre.args, "Its arguments template");
  stdio->add_option("--prefill-n", pre.n, "How many prefill calls");
  stdio->add_option("--prefill-window", pre.window, "Prefill calls in flight")->capture_default_str();

  auto* startup = app.add_subcommand("startup", "Time from spawn to the initialize answer");
  add_common(startup, c);
  startup->add_option("--cmd", cmd, "Server command (run by /bin/sh)")->required();
  startup->add_option("--runs", runs, "Spawns (the median is reported)")->capture_default_str();

  auto* http = app.add_subcommand("http", "Call a Streamable HTTP server on loopback");
  add_common(http, c);
  http->add_option("--server-cmd", server_cmd, "Server command; {port} is replaced by a free port");
  http->add_option("--url", url, "An already running server, http://127.0.0.1:PORT/mcp");
  http->add_option("-c,--connections", levels, "Connection counts, e.g. -c 1,8,32")->delimiter(',');

  CLI11_PARSE(app, argc, argv);
  if (c.tool.empty() && c.method.empty() && !startup->parsed()) {
    std::cerr << "sciorex-bench: give --tool or --method\n";
    return 2;
  }
  if (c.label.empty()) c.label = startup->parsed() ? "startup" : c.tool.empty() ? c.method : c.tool;
  try {
    if (stdio->parsed()) return run_stdio(c, cmd, window, pre);
    if (startup->parsed()) return run_startup(c, cmd, runs);
    if (server_cmd.empty() == url.empty()) {
      std::cerr << "sciorex-bench: give one of --server-cmd and --url\n";
      return 2;
    }
    return run_http(c, server_cmd, url, levels);
  } catch (const std::exception& e) {
    std::cerr << "sciorex-bench: " << e.what() << "\n";
    return 2;
  }
}
