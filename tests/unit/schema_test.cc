// Unit tests of the index schema's id terms and the UTF-8 helpers (validation, safe truncation).
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "pt/schema.h"
#include "pt/utf8.h"

namespace {

struct InvalidCase {
  const char* name;
  std::string text;
  std::optional<std::size_t> offset;  // of the first invalid byte; nullopt when valid
};

struct PrefixCase {
  const char* name;
  std::string text;
  std::size_t max_bytes;
  std::size_t expected;
};

}  // namespace

TEST_CASE("id_term: short ids are Q followed by the id", "[schema]") {
  CHECK(pt::schema::id_term("2019/doha.txt") == "Q2019/doha.txt");
  CHECK(pt::schema::id_term("a") == "Qa");
  CHECK(pt::schema::id_term("") == "Q");
  CHECK(pt::schema::id_term("\xE6\x96\xB0\xE9\x97\xBB.txt") == "Q\xE6\x96\xB0\xE9\x97\xBB.txt");
}

TEST_CASE("id_term: the longest id kept as is, and the first one hashed", "[schema]") {
  const std::string fits(pt::schema::kMaxTermBytes - 1, 'a');  // "Q" + 244 bytes = 245
  CHECK(pt::schema::id_term(fits) == "Q" + fits);
  const std::string too_long(pt::schema::kMaxTermBytes, 'a');  // would be 246 bytes
  const auto term = pt::schema::id_term(too_long);
  CHECK(term.size() <= pt::schema::kMaxTermBytes);
  CHECK(term != "Q" + too_long);
  CHECK(term.starts_with("Q"));
}

TEST_CASE("id_term: long ids give short, deterministic, distinct terms", "[schema]") {
  const std::string head(1000, 'x');
  const std::string id1 = head + "1";
  const std::string id2 = head + "2";
  const auto t1 = pt::schema::id_term(id1);
  const auto t2 = pt::schema::id_term(id2);
  CHECK(t1.size() <= pt::schema::kMaxTermBytes);
  CHECK(t2.size() <= pt::schema::kMaxTermBytes);
  CHECK(t1 == pt::schema::id_term(id1));
  CHECK(t1 != t2);
  CHECK(t1.starts_with("Qxxxx"));
  // Ids that differ only in length must differ too.
  CHECK(pt::schema::id_term(std::string(1000, 'x')) != pt::schema::id_term(std::string(1001, 'x')));
  // An id of exactly 1000 bytes.
  CHECK(pt::schema::id_term(std::string(1000, 'y')).size() <= pt::schema::kMaxTermBytes);
}

