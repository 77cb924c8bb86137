// `sciorex-tickets board`: serves the board (servers/board) on the store over HTTP until SIGINT or
// SIGTERM, and prints "board at http://HOST:PORT/" to stderr once it listens. Its --host, --port,
// --auth-token, --allow-origin and --read-timeout are the main options (they may follow the
// command); its own are --open (start the desktop's browser) and --user (whose writes these are).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "sciorex/common/runner.hpp"
#include "sciorex/storage/config.hpp"

namespace sciorex::tickets {

struct BoardCommand {
  CLI::App* cmd = nullptr;
  bool open = false;
  std::string user;  // default $USER (common::person_name)
};

void add_board_command(CLI::App& app, BoardCommand& c);

// Serves the board; returns the exit code (2 when it cannot listen).
int run_board(const BoardCommand& c, const common::TransportOptions& transport,
              const storage::Workspace& workspace, const storage::StoreConfig& config);

}  // namespace sciorex::tickets
