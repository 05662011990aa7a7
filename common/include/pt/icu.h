// ICU's C functions, loaded from libicuuc the first time a non-ASCII character needs one.
#pragma once

// Why not link ICU: loading and relocating libicuuc (and mapping its 30 MB of data) is about a
// millisecond of every process start, a tenth of a cold one-query `ptsearch`, and most queries and
// many texts are plain ASCII. The calls below answer ASCII themselves and resolve ICU's C API with
// dlopen/dlsym only when some text needs it. ICU's headers still give the types, so the table's
// signatures are checked against the ICU this was compiled with (the version named in `library()`).
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>

#include <cstdint>
#include <string>

#include "pt/ascii.h"

namespace pt::icu {

struct Functions {
  decltype(&::u_charType) char_type;
  decltype(&::u_isalpha) is_alpha;
  decltype(&::u_isupper) is_upper;
  decltype(&::u_islower) is_lower;
  decltype(&::u_istitle) is_title;
  decltype(&::u_isdigit) is_digit;
  decltype(&::u_errorName) error_name;
  decltype(&::unorm2_getNFKCCasefoldInstance) nfkc_casefold;
  decltype(&::unorm2_getNFDInstance) nfd;
  decltype(&::unorm2_normalize) normalize;
  decltype(&::unorm2_spanQuickCheckYes) span_quick_check_yes;
  decltype(&::unorm2_hasBoundaryBefore) has_boundary_before;
  decltype(&::ubrk_open) break_open;
  decltype(&::ubrk_close) break_close;
  decltype(&::ubrk_setText) break_set_text;
  decltype(&::ubrk_first) break_first;
  decltype(&::ubrk_next) break_next;
  decltype(&::ubrk_getRuleStatus) break_rule_status;
  decltype(&::uloc_getISOCountries) iso_countries;
  decltype(&::uloc_getDisplayCountry) display_country;
};

// The shared library's file name, e.g. "libicuuc.so.72".
std::string library();

// Loads the library and resolves every function (once per process; thread-safe). Throws
// AnalysisError naming the library and what failed when ICU is missing or lacks a function.
const Functions& load();

// What load() does with library(), for any file name (tests give it one that is missing, or one
// that is not ICU). Throws as load() does.
Functions open_library(const std::string& file);

inline const Functions& functions() {
  static const Functions& loaded = load();
  return loaded;
}

// True once load() has succeeded in this process (for tests: ASCII work must not load ICU).
bool loaded() noexcept;

// Character properties, ICU's answers; ASCII (and U_SENTINEL, -1) is answered here without ICU.
inline bool is_alpha(UChar32 c) { return c < 0x80 ? ascii::is_alpha(static_cast<char>(c)) : functions().is_alpha(c) != 0; }
inline bool is_upper(UChar32 c) { return c < 0x80 ? ascii::is_upper(static_cast<char>(c)) : functions().is_upper(c) != 0; }
inline bool is_lower(UChar32 c) { return c < 0x80 ? ascii::is_lower(static_cast<char>(c)) : functions().is_lower(c) != 0; }
inline bool is_title(UChar32 c) { return c < 0x80 ? false : functions().is_title(c) != 0; }
inline bool is_digit(UChar32 c) { return c < 0x80 ? ascii::is_digit(static_cast<char>(c)) : functions().is_digit(c) != 0; }

// The general category (UCharCategory) of an ASCII character, as ICU gives it.
constexpr std::int8_t ascii_char_type(UChar32 c) noexcept {
  if (c < 0x20 || c == 0x7F) return U_CONTROL_CHAR;
  if (c == ' ') return U_SPACE_SEPARATOR;
  if (c >= '0' && c <= '9') return U_DECIMAL_DIGIT_NUMBER;
  if (c >= 'A' && c <= 'Z') return U_UPPERCASE_LETTER;
  if (c >= 'a' && c <= 'z') return U_LOWERCASE_LETTER;
  switch (c) {
    case '$': return U_CURRENCY_SYMBOL;
    case '(': case '[': case '{': return U_START_PUNCTUATION;
    case ')': case ']': case '}': return U_END_PUNCTUATION;
    case '+': case '<': case '=': case '>': case '|': case '~': return U_MATH_SYMBOL;
    case '-': return U_DASH_PUNCTUATION;
    case '^': case '`': return U_MODIFIER_SYMBOL;
    case '_': return U_CONNECTOR_PUNCTUATION;
    default: return U_OTHER_PUNCTUATION;  // ! " # % & ' * , . / : ; ? @ backslash
  }
}

// The general category mask (U_GC_*_MASK) of a code point.
inline std::uint32_t category_mask(UChar32 c) {
  return U_MASK(c >= 0 && c < 0x80 ? ascii_char_type(c) : functions().char_type(c));
}

// ICU's name of an error code ("U_ILLEGAL_ARGUMENT_ERROR").
inline const char* error_name(UErrorCode status) { return functions().error_name(status); }

}  // namespace pt::icu
