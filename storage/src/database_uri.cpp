// is_database_uri: the URI schemes and keywords libpq accepts (PostgreSQL 15, "Connection
// Strings": section 34.1.1 and the parameter key words of 34.1.2).
#include "sciorex/storage/database_uri.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace sciorex::storage {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

constexpr std::array<std::string_view, 13> kUriKeywords{"host",
                                                        "hostaddr",
                                                        "port",
                                                        "dbname",
                                                        "user",
                                                        "password",
                                                        "passfile",
                                                        "service",
                                                        "sslmode",
                                                        "options",
                                                        "application_name",
                                                        "connect_timeout",
                                                        "target_session_attrs"};

}  // namespace

bool is_database_uri(const std::string& s) {
  if (starts_with_nocase(s, "postgresql://") || starts_with_nocase(s, "postgres://")) return true;
  std::string_view v = s;
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  const auto eq = v.find('=');
  if (eq == std::string_view::npos) return false;
  std::string_view key = v.substr(0, eq);
  while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
  return std::find(kUriKeywords.begin(), kUriKeywords.end(), key) != kUriKeywords.end();
}

std::string display_store(const std::string& s) {
  if (!is_database_uri(s)) return s;
  std::string out = s;
  if (starts_with_nocase(out, "postgres")) {
    // scheme://user:password@host...: the password runs from the first ':' after "//" to the '@'
    const auto auth = out.find("//") + 2;
    const auto at = out.find('@', auth);
    const auto slash = out.find('/', auth);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const auto colon = out.find(':', auth);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=VALUE in the keyword form or the URI's query (?password=...&...)
  for (std::size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const bool keyword_start =
        p == 0 || out[p - 1] == ' ' || out[p - 1] == '\t' || out[p - 1] == '?' || out[p - 1] == '&';
    if (!keyword_start) continue;
    const auto v = p + 9;
    auto end = out.find_first_of(" \t&", v);
    if (end == std::string::npos) end = out.size();
    out.replace(v, end - v, "***");
  }
  return out;
}

}  // namespace sciorex::storage
