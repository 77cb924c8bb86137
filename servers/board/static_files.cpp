#include "static_files.hpp"

#include <functional>
#include <utility>
#include <vector>

namespace sciorex::board {

// Generated from servers/board/page/ (cmake/embed_files.cmake).
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();

namespace {

constexpr std::string_view kCsrfPlaceholder = "__SCIOREX_CSRF__";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string etag_of(const std::string& bytes) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016zx\"", std::hash<std::string>{}(bytes));
  return buf;
}

}  // namespace

std::string content_type_of(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  for (const auto& [ext, type] : kTypes)
    if (ends_with(name, ext)) return std::string(type);
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const std::string& csrf_token) {
  for (const auto& [path, bytes] : embedded_files()) {
    File f{std::string(bytes), content_type_of(path), ""};
    if (ends_with(path, ".html"))
      for (auto at = f.bytes.find(kCsrfPlaceholder); at != std::string::npos;
           at = f.bytes.find(kCsrfPlaceholder, at + csrf_token.size()))
        f.bytes.replace(at, kCsrfPlaceholder.size(), csrf_token);
    f.etag = etag_of(f.bytes);
    files_.emplace(std::string(path), std::move(f));
  }
}

std::optional<transport::RouteResponse> StaticFiles::serve(
    const std::string& path, std::optional<std::string_view> if_none_match) const {
  auto it = files_.find(path.empty() ? std::string_view("index.html") : std::string_view(path));
  if (it == files_.end()) return std::nullopt;
  const File& f = it->second;
  transport::HeaderList headers{{"ETag", f.etag},
                                {"Cache-Control", "no-cache"},
                                {"X-Content-Type-Options", "nosniff"},
                                {"Referrer-Policy", "no-referrer"}};
  if (ends_with(it->first, ".html")) {
    // The page loads only its own files and talks only to its own API.
    headers.emplace_back(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    headers.emplace_back("X-Frame-Options", "DENY");
  }
  if (if_none_match && *if_none_match == f.etag) return transport::RouteResponse{304, headers, ""};
  headers.emplace_back("Content-Type", f.content_type);
  return transport::RouteResponse{200, headers, f.bytes};
}

std::size_t StaticFiles::total_bytes() const {
  std::size_t n = 0;
  for (const auto& [_, f] : files_) n += f.bytes.size();
  return n;
}

}  // namespace sciorex::board
