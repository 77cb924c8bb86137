#pragma once
// UTF-8 text by code points, for the protocol and the servers on it: one helper instead of a copy
// per file (storage, which may not include protocol, has its own). Header-only.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sciorex::protocol::utf8 {

// A byte that continues a multi-byte sequence (10xxxxxx) rather than starting a character.
inline bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// The number of code points in UTF-8 text: every byte but a continuation byte starts one.
inline std::size_t character_count(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += !is_continuation(c);
  return n;
}

// `pos`, moved back to the start of the character it falls inside: cutting `s` there keeps whole
// characters. A `pos` at or past the end stays.
inline std::size_t boundary_before(std::string_view s, std::size_t pos) {
  while (pos > 0 && pos < s.size() && is_continuation(static_cast<unsigned char>(s[pos]))) --pos;
  return pos;
}

// The length of the well-formed UTF-8 sequence at `s[i]` (i < s.size()), its code point in `cp`;
// 0 when ill-formed: a stray or missing continuation byte, an overlong form, a surrogate, past
// U+10FFFF, or cut short by the end.
inline std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if (!is_continuation(c)) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  constexpr std::uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kLeast[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace sciorex::protocol::utf8
