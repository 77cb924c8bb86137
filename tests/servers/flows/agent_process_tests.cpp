// An agent process's end: its timeout and its cancel stop the whole process group (a child the
// agent started dies too, even one that ignores SIGTERM), and what it leaves behind when it exits
// is stopped as well.
#include <catch2/catch.hpp>
#include <csignal>
#include <future>
#include <string>

#include "agent_process.hpp"
#include "launcher_fixture.hpp"
#include "wait_until.hpp"

using namespace sciorex;
using namespace sciorex::flows_test;
using ProcessEnd = flows::ProcessResult::End;

namespace {

// A script that starts a child (its pid in child.pid), says so, and waits for it.
flows::ProcessSpec sleeper(const LauncherFixture& f, const std::string& trap = "") {
  flows::ProcessSpec spec;
  spec.argv = {
      f.script("sleeper.sh", trap + "sleep 1000 &\necho $! > child.pid\necho started\nwait").string()};
  spec.cwd = f.dir.path();
  spec.log_file = f.dir.path() / "runs" / "sleeper.log";
  spec.kill_grace = std::chrono::milliseconds(300);
  return spec;
}

long child_pid(const LauncherFixture& f) {
  long pid = 0;
  REQUIRE(testing::poll_until([&] { return (std::ifstream(f.dir.path() / "child.pid") >> pid) && pid > 0; },
                              10s));
  return pid;
}

}  // namespace

TEST_CASE("a timeout stops the agent's whole process group", "[flows][process]") {
  LauncherFixture f;
  auto spec = sleeper(f);
  spec.timeout = std::chrono::milliseconds(500);
  std::atomic<bool> cancel{false};
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = flows::run_process(spec, cancel);
  CHECK(r.end == ProcessEnd::TimedOut);
  CHECK(r.out == "started\n");
  CHECK(std::chrono::steady_clock::now() - t0 < 5s);
  const long pid = child_pid(f);
  CHECK(testing::poll_until([&] { return !process_alive(pid); }, 5s));
}

TEST_CASE("a cancel stops the agent's whole process group, SIGKILL for what ignores SIGTERM",
          "[flows][process]") {
  LauncherFixture f;
  auto spec = sleeper(f, "trap '' TERM\n");  // the script and its child both ignore SIGTERM
  std::atomic<bool> cancel{false};
  auto done = std::async(std::launch::async, [&] { return flows::run_process(spec, cancel); });
  const long pid = child_pid(f);
  CHECK(process_alive(pid));
  cancel = true;
  const auto r = done.get();
  CHECK(r.end == ProcessEnd::Cancelled);
  CHECK(testing::poll_until([&] { return !process_alive(pid); }, 5s));
  CHECK(read_file(spec.log_file) == "started\n");
}

TEST_CASE("what an agent leaves running when it exits is stopped", "[flows][process]") {
  LauncherFixture f;
  flows::ProcessSpec spec;
  spec.argv = {f.script("leaver.sh", "sleep 1000 >/dev/null 2>&1 &\necho $! > child.pid\necho bye").string()};
  spec.cwd = f.dir.path();
  spec.log_file = f.dir.path() / "leaver.log";
  spec.kill_grace = std::chrono::milliseconds(300);
  std::atomic<bool> cancel{false};
  const auto r = flows::run_process(spec, cancel);
  CHECK(r.end == ProcessEnd::Exited);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "bye\n");
  const long pid = child_pid(f);
  CHECK(testing::poll_until([&] { return !process_alive(pid); }, 5s));
}

TEST_CASE("on_tick runs while the agent does, and a signal that kills it is its end", "[flows][process]") {
  LauncherFixture f;
  flows::ProcessSpec spec;
  spec.argv = {f.script("self.sh", "read line < ticked; kill -KILL $$").string()};
  spec.cwd = f.dir.path();
  spec.log_file = f.dir.path() / "self.log";
  spec.tick = std::chrono::milliseconds(10);
  REQUIRE(::mkfifo((f.dir.path() / "ticked").c_str(), 0600) == 0);
  std::atomic<bool> cancel{false};
  int ticks = 0;
  const auto r = flows::run_process(spec, cancel, [&] {
    if (++ticks == 3) std::ofstream(f.dir.path() / "ticked") << "go\n";
  });
  CHECK(ticks >= 3);
  CHECK(r.end == ProcessEnd::Signalled);
  CHECK(r.signal == SIGKILL);
}

TEST_CASE("find_on_path: a name on PATH, a path, or nothing", "[flows][process]") {
  CHECK(flows::find_on_path("sh").has_value());
  CHECK(flows::find_on_path("/bin/sh") == fs::path("/bin/sh"));
  CHECK_FALSE(flows::find_on_path("sciorex-no-such-command"));
  LauncherFixture f;
  const fs::path plain = f.dir.path() / "plain.txt";
  std::ofstream(plain) << "not a program\n";
  CHECK_FALSE(flows::find_on_path(plain.string()));  // not executable
  CHECK_FALSE(flows::find_on_path(""));
}
