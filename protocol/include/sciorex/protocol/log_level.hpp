#pragma once
// MCP logging levels (RFC 5424 severities, as the spec names them).
#include <optional>
#include <string_view>

namespace sciorex::protocol {

enum class LogLevel { debug = 0, info, notice, warning, error, critical, alert, emergency };

std::optional<LogLevel> parse_log_level(std::string_view name) noexcept;
std::string_view to_string(LogLevel level) noexcept;

}  // namespace sciorex::protocol
