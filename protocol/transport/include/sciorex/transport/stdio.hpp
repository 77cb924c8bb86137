#pragma once
// stdio transport: one JSON message per line in, one per line out; nothing else on the output.
// Reads from a file descriptor (a pipe in tests) into a reused buffer, hands each whole line to
// the dispatcher, and serialises writes from any thread. Several requests may be in flight; a
// slow handler never delays the next line. Returns at end of input.

#include <cstddef>

#include "sciorex/protocol/server.hpp"

namespace sciorex::transport {

struct StdioOptions {
  int in_fd = 0;
  int out_fd = 1;
  std::size_t max_message_bytes = std::size_t{8} * 1024 * 1024;
  // After end of input: how long requests in flight may still finish and answer.
  std::chrono::milliseconds drain_timeout{2000};
};

// Serves one peer until end of input (or a broken output). Returns 0, or 1 on a read error.
int serve_stdio(protocol::Server& server, const StdioOptions& options = {});

}  // namespace sciorex::transport
