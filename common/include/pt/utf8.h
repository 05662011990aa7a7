// UTF-8 helpers: validation with the offset of the first bad byte, safe truncation, UTF-16 conversion.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pt::utf8 {

// The byte offset of the first invalid sequence, or nullopt when the text is valid UTF-8.
std::optional<std::size_t> first_invalid(std::string_view text) noexcept;

// The largest prefix length <= max_bytes that does not cut a multi-byte character.
std::size_t safe_prefix(std::string_view text, std::size_t max_bytes) noexcept;

// True when the byte at i starts a character (is not a continuation byte).
inline bool is_char_start(std::string_view text, std::size_t i) noexcept {
  return i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
}

// The code point at byte i, moving i past it; an invalid sequence gives U+FFFD and moves one byte.
char32_t decode_next(std::string_view text, std::size_t& i) noexcept;

// Appends the UTF-8 bytes of a code point (at most U+10FFFF; the caller has replaced surrogates).
void append(std::string& out, char32_t code_point);

// UTF-8 to UTF-16 and back. Each invalid byte sequence (or unpaired surrogate) becomes U+FFFD.
std::u16string to_utf16(std::string_view text);
std::string from_utf16(std::u16string_view text);

}  // namespace pt::utf8
