#pragma once
// The protocol revisions this library speaks, declared once. Two eras (see mcp-spec-checklist §C):
// legacy (initialize handshake, sessions) and modern (stateless, per-request _meta).

#include <array>
#include <optional>
#include <string_view>

namespace sciorex::protocol {

enum class Era { legacy, modern };

inline constexpr std::array<std::string_view, 4> kLegacyVersions = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                                    "2024-11-05"};
inline constexpr std::array<std::string_view, 1> kModernVersions = {"2026-07-28"};
inline constexpr std::string_view kLatestLegacyVersion = kLegacyVersions[0];
inline constexpr std::string_view kLatestModernVersion = kModernVersions[0];

// The era a known revision belongs to; nullopt for a revision this library does not speak.
std::optional<Era> era_of(std::string_view version) noexcept;

// Reserved _meta keys (basic/index).
namespace meta_keys {
inline constexpr const char* protocol_version = "io.modelcontextprotocol/protocolVersion";
inline constexpr const char* client_capabilities = "io.modelcontextprotocol/clientCapabilities";
inline constexpr const char* client_info = "io.modelcontextprotocol/clientInfo";
inline constexpr const char* log_level = "io.modelcontextprotocol/logLevel";
inline constexpr const char* server_info = "io.modelcontextprotocol/serverInfo";
inline constexpr const char* subscription_id = "io.modelcontextprotocol/subscriptionId";
}  // namespace meta_keys

// Extension identifiers (capabilities.extensions keys) this library implements.
inline constexpr const char* kTasksExtension = "io.modelcontextprotocol/tasks";  // 2026 only

}  // namespace sciorex::protocol
