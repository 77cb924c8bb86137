#include "definitions_watch.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <system_error>
#include <utility>

namespace sciorex::flows {

DefinitionsWatch::DefinitionsWatch(std::filesystem::path sciorex_dir) : dir_(std::move(sciorex_dir)) {}

std::vector<DefinitionsWatch::FileStamp> DefinitionsWatch::stamps() const {
  namespace fs = std::filesystem;
  std::vector<FileStamp> out;
  for (const char* sub : {"flows", "agents"}) {
    std::error_code ec;
    fs::recursive_directory_iterator it(dir_ / sub, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code fec;
      if (!it->is_regular_file(fec)) continue;
      FileStamp s{it->path().string(), it->file_size(fec), 0};
      const auto t = it->last_write_time(fec);
      s.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
      out.push_back(std::move(s));
    }
  }
  std::sort(out.begin(), out.end(), [](const FileStamp& a, const FileStamp& b) { return a.path < b.path; });
  return out;
}

std::shared_ptr<const Definitions> DefinitionsWatch::reload_if_changed() {
  auto now = stamps();
  if (loaded_ && now == last_) return nullptr;
  const bool first = !loaded_;
  loaded_ = true;
  last_ = std::move(now);
  auto defs = std::make_shared<Definitions>(load_definitions(dir_));
  for (const auto& e : defs->errors) spdlog::error("{}", e.to_string());
  spdlog::info("{} definitions from {}: {} flows, {} agents, {} errors", first ? "loaded" : "reloaded",
               dir_.string(), defs->flows.size(), defs->agents.size(), defs->errors.size());
  return defs;
}

}  // namespace sciorex::flows
