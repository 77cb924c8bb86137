#include "cli_board.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "board.hpp"
#include "cli.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/common/people.hpp"
#include "sciorex/common/version.hpp"
#include "sciorex/transport/http.hpp"
#include "tickets.hpp"

namespace sciorex::tickets {

namespace {

// xdg-open, when the desktop has it, in the background; its output is not ours.
void open_browser(const std::string& url) {
  if (::system("command -v xdg-open >/dev/null 2>&1") != 0) {  // NOLINT(cert-env33-c): a fixed command
    spdlog::warn("--open: xdg-open is not installed; open {} yourself", url);
    return;
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setsid();
    ::execlp("xdg-open", "xdg-open", url.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
}

}  // namespace

void add_board_command(CLI::App& app, BoardCommand& c) {
  c.cmd = app.add_subcommand("board",
                             "Serve the board (a web page of the tickets and the inbox) on --host/--port "
                             "(default: 127.0.0.1, a free port) until Ctrl-C");
  c.cmd->add_flag("--open", c.open, "Open the board in the desktop's browser (xdg-open)");
  c.cmd->add_option("--user", c.user, "Whose writes the page's are, in the history (default: $USER)");
}

int run_board(const BoardCommand& c, const common::TransportOptions& t, const storage::Workspace& workspace,
              const storage::StoreConfig& config) {
  ::signal(SIGPIPE, SIG_IGN);
  board::BoardOptions bo;
  bo.user = c.user.empty() ? common::person_name() : c.user;
  bo.auth_token = t.auth_token;
  bo.version = common::version();
  board::Board board(workspace.db_path.string(), config, bo);
  board.start();
  // People's tokens let the board listen off loopback without --auth-token, as the MCP servers
  // do; the board itself tells who each request is (board.cpp).
  common::TransportOptions with_people = t;
  common::use_people(with_people, board.reader());
  transport::HttpOptions ho = common::http_options(with_people);
  ho.routes = board.handler();
  try {
    return transport::serve_routes(
        ho,
        [&](const std::string& url) {
          std::cerr << "board at " << url << std::endl;  // the one line scripts wait for
          if (c.open) open_browser(t.auth_token.empty() ? url : url + "?token=" + t.auth_token);
        },
        [&] { board.stop(); });
  } catch (const std::exception& e) {
    common::print_error(kProgram, std::string("cannot serve the board: ") + e.what());
    return 2;
  }
}

}  // namespace sciorex::tickets
