#include "request.hpp"

#include <algorithm>
#include <charconv>

#include "sciorex/text/utf8.hpp"

namespace sciorex::board {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (s[i] == '%') {
      const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
      const int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) throw ApiError::invalid("A bad %-escape in the address.");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  if (out.find('\0') != std::string::npos) throw ApiError::invalid("The address holds a NUL character.");
  if (!utf8::is_valid(out)) throw ApiError::invalid("The address is not valid UTF-8.");
  return out;
}

std::vector<std::string> path_segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    auto end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(percent_decode(path.substr(pos, end - pos)));
    pos = end;
  }
  return out;
}

Query::Query(std::string_view query) {
  std::size_t pos = 0;
  while (pos <= query.size() && !query.empty()) {
    auto end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view item = query.substr(pos, end - pos);
    if (!item.empty()) {
      auto eq = item.find('=');
      std::string name = percent_decode(item.substr(0, eq), true);
      std::string value = eq == std::string_view::npos ? "" : percent_decode(item.substr(eq + 1), true);
      if (values_.count(name)) throw ApiError::invalid("The parameter \"" + name + "\" is given twice.");
      values_[name] = value;
    }
    pos = end + 1;
  }
}

void Query::only(std::initializer_list<const char*> known) const {
  for (const auto& entry : values_) {
    const std::string& name = entry.first;
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return name == k; })) {
      std::string list;
      for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      throw ApiError::invalid("Unknown parameter \"" + name + "\"; this address takes: " + list + ".");
    }
  }
}

std::optional<std::string> Query::text(const char* name, std::size_t max_chars) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  if (utf8::character_count(it->second) > max_chars)
    throw ApiError::invalid("The parameter \"" + std::string(name) + "\" is longer than " +
                            std::to_string(max_chars) + " characters.");
  return it->second;
}

int Query::integer(const char* name, int fallback, int min, int max) const {
  auto v = text(name, 20);
  if (!v) return fallback;
  int n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < min || n > max)
    throw ApiError::invalid("The parameter \"" + std::string(name) + "\" must be a whole number from " +
                            std::to_string(min) + " to " + std::to_string(max) + ".");
  return n;
}

bool Query::flag(const char* name) const {
  auto v = text(name, 10);
  if (!v) return false;
  if (*v == "1" || *v == "true") return true;
  if (*v == "0" || *v == "false") return false;
  throw ApiError::invalid("The parameter \"" + std::string(name) + "\" must be 1 or 0.");
}

json json_body(const transport::RouteRequest& r, std::size_t max_bytes) {
  if (r.body.size() > max_bytes)
    throw ApiError::too_large("The request body is larger than " + std::to_string(max_bytes) + " bytes.");
  if (auto ct = r.header("Content-Type")) {
    std::string media(ct->substr(0, ct->find(';')));
    media.erase(std::remove(media.begin(), media.end(), ' '), media.end());
    std::transform(media.begin(), media.end(), media.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (media != "application/json") throw ApiError{415, "invalid", "Send the body as application/json."};
  }
  json j = json::parse(r.body, nullptr, false);
  if (j.is_discarded()) throw ApiError::invalid("The request body is not valid JSON (in UTF-8).");
  if (!j.is_object()) throw ApiError::invalid("The request body must be a JSON object.");
  return j;
}

}  // namespace sciorex::board
