// A Streamable HTTP client for loopback servers: one MCP session (initialize, initialized), then
// loads over C keep-alive connections, each with one request at a time, driven by one poll loop
// so the client stays cheap. Answers may be application/json or text/event-stream (chunked or
// with a length); every answer is checked like the stdio client does.
#pragma once

#include <string>

#include "load.hpp"

namespace sciorex::bench {

class HttpClient {
 public:
  HttpClient(std::string host, int port, std::string path);

  // Waits until the port accepts connections (up to `timeout_s`); false when it never did.
  bool wait_ready(double timeout_s);
  // initialize + notifications/initialized; keeps the session id and negotiated version.
  bool handshake(std::string& problem);
  // Sends spec.n requests over `connections` connections (window is 1 per connection).
  LoadResult run(const LoadSpec& spec, unsigned connections);
  // DELETE of the session (status code, 0 when it failed).
  int end_session();

 private:
  std::string request_head(std::size_t body_size, const char* method = "POST") const;

  std::string host_;
  int port_;
  std::string path_;
  std::string session_id_;
  std::string version_;
  std::int64_t next_id_ = 1;
};

}  // namespace sciorex::bench
