// UTF-8 validation, character-safe truncation and conversion to and from UTF-16.
#include "pt/utf8.h"

namespace pt::utf8 {
namespace {

// The length of the valid UTF-8 sequence at s[i] (its code point in cp), or 0 when it is invalid.
std::size_t sequence_at(std::string_view s, std::size_t i, char32_t& cp) noexcept {
  const auto n = s.size();
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  std::size_t need;
  char32_t v, min;
  if ((c & 0xE0) == 0xC0) { need = 1; v = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { need = 2; v = c & 0x0F; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { need = 3; v = c & 0x07; min = 0x10000; }
  else return 0;
  if (i + need >= n) return 0;
  for (std::size_t k = 1; k <= need; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(i + k) & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  cp = v;
  return need + 1;
}

}  // namespace

std::optional<std::size_t> first_invalid(std::string_view s) noexcept {
  char32_t cp;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = sequence_at(s, i, cp);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

char32_t decode_next(std::string_view s, std::size_t& i) noexcept {
  char32_t cp = 0xFFFD;
  const std::size_t len = sequence_at(s, i, cp);
  i += len == 0 ? 1 : len;
  return len == 0 ? 0xFFFD : cp;
}

std::size_t safe_prefix(std::string_view text, std::size_t max_bytes) noexcept {
  if (max_bytes >= text.size()) return text.size();
  std::size_t n = max_bytes;
  while (n > 0 && !is_char_start(text, n)) --n;
  return n;
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::u16string to_utf16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = decode_next(s, i);
    if (cp >= 0x10000) {
      out.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

std::string from_utf16(std::u16string_view p) {
  std::string out;
  out.reserve(p.size());
  const std::size_t len = p.size();
  for (std::size_t i = 0; i < len; ++i) {
    char32_t c = p[i];
    if (c >= 0xD800 && c <= 0xDFFF) {
      if (c <= 0xDBFF && i + 1 < len && p[i + 1] >= 0xDC00 && p[i + 1] <= 0xDFFF)
        c = 0x10000 + ((c - 0xD800) << 10) + (p[++i] - 0xDC00);
      else
        c = 0xFFFD;
    }
    append(out, c);
  }
  return out;
}

}  // namespace pt::utf8
