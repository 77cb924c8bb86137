#include "sciorex/common/host_session.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>

namespace sciorex::common {

std::optional<storage::HostSession> host_session_from(const char* claude_code_session_id) {
  if (claude_code_session_id == nullptr) return std::nullopt;
  const std::string_view id(claude_code_session_id);
  const auto plain = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  };
  if (id.empty() || id.size() > 200 || !std::all_of(id.begin(), id.end(), plain)) return std::nullopt;
  return storage::HostSession{std::string(id), "claude-code"};
}

const std::optional<storage::HostSession>& host_session() {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read once, before any thread could change the environment
  static const std::optional<storage::HostSession> session =
      host_session_from(std::getenv("CLAUDE_CODE_SESSION_ID"));
  return session;
}

}  // namespace sciorex::common
