#include "sciorex/common/terminal_text.hpp"

#include <cstdint>
#include <cstdio>

#include "sciorex/text/utf8.hpp"

namespace sciorex::common {

namespace {

std::string hex_escape(const char* format, std::uint32_t value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, format, static_cast<unsigned>(value));
  return buf;
}

bool invisible(std::uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 || cp == 0x200E || cp == 0x200F;
}

}  // namespace

std::string visible(std::string_view text, Lines lines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    const std::size_t n = utf8::decode(text, i, cp);
    if (n == 0) {
      out += hex_escape("\\x%02x", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (!invisible(cp) || (lines == Lines::many && (cp == '\n' || cp == '\t'))) {
      out.append(text.substr(i, n));
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else {
      out += cp < 0x80 ? hex_escape("\\x%02x", cp) : hex_escape("\\u%04x", cp);
    }
    i += n;
  }
  return out;
}

}  // namespace sciorex::common
