// Replays every committed fuzz input, the seed corpus and the regressions (inputs that once
// crashed a target), through the same harnesses the libFuzzer targets run (fuzz/harness). A
// harness aborts on a broken contract, so a regression that comes back fails this test (and the
// sanitizer build reports memory errors on them).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "harness.hpp"

namespace {

namespace fs = std::filesystem;
using Harness = void (*)(const std::uint8_t*, std::size_t);

std::size_t replay(const std::string& target, Harness harness) {
  std::size_t n = 0;
  for (const char* kind : {"corpus", "regressions"}) {
    fs::path dir = fs::path(SCIOREX_FUZZ_DIR) / kind / target;
    if (!fs::is_directory(dir)) continue;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      INFO(f.string());
      std::ifstream in(f, std::ios::binary);
      std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
      harness(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++n;
    }
  }
  return n;
}

}  // namespace

TEST_CASE("every committed dispatch_message input replays cleanly", "[hostile][fuzz]") {
  CHECK(replay("dispatch_message", sciorex::fuzz::dispatch_message) > 10);
}

TEST_CASE("every committed tool_arguments input replays cleanly", "[hostile][fuzz]") {
  CHECK(replay("tool_arguments", sciorex::fuzz::tool_arguments) > 10);
}

TEST_CASE("every committed yaml_import input replays cleanly", "[hostile][fuzz]") {
  CHECK(replay("yaml_import", sciorex::fuzz::yaml_import) > 3);
}
