#pragma once
// The seam between transports and the dispatcher. A transport moves whole messages; for each
// inbound message it hands the dispatcher a Sink, where everything about that message goes:
// interim messages (progress, log messages, 2025 server-to-client requests, subscription
// notifications) and, exactly once, the final outcome. A Peer is the protocol-side state of one
// stdio process or one 2025 HTTP session; a 2026 HTTP request gets a fresh, stateless Peer.

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sciorex/protocol/versions.hpp"

namespace sciorex::protocol {

// How an inbound message was disposed of; lets a transport choose HTTP status and headers (the
// HTTP transport's http_status_for).
struct Disposition {
  Era era = Era::legacy;
  bool accepted_without_reply = false;  // a notification or a response: HTTP 202, no body
  int error_code = 0;                   // 0 when the reply is a result
  bool session_started = false;         // a successful 2025 initialize: mint a session id
  bool cancelled = false;               // the request was cancelled: send nothing more
  // The error came from the envelope (parse, shape, era rules, 2026 header/_meta checks,
  // unknown method) rather than from the method itself: HTTP answers 400 (404 for -32601).
  bool envelope_error = false;
  bool unknown_session = false;  // a 2025 message on an ended or unknown session: HTTP 404
};

// Thread-safe: interim messages and the final outcome may come from worker threads.
class Sink {
 public:
  virtual ~Sink() = default;
  // An interim message tied to this inbound request. Returns false when it cannot be delivered.
  virtual bool send(const nlohmann::json& message) = 0;
  // The final outcome: `response` is null when nothing is to be answered. Called exactly once.
  virtual void finish(const nlohmann::json* response, const Disposition& disposition) = 0;
  // True once the other side went away (an HTTP response stream closed): counts as cancellation.
  virtual bool closed() const noexcept { return false; }
};

// A person a transport authenticated (HTTP per-person tokens; issue 13). Handlers read it through
// RequestContext::principal(): changes are recorded as theirs, and a read-only person's writes
// are refused with a tool error.
struct Principal {
  std::string name;        // "alice"
  bool read_only = false;  // may list, read and search only
};

// Request-metadata headers of a Streamable HTTP POST, for the dispatcher's 2026 header checks.
struct HttpHeaders {
  std::optional<std::string> protocol_version;  // MCP-Protocol-Version
  std::optional<std::string> mcp_method;        // Mcp-Method
  std::optional<std::string> mcp_name;          // Mcp-Name
  bool has_session_id = false;                  // Mcp-Session-Id present
  // Mcp-Param-{Name} headers: (lower-cased Name, value with optional whitespace trimmed).
  std::vector<std::pair<std::string, std::string>> mcp_params;
  // The person the transport authenticated the request as (a per-person bearer token), if any.
  std::optional<Principal> principal;
};

class PeerState;  // dispatcher-private

// One client connection's protocol state. Thread-safe. Owned by the transport (shared with the
// dispatcher while requests of it are in flight).
class Peer {
 public:
  Peer();
  ~Peer();
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  // Where notifications that belong to no request go (stdio: stdout; 2025 HTTP: the GET stream).
  // May be null (such notifications are then dropped).
  void set_standalone(std::shared_ptr<Sink> sink);
  // True after a successful 2025 initialize on this peer.
  bool initialized() const;
  // The negotiated 2025 version, empty before initialize.
  std::string negotiated_version() const;
  // Marks a stand-in for a session id the transport does not know (ended or never issued):
  // 2025 messages on it are refused as belonging to an unknown session.
  void mark_unknown_session();
  // Ends the peer: cancels its requests in flight and fails its pending server-to-client requests.
  void close();

  PeerState& state() { return *state_; }

 private:
  std::unique_ptr<PeerState> state_;
};

}  // namespace sciorex::protocol
