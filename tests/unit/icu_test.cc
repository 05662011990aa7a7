// pt/icu.h against ICU linked directly: the ASCII answers, the loaded functions; pt/utf8.h's UTF-16 conversion.
#include <catch2/catch.hpp>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include <string>
#include <vector>

#include "pt/error.h"
#include "pt/icu.h"
#include "pt/utf8.h"

namespace {

// ICU's own conversion, invalid input substituted with U+FFFD, for comparison.
std::u16string icu_to_utf16(std::string_view s) {
  std::u16string out(s.size() + 1, u'\0');
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, s.data(), static_cast<int32_t>(s.size()),
                       0xFFFD, nullptr, &status);
  REQUIRE(U_SUCCESS(status));
  out.resize(static_cast<std::size_t>(length));
  return out;
}

std::string icu_to_utf8(std::u16string_view s) {
  std::string out(s.size() * 3 + 1, '\0');
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, s.data(), static_cast<int32_t>(s.size()),
                     0xFFFD, nullptr, &status);
  REQUIRE(U_SUCCESS(status));
  out.resize(static_cast<std::size_t>(length));
  return out;
}

}  // namespace

// First in the file, so that a run of the whole executable also checks it before anything loads ICU.
TEST_CASE("ASCII answers do not load ICU", "[icu]") {
  for (UChar32 c = 0; c < 0x80; ++c) {
    (void)pt::icu::is_alpha(c);
    (void)pt::icu::is_upper(c);
    (void)pt::icu::is_lower(c);
    (void)pt::icu::is_title(c);
    (void)pt::icu::is_digit(c);
    (void)pt::icu::category_mask(c);
  }
  CHECK_FALSE(pt::icu::loaded());
  CHECK(pt::icu::is_alpha(0xE9));  // é
  CHECK(pt::icu::loaded());
}

TEST_CASE("ASCII answers are ICU's", "[icu]") {
  for (UChar32 c = -1; c < 0x80; ++c) {
    CAPTURE(c);
    CHECK(pt::icu::is_alpha(c) == (u_isalpha(c) != 0));
    CHECK(pt::icu::is_upper(c) == (u_isupper(c) != 0));
    CHECK(pt::icu::is_lower(c) == (u_islower(c) != 0));
    CHECK(pt::icu::is_title(c) == (u_istitle(c) != 0));
    CHECK(pt::icu::is_digit(c) == (u_isdigit(c) != 0));
    CHECK(pt::icu::category_mask(c) == U_GET_GC_MASK(c));
  }
}

TEST_CASE("the loaded functions answer as the linked ones over all of Unicode", "[icu]") {
  const auto& f = pt::icu::functions();
  std::size_t differ = 0;
  for (UChar32 c = 0x80; c <= 0x10FFFF; ++c) {
    if (f.char_type(c) != u_charType(c) || (f.is_alpha(c) != 0) != (u_isalpha(c) != 0) ||
        (f.is_upper(c) != 0) != (u_isupper(c) != 0) || pt::icu::is_title(c) != (u_istitle(c) != 0) ||
        pt::icu::is_lower(c) != (u_islower(c) != 0) || pt::icu::is_digit(c) != (u_isdigit(c) != 0))
      ++differ;
  }
  CHECK(differ == 0);
  CHECK(std::string(pt::icu::error_name(U_BUFFER_OVERFLOW_ERROR)) == "U_BUFFER_OVERFLOW_ERROR");
  CHECK(pt::icu::library() == "libicuuc.so." + std::to_string(U_ICU_VERSION_MAJOR_NUM));
}

TEST_CASE("a missing ICU, or a library that is not ICU, is an AnalysisError naming it", "[icu][error]") {
  struct Case {
    std::string file;
    std::vector<std::string> said;  // what the message must hold
  };
  const std::string version = std::to_string(U_ICU_VERSION_MAJOR_NUM);
  const std::vector<Case> cases = {
      {"libicuuc.so.0-not-installed", {"cannot load ICU (libicuuc.so.0-not-installed", "install the libicu" + version}},
      {"libzstd.so.1", {"ICU (libzstd.so.1) lacks u_charType_" + version}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.file);
    try {
      (void)pt::icu::open_library(c.file);
      FAIL("no error");
    } catch (const pt::AnalysisError& e) {
      const std::string what = e.what();
      for (const auto& part : c.said) CHECK(what.find(part) != std::string::npos);
    }
  }
  // The real one loads.
  CHECK(pt::icu::open_library(pt::icu::library()).is_alpha(0xE9) != 0);
}

TEST_CASE("UTF-8 to UTF-16 and back, invalid input as U+FFFD", "[icu][utf8]") {
  struct Case {
    std::string utf8;
    std::u16string utf16;
  };
  const std::vector<Case> cases = {
      {"", u""},
      {"plain", u"plain"},
      {"caf\xC3\xA9", u"caf\u00E9"},
      {"\xE2\x80\x99", u"\u2019"},
      {"\xF0\x9F\x98\x80", u"\U0001F600"},                  // a 4-byte character: a surrogate pair
      {"a\xFF" "b", u"a\uFFFD" "b"},                        // a byte that starts nothing
      {"\xC3", u"\uFFFD"},                                  // cut short at the end
      {"\xE2\x80" "x", u"\uFFFD\uFFFDx"},                   // cut short before an ASCII byte
      {"\xC0\xAF", u"\uFFFD\uFFFD"},                        // overlong
      {"\xED\xA0\x80", u"\uFFFD\uFFFD\uFFFD"},              // an encoded surrogate
      {"\xF4\x90\x80\x80", u"\uFFFD\uFFFD\uFFFD\uFFFD"},    // past U+10FFFF
  };
  for (const auto& c : cases) {
    CAPTURE(c.utf8);
    CHECK(pt::utf8::to_utf16(c.utf8) == c.utf16);
    if (!pt::utf8::first_invalid(c.utf8)) {
      CHECK(pt::utf8::from_utf16(c.utf16) == c.utf8);
      CHECK(icu_to_utf16(c.utf8) == c.utf16);
    }
  }
  // Valid text converts as ICU converts it, both ways.
  const std::string mixed = "Zürich, Αθήνα, 東京, \xF0\x9F\x98\x80 and \xE2\x80\x9Cquotes\xE2\x80\x9D";
  CHECK(pt::utf8::to_utf16(mixed) == icu_to_utf16(mixed));
  CHECK(pt::utf8::from_utf16(icu_to_utf16(mixed)) == mixed);
  // Unpaired surrogates become U+FFFD, as ICU's conversion with substitution makes them.
  for (const std::u16string& s : {std::u16string(u"a\xD800"), std::u16string(u"\xDC00z"), std::u16string(u"\xD800\xD800\xDC00")}) {
    CAPTURE(s.size());
    CHECK(pt::utf8::from_utf16(s) == icu_to_utf8(s));
  }
}

TEST_CASE("decode_next moves past one character, or one byte of an invalid sequence", "[utf8]") {
  const std::string s = "a\xC3\xA9\xFF\xF0\x9F\x98\x80";
  std::size_t i = 0;
  std::vector<char32_t> got;
  std::vector<std::size_t> at;
  while (i < s.size()) {
    got.push_back(pt::utf8::decode_next(s, i));
    at.push_back(i);
  }
  CHECK(got == std::vector<char32_t>{U'a', 0xE9, 0xFFFD, 0x1F600});
  CHECK(at == std::vector<std::size_t>{1, 3, 4, 8});
}
