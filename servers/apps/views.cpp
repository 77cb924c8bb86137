// The views as embedded at build time from views/ (cmake/embed_files.cmake).
#include "sciorex/apps/views.hpp"

#include <string>
#include <utility>

namespace sciorex::apps {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();

std::vector<std::string_view> view_names() { return {"board", "ticket", "question"}; }

std::string_view view_html(std::string_view name) {
  const std::string file = std::string(name) + ".html";
  for (const auto& [path, bytes] : embedded_files())
    if (path == file) return bytes;
  return {};
}

std::string view_uri(std::string_view name) { return "ui://sciorex/" + std::string(name); }

}  // namespace sciorex::apps
