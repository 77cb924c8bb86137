// The views registered as UI resources (resources.hpp).
#include "sciorex/apps/resources.hpp"

#include <stdexcept>
#include <string>

#include "sciorex/apps/views.hpp"

namespace sciorex::apps {

namespace {

using nlohmann::json;

struct ViewInfo {
  std::string_view name, title, description;
  bool prefers_border;
};

// The board draws its own columns edge to edge; the ticket and the question are cards in the
// conversation, so they ask the host for its border.
constexpr ViewInfo kViewInfos[] = {
    {"board", "Sciorex board", "The ticket board: columns by status; move a card to change its status.",
     false},
    {"ticket", "Sciorex ticket", "One ticket: description, subtasks to tick, comments to add.", true},
    {"question", "Sciorex question", "An agent's question or approval request, answered by the person here.",
     true},
};

const ViewInfo& view_info(std::string_view name) {
  for (const auto& v : kViewInfos)
    if (v.name == name && !view_html(name).empty()) return v;
  throw std::invalid_argument("no view named " + std::string(name));
}

json ui_meta(const ViewInfo& v) { return {{"ui", {{"prefersBorder", v.prefers_border}}}}; }

}  // namespace

void add_view_resources(protocol::Server& server, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    const ViewInfo& v = view_info(name);
    std::string uri = view_uri(name);
    json def = {{"uri", uri},
                {"name", "sciorex-" + std::string(name)},
                {"title", std::string(v.title)},
                {"description", std::string(v.description)},
                {"mimeType", std::string(kMimeType)},
                {"_meta", ui_meta(v)}};
    server.add_resource(
        std::move(def),
        [uri, &v](const std::string&, protocol::RequestContext&) -> protocol::ResourceContents {
          return json::array({{{"uri", uri},
                               {"mimeType", std::string(kMimeType)},
                               {"text", std::string(view_html(v.name))},
                               {"_meta", ui_meta(v)}}});
        },
        std::string(kExtension));
  }
}

}  // namespace sciorex::apps
