#include "cli_run.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <random>

#include "child_process.hpp"

namespace sciorex::cli_test {

Run run(const char* binary, const std::vector<std::string>& args, const RunOptions& o) {
  testing::SpawnOptions spawn;
  spawn.argv = {binary};
  spawn.argv.insert(spawn.argv.end(), args.begin(), args.end());
  spawn.cwd = o.cwd;
  spawn.unset = {"CLAUDE_PROJECT_DIR", "SCIOREX_DB"};
  for (const auto& [k, v] : o.env) {
    if (v.empty())
      spawn.unset.push_back(k);
    else
      spawn.set.emplace_back(k, v);
  }
  testing::ChildProcess child(spawn);
  if (!o.input.empty()) (void)child.write_all(o.input);
  child.close_stdin();

  auto output = child.read_to_end(std::chrono::seconds(30));
  if (!output.complete) child.kill(SIGKILL);
  Run r;
  r.out = std::move(output.out);
  r.err = std::move(output.err);
  r.code = testing::exit_code(child.finish(std::chrono::seconds(30)));
  return r;
}

}  // namespace sciorex::cli_test
