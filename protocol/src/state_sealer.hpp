#pragma once
// Seals 2026 `requestState` so a client cannot forge or alter it: base64url(payload) "." base64url
// (HMAC-SHA256(secret, payload)). The payload binds the state to the method and target it was
// issued for and carries an expiry. Thread-safe. A random secret is drawn on first use, not at
// construction: initialising OpenSSL's generator was a third of a stdio server's start-up, and
// most sessions never seal a state.

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace sciorex::protocol::detail {

class StateSealer {
 public:
  // An empty secret draws 32 random bytes.
  StateSealer(std::string secret, std::chrono::seconds lifetime);

  std::string seal(const std::string& binding, const nlohmann::json& state) const;
  // The state, or nullopt when the token is malformed, forged, expired or bound elsewhere.
  std::optional<nlohmann::json> open(const std::string& binding, const std::string& token) const;

 private:
  const std::string& secret() const;

  mutable std::once_flag drawn_;
  mutable std::string secret_;  // written once, under drawn_
  std::chrono::seconds lifetime_;
};

std::string base64url_encode(const std::string& bytes);
std::optional<std::string> base64url_decode(const std::string& text);
// base64url(SHA-256(bytes)): binds a sealed state to a call's arguments without carrying them.
std::string sha256_base64url(const std::string& bytes);
// Cryptographically random bytes (OpenSSL RAND_bytes).
std::string random_bytes(std::size_t n);

}  // namespace sciorex::protocol::detail
