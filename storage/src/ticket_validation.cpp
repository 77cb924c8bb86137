// The checks every write makes before anything reaches the database: titles, lengths in
// characters, labels, id syntax and list limits. Each refusal is StoreError(InvalidArgument).
#include "ticket_validation.hpp"

#include <regex>

#include "sciorex/storage/errors.hpp"
#include "sciorex/text/utf8.hpp"

namespace sciorex::storage::detail {

std::string checked_title(const std::string& title, std::string_view field) {
  const auto b = title.find_first_not_of(" \t\r\n");
  if (b == std::string::npos)
    throw StoreError::invalid_argument("The " + std::string(field) + " must not be empty.");
  const auto e = title.find_last_not_of(" \t\r\n");
  std::string t = title.substr(b, e - b + 1);
  check_length(t, kMaxTitle, field);
  return t;
}

void check_length(const std::string& s, std::size_t max, std::string_view field) {
  if (s.find('\0') != std::string::npos)
    throw StoreError::invalid_argument("The " + std::string(field) +
                                       " must not contain a NUL character (U+0000).");
  if (s.size() <= max) return;  // a character takes at least one byte
  const std::size_t n = utf8::character_count(s);
  if (n > max)
    throw StoreError::invalid_argument("The " + std::string(field) + " is too long (" + std::to_string(n) +
                                       " characters; at most " + std::to_string(max) + ").");
}

void check_labels(const std::vector<std::string>& labels) {
  if (labels.size() > kMaxLabels)
    throw StoreError::invalid_argument("Too many labels (" + std::to_string(labels.size()) + "; at most " +
                                       std::to_string(kMaxLabels) + ").");
  for (const auto& l : labels) {
    if (l.empty()) throw StoreError::invalid_argument("A label must not be empty.");
    check_length(l, kMaxLabel, "label");
  }
}

void check_id_syntax(const std::string& id, std::string_view field) {
  static const std::regex re("^[A-Za-z][A-Za-z0-9]{0,4}-[0-9]{1,12}$");
  if (!std::regex_match(id, re))
    throw StoreError::invalid_argument("Invalid " + std::string(field) + " '" + id.substr(0, 80) +
                                       "': expected an id like T-001.");
}

void check_limit(int limit) {
  if (limit < 1 || limit > kMaxLimit)
    throw StoreError::invalid_argument("Invalid limit " + std::to_string(limit) + ": use 1 to " +
                                       std::to_string(kMaxLimit) + ".");
}

std::string fts_phrase(const std::string& q) {
  std::string phrase = "\"";
  for (char c : q) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
  return phrase + "\"";
}

std::string like_pattern(const std::string& q) {
  std::string pattern = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

}  // namespace sciorex::storage::detail
