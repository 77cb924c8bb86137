// `sciorex-tickets board` as a person starts it: it says where it listens, serves the page and the
// API as --user, and ends cleanly at SIGTERM even with a live stream open.
#include <sys/wait.h>

#include <fstream>
#include <sstream>

#include "board_fixture.hpp"
#include "child_process.hpp"
#include "wait_until.hpp"

namespace sciorex::board_test {

TEST_CASE("sciorex-tickets board prints its address, serves as --user, and stops at SIGTERM",
          "[board][command]") {
  testing::TempDir dir("board-cmd", true);
  const auto log = dir.path() / "stderr.log";
  testing::SpawnOptions so;
  so.argv = {SCIOREX_TICKETS_BIN, "board", "--workspace", dir.str(), "--user", "carol"};
  so.stderr_file = log;
  testing::ChildProcess child(so);
  std::uint16_t port = 0;
  testing::poll_until(
      [&] {
        std::ifstream in(log);
        std::stringstream text;
        text << in.rdbuf();
        const std::string s = text.str();
        const std::string key = "board at http://127.0.0.1:";
        auto at = s.find(key);
        if (at != std::string::npos && s.find("/\n", at) != std::string::npos)
          port = static_cast<std::uint16_t>(std::stoi(s.substr(at + key.size())));
        return port != 0 || !child.running();
      },
      std::chrono::seconds(20), std::chrono::milliseconds(20));
  REQUIRE(port != 0);
  HttpClient c(port);
  auto meta = c.request(bhttp::verb::get, "", {}, "127.0.0.1", "/api/meta");
  REQUIRE(meta.status == 200);
  CHECK(meta.json_body()["user"] == "carol");
  CHECK(c.request(bhttp::verb::get, "", {}, "127.0.0.1", "/").status == 200);

  SseReader sse(port, "/api/events");
  REQUIRE(sse.wait_for("retry: 1000", std::chrono::seconds(2)));
  child.kill(SIGTERM);
  auto status = child.wait(std::chrono::seconds(10));
  REQUIRE(status);
  CHECK(WIFEXITED(*status));
  CHECK(WEXITSTATUS(*status) == 0);
}

}  // namespace sciorex::board_test
