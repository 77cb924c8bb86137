// Small value types: protocol versions, log levels, content blocks, URI templates, tool results.
#include <array>

#include "sciorex/protocol/features.hpp"
#include "sciorex/protocol/log_level.hpp"
#include "sciorex/protocol/versions.hpp"

namespace sciorex::protocol {

using nlohmann::json;

std::optional<Era> era_of(std::string_view version) noexcept {
  for (auto v : kModernVersions)
    if (v == version) return Era::modern;
  for (auto v : kLegacyVersions)
    if (v == version) return Era::legacy;
  return std::nullopt;
}

namespace {
constexpr std::array<std::string_view, 8> kLevelNames = {"debug", "info",     "notice", "warning",
                                                         "error", "critical", "alert",  "emergency"};
}

std::optional<LogLevel> parse_log_level(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i)
    if (kLevelNames[i] == name) return static_cast<LogLevel>(i);
  return std::nullopt;
}

std::string_view to_string(LogLevel level) noexcept { return kLevelNames[static_cast<std::size_t>(level)]; }

ToolResult ToolResult::text(std::string text) {
  ToolResult r;
  r.content.push_back(content::text(std::move(text)));
  return r;
}

ToolResult ToolResult::error(std::string text) {
  ToolResult r = ToolResult::text(std::move(text));
  r.is_error = true;
  return r;
}

ToolResult ToolResult::structured_with_text(json structured, std::string text) {
  ToolResult r = ToolResult::text(std::move(text));
  r.structured = std::move(structured);
  return r;
}

namespace content {
json text(std::string text) { return {{"type", "text"}, {"text", std::move(text)}}; }
json image(std::string base64, std::string mime_type) {
  return {{"type", "image"}, {"data", std::move(base64)}, {"mimeType", std::move(mime_type)}};
}
json audio(std::string base64, std::string mime_type) {
  return {{"type", "audio"}, {"data", std::move(base64)}, {"mimeType", std::move(mime_type)}};
}
json embedded_text(std::string uri, std::string mime_type, std::string text) {
  return {
      {"type", "resource"},
      {"resource", {{"uri", std::move(uri)}, {"mimeType", std::move(mime_type)}, {"text", std::move(text)}}}};
}
json resource_link(std::string uri, std::string name, std::optional<std::string> mime_type) {
  json j = {{"type", "resource_link"}, {"uri", std::move(uri)}, {"name", std::move(name)}};
  if (mime_type) j["mimeType"] = *mime_type;
  return j;
}
}  // namespace content

std::optional<std::map<std::string, std::string>> match_uri_template(const std::string& tpl,
                                                                     const std::string& uri) {
  std::map<std::string, std::string> vars;
  std::size_t t = 0, u = 0;
  while (t < tpl.size()) {
    if (tpl[t] == '{') {
      auto close = tpl.find('}', t);
      if (close == std::string::npos) return std::nullopt;
      std::string name = tpl.substr(t + 1, close - t - 1);
      t = close + 1;
      // A variable runs up to the next literal character of the template (or the end); it never
      // spans '/', and must not be empty.
      char stop = t < tpl.size() ? tpl[t] : '\0';
      std::size_t end = u;
      while (end < uri.size() && uri[end] != '/' && (stop == '\0' || uri[end] != stop)) ++end;
      if (end == u) return std::nullopt;
      vars[name] = uri.substr(u, end - u);
      u = end;
    } else {
      if (u >= uri.size() || uri[u] != tpl[t]) return std::nullopt;
      ++t;
      ++u;
    }
  }
  if (u != uri.size()) return std::nullopt;
  return vars;
}

}  // namespace sciorex::protocol
