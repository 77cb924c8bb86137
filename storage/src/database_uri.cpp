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

}  // namespace sciorex::storage
