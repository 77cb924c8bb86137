// The load a run sends and what it measured, shared by the stdio and HTTP clients.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench_support.hpp"

namespace sciorex::bench {

inline constexpr const char* kClientVersion = "2025-06-18";  // the era every peer speaks

// N requests of one method (or tools/call of one tool) with templated params/arguments.
struct LoadSpec {
  std::string method = "tools/call";
  std::string tool;                // for tools/call
  std::optional<Template> params;  // tools/call: the arguments; else the params
  std::uint64_t n = 1000;
  unsigned window = 1;             // requests in flight (stdio) / per connection 1 (HTTP)
  double time_limit_s = 60;        // stop sending after this long
  std::uint64_t index_offset = 0;  // {i} of the first request

  // Appends the JSON-RPC request for index i with this id.
  void render(std::uint64_t i, std::int64_t id, std::string& out) const;
};

struct LoadResult {
  std::uint64_t sent = 0, ok = 0, failed = 0;
  std::vector<double> latencies;  // seconds, of answered requests
  double elapsed_s = 0;
  std::string first_problem;
  double rps() const { return elapsed_s > 0 ? static_cast<double>(ok + failed) / elapsed_s : 0; }
};

// The initialize request (id given) and the initialized notification, each one line of JSON.
std::string initialize_request(std::int64_t id);
std::string initialized_notification();

}  // namespace sciorex::bench
