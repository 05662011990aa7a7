// UTF-8 validation and character-safe truncation.
#include "pt/utf8.h"

namespace pt::utf8 {

std::optional<std::size_t> first_invalid(std::string_view s) noexcept {
  const auto n = s.size();
  std::size_t i = 0;
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < n) {
    const unsigned char c = b(i);
    if (c < 0x80) { ++i; continue; }
    std::size_t need;
    char32_t cp, min;
    if ((c & 0xE0) == 0xC0) { need = 1; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { need = 2; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { need = 3; cp = c & 0x07; min = 0x10000; }
    else return i;
    if (i + need >= n) return i;
    for (std::size_t k = 1; k <= need; ++k) {
      if ((b(i + k) & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += need + 1;
  }
  return std::nullopt;
}

std::size_t safe_prefix(std::string_view text, std::size_t max_bytes) noexcept {
  if (max_bytes >= text.size()) return text.size();
  std::size_t n = max_bytes;
  while (n > 0 && !is_char_start(text, n)) --n;
  return n;
}

}  // namespace pt::utf8
