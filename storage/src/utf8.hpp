// UTF-8 text by code points: the storage library's one helper for it (storage and protocol do not
// include each other; the servers use sciorex/protocol/utf8.hpp). Private to the storage library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sciorex::storage::utf8 {

inline bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// The number of Unicode code points in UTF-8 text: every byte but a continuation byte starts one.
inline std::size_t character_count(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += !is_continuation(c);
  return n;
}

// True when `s` is well-formed UTF-8: no overlong form, no surrogate, nothing past U+10FFFF, no
// sequence cut short.
inline bool is_valid(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if (!is_continuation(cc)) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    constexpr std::uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kLeast[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace sciorex::storage::utf8
