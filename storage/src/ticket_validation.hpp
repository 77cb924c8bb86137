// The limits and checks every write makes before anything reaches the database. Private to the
// storage library.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sciorex::storage::detail {

// Limits enforced before anything reaches the database, in characters (Unicode code points), as
// the tools' schemas count them (JSON Schema's maxLength).
inline constexpr std::size_t kMaxTitle = 500;
inline constexpr std::size_t kMaxDescription = 100'000;
inline constexpr std::size_t kMaxLabel = 100;
inline constexpr std::size_t kMaxLabels = 50;
inline constexpr std::size_t kMaxComment = 20'000;
inline constexpr std::size_t kMaxMessage = 5'000;
inline constexpr std::size_t kMaxShort = 200;  // ids, session ids, kinds
// A search query: as long as a title, the longest text a person would search for by its words;
// the search tool advertises it as its maxLength.
inline constexpr std::size_t kMaxQuery = 500;
inline constexpr std::size_t kMaxUrl = 2'048;
inline constexpr int kMaxLimit = 500;

// Validation; all throw StoreError(InvalidArgument).
std::string checked_title(const std::string& title, std::string_view field = "title");
// At most `max` characters, and no NUL (U+0000): SQLite's text functions, C strings and terminals
// cut text at a NUL, so text after it could be stored yet never found or shown.
void check_length(const std::string& s, std::size_t max, std::string_view field);
void check_labels(const std::vector<std::string>& labels);
void check_id_syntax(const std::string& id, std::string_view field);
void check_limit(int limit);

// A search query's text as the two searches take it: a phrase for SQLite's FTS5 trigram index
// ("quoted", quotes doubled: a substring anywhere, case-insensitively), and a pattern for LIKE /
// ILIKE with ESCAPE '\' (%escaped%, its %, _ and \ matched as themselves).
std::string fts_phrase(const std::string& q);
std::string like_pattern(const std::string& q);

}  // namespace sciorex::storage::detail
