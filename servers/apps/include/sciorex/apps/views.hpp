#pragma once
// The MCP Apps views (issue 15): one self-contained HTML document per view, served as the UI
// resources ui://sciorex/<name> with mimeType text/html;profile=mcp-app. Every script and style is
// inline (the extension's default CSP blocks the network); every datum reaches the view through
// the host bridge (tool input, tool result, tools/call).

#include <string>
#include <string_view>
#include <vector>

namespace sciorex::apps {

inline constexpr std::string_view kExtension = "io.modelcontextprotocol/ui";
inline constexpr std::string_view kMimeType = "text/html;profile=mcp-app";

// "board", "ticket", "question"
std::vector<std::string_view> view_names();
// The view's HTML document; empty when `name` is not a view.
std::string_view view_html(std::string_view name);
// "ui://sciorex/" + name
std::string view_uri(std::string_view name);

}  // namespace sciorex::apps
