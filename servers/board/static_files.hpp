// The page's files, embedded in the binary from servers/board/page/ at build time: served by path
// with a content type from the extension and an ETag (the browser revalidates; 304 when
// unchanged). index.html gets the process's CSRF token in place of "__SCIOREX_CSRF__" (the
// content of <meta name="sciorex-csrf">). Lookup is by exact name in the embedded table: no
// file system is touched, so no path can reach outside the page.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sciorex/transport/http_routes.hpp"

namespace sciorex::board {

class StaticFiles {
 public:
  explicit StaticFiles(const std::string& csrf_token);
  // The file at `path` ("" or "index.html" for the page); nullopt when there is none.
  std::optional<transport::RouteResponse> serve(const std::string& path,
                                                std::optional<std::string_view> if_none_match) const;
  std::size_t total_bytes() const;

 private:
  struct File {
    std::string bytes;
    std::string content_type;
    std::string etag;
  };
  std::map<std::string, File, std::less<>> files_;
};

// The content type of a file name by its extension ("application/octet-stream" when unknown).
std::string content_type_of(std::string_view name);

}  // namespace sciorex::board