TEST_CASE("id_term: a long multi-byte id is not cut inside a character", "[schema]") {
  for (const std::string ch : {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"}) {  // é € 😀
    std::string id;
    while (id.size() < 1000) id += ch;
    const auto term = pt::schema::id_term(id);
    INFO("character " << ch);
    CHECK(term.size() <= pt::schema::kMaxTermBytes);
    CHECK_FALSE(pt::utf8::first_invalid(term).has_value());
    CHECK(term.starts_with("Q" + ch));
  }
}

TEST_CASE("utf8::first_invalid finds the first bad byte", "[utf8]") {
  const std::vector<InvalidCase> cases = {
      {"empty", "", std::nullopt},
      {"ASCII", "peace talks", std::nullopt},
      {"two-byte", "caf\xC3\xA9", std::nullopt},
      {"three-byte", "\xE2\x82\xAC" "5", std::nullopt},
      {"four-byte", "\xF0\x9F\x98\x80", std::nullopt},
      {"largest code point U+10FFFF", "\xF4\x8F\xBF\xBF", std::nullopt},
      {"U+FFFF (a noncharacter, still valid)", "\xEF\xBF\xBF", std::nullopt},
      {"U+D7FF just below surrogates", "\xED\x9F\xBF", std::nullopt},
      {"U+E000 just above surrogates", "\xEE\x80\x80", std::nullopt},
      {"NUL is valid UTF-8", std::string("a\0b", 3), std::nullopt},
      {"lone continuation byte", "a\x80", 1},
      {"continuation byte first", "\xBF" "abc", 0},
      {"0xFF", "ab\xFF", 2},
      {"0xFE", "\xFE", 0},
      {"overlong two-byte slash C0 AF", "\xC0\xAF", 0},
      {"overlong two-byte C1 BF", "x\xC1\xBF", 1},
      {"overlong three-byte E0 80 AF", "\xE0\x80\xAF", 0},
      {"overlong three-byte E0 9F BF", "\xE0\x9F\xBF", 0},
      {"overlong four-byte F0 80 80 AF", "\xF0\x80\x80\xAF", 0},
      {"overlong four-byte F0 8F BF BF", "\xF0\x8F\xBF\xBF", 0},
      {"high surrogate D800", "ok\xED\xA0\x80", 2},
      {"low surrogate DFFF", "\xED\xBF\xBF", 0},
      {"above U+10FFFF", "\xF4\x90\x80\x80", 0},
      {"F5 lead byte", "\xF5\x80\x80\x80", 0},
      {"five-byte form", "\xF8\x88\x80\x80\x80", 0},
      {"truncated two-byte at end", "caf\xC3", 3},
      {"truncated three-byte at end", "ab\xE2\x82", 2},
      {"truncated four-byte at end", "\xF0\x9F\x98", 0},
      {"bad continuation", "\xC3(", 0},
      {"three-byte with ASCII inside", "ok\xE2\x82(", 2},
      {"four-byte cut by a new lead", "\xF0\x9F\xC3\xA9", 0},
      {"valid text, then a bad byte", "abc\xC3\xA9\xFF", 5},
      {"first of two bad bytes", "\xE2\x82\xAC\x80\xFF", 3},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    CHECK(pt::utf8::first_invalid(c.text) == c.offset);
  }
}

TEST_CASE("utf8::safe_prefix never cuts a character", "[utf8]") {
  const std::string e_acute = "\xC3\xA9";
  const std::string euro = "\xE2\x82\xAC";
  const std::string grin = "\xF0\x9F\x98\x80";
  const std::vector<PrefixCase> cases = {
      {"empty text", "", 5, 0},
      {"limit beyond the text", "abc", 10, 3},
      {"limit equal to the text", "abc", 3, 3},
      {"ASCII cut", "abc", 2, 2},
      {"zero limit", "abc", 0, 0},
      {"inside a two-byte char", e_acute, 1, 0},
      {"after ASCII, inside two-byte", "a" + e_acute, 2, 1},
      {"whole two-byte", "a" + e_acute, 3, 3},
      {"inside three-byte (1)", euro + "x", 1, 0},
      {"inside three-byte (2)", euro + "x", 2, 0},
      {"after three-byte", euro + "x", 3, 3},
      {"inside four-byte (1)", grin, 1, 0},
      {"inside four-byte (3)", grin, 3, 0},
      {"whole four-byte", grin, 4, 4},
      {"between four-byte chars", "a" + grin + "b", 4, 1},
      {"after a four-byte char", "a" + grin + "b", 5, 5},
      {"two four-byte chars, cut in the second", grin + grin, 7, 4},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name << " max " << c.max_bytes);
    const auto n = pt::utf8::safe_prefix(c.text, c.max_bytes);
    CHECK(n == c.expected);
    CHECK_FALSE(pt::utf8::first_invalid(std::string_view(c.text).substr(0, n)).has_value());
  }
}

TEST_CASE("utf8::safe_prefix on invalid text stays in bounds", "[utf8]") {
  CHECK(pt::utf8::safe_prefix("\x80\x80\x80", 2) <= 2);
  CHECK(pt::utf8::safe_prefix("\xFF\xFF", 1) == 1);
}

TEST_CASE("utf8::is_char_start", "[utf8]") {
  const std::string text = "a\xC3\xA9";
  CHECK(pt::utf8::is_char_start(text, 0));
  CHECK(pt::utf8::is_char_start(text, 1));
  CHECK_FALSE(pt::utf8::is_char_start(text, 2));
  CHECK(pt::utf8::is_char_start(text, 3));  // the end counts as a start
  CHECK(pt::utf8::is_char_start(text, 99));
}
