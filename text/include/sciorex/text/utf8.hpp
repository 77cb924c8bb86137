#pragma once
// UTF-8 text by code points: the one helper of the project, below every layer (protocol, storage and
// the servers all include it; it includes only the standard library). Header-only.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sciorex::utf8 {

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

// The length of the well-formed sequence that starts at `p` (before `end`), by the Unicode
// Standard's table 3-7: 1 for ASCII; 0 when ill-formed: a stray or missing continuation byte, an
// overlong form, a surrogate, past U+10FFFF, or cut short by `end`.
inline std::size_t sequence_length(const unsigned char* p, const unsigned char* end) {
  auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return p + k < end && p[k] >= lo && p[k] <= hi;
  };
  const unsigned char c = *p;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// The length of the well-formed sequence at `s[i]` (i < s.size()), its code point in `cp`; 0 when
// ill-formed (as sequence_length).
inline std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = sequence_length(p + i, p + s.size());
  if (n == 0) return 0;
  constexpr unsigned char kLeadBits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  cp = p[i] & kLeadBits[n];
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
  return n;
}

// True when `s` is well-formed UTF-8 throughout.
inline bool is_valid(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const std::size_t n = sequence_length(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

}  // namespace sciorex::utf8
