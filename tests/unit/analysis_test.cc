// Unit tests of pt::Analyzer: terms and byte spans from tokenize(), stemming, languages, fingerprints.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "pt/analyzer.h"
#include "pt/error.h"
#include "pt/utf8.h"

namespace {

using Terms = std::vector<std::string>;

struct Case {
  const char* name;
  std::string text;
  Terms terms;
};

const pt::Analyzer& english() {
  static const pt::Analyzer analyzer;  // default settings: english
  return analyzer;
}

Terms terms_of(std::string_view text) {
  Terms out;
  for (const auto& t : english().tokenize(text)) out.push_back(t.term);
  return out;
}

// The source text of each token's span.
Terms spans_of(std::string_view text) {
  Terms out;
  for (const auto& t : english().tokenize(text)) out.emplace_back(text.substr(t.start, t.end - t.start));
  return out;
}

// Spans must lie inside the text, be non-empty, start on a character boundary and come in order.
void check_spans(std::string_view text) {
  const auto tokens = english().tokenize(text);
  std::uint32_t previous_start = 0;
  for (const auto& t : tokens) {
    INFO("term " << t.term << " span [" << t.start << "," << t.end << ")");
    CHECK(t.start < t.end);
    CHECK(t.end <= text.size());
    CHECK(pt::utf8::is_char_start(text, t.start));
    CHECK(pt::utf8::is_char_start(text, t.end));
    CHECK(t.start >= previous_start);
    CHECK_FALSE(t.term.empty());
    previous_start = t.start;
  }
}

void run_table(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    INFO("case: " << c.name << " | text: " << c.text);
    CHECK(terms_of(c.text) == c.terms);
    check_spans(c.text);
  }
}

}  // namespace

TEST_CASE("plain English gives lower-case terms with exact byte spans", "[analysis]") {
  const std::string text = "The talks resumed in Doha.";
  const auto tokens = english().tokenize(text);
  const std::vector<pt::Token> expected = {
      {"the", 0, 3}, {"talks", 4, 9}, {"resumed", 10, 17}, {"in", 18, 20}, {"doha", 21, 25}};
  CHECK(tokens == expected);
}

TEST_CASE("spans of multi-byte words cover the whole source word", "[analysis]") {
  const std::string text = "Trump\xE2\x80\x99s caf\xC3\xA9 talks";  // Trump’s café talks
  CHECK(spans_of(text) == Terms{"Trump\xE2\x80\x99s", "caf\xC3\xA9", "talks"});
  check_spans(text);
}

TEST_CASE("case folding follows Unicode full case folding", "[analysis]") {
  run_table({
      {"ASCII upper case", "PEACE Talks", {"peace", "talks"}},
      {"German sharp s", "Stra\xC3\x9F" "e", {"strasse"}},
      {"German sharp s equals ss", "STRASSE", {"strasse"}},
      {"capital sharp s", "\xE1\xBA\x9E", {"ss"}},
      // U+0130 folds to i + U+0307 (CaseFolding.txt, status F), the same from either letter case.
      {"Turkish dotted capital I", "\xC4\xB0stanbul", {"i\xCC\x87stanbul"}},
      {"Turkish dotted capital I, all caps", "\xC4\xB0STANBUL", {"i\xCC\x87stanbul"}},
      {"Turkish dotless i stays", "\xC4\xB1stanbul", {"\xC4\xB1stanbul"}},
      // Final sigma and capital sigma both fold to the medial sigma.
      {"Greek capitals", "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3", {"\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x83"}},
      {"Greek final sigma", "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82", {"\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x83"}},
      {"title-case digraph", "\xC7\x84", {"d\xC5\xBE"}},  // Ǆ -> dž
  });
}

TEST_CASE("NFKC folds compatibility characters", "[analysis]") {
  run_table({
      {"fi ligature", "\xEF\xAC\x81nance", {"finance"}},
      {"fullwidth letters", "\xEF\xBC\xB5\xEF\xBC\xB3\xEF\xBC\xA1", {"usa"}},
      {"fullwidth letters and digits", "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93", {"abc123"}},
  });
  // The span of a folded word is the original (fullwidth) text.
  CHECK(spans_of("\xEF\xBC\xB5\xEF\xBC\xB3\xEF\xBC\xA1") == Terms{"\xEF\xBC\xB5\xEF\xBC\xB3\xEF\xBC\xA1"});
}

// Superscript and subscript digits are NFKC-equal to digits: text must give the terms of its
// NFKC form ("x²" is "x2"), not lose the digit.
TEST_CASE("NFKC folds superscript and subscript digits instead of dropping them", "[analysis]") {
  run_table({
      {"superscript after a letter", "x\xC2\xB2", {"x2"}},                  // x²
      {"subscripts inside a word", "H\xE2\x82\x82O", {"h2o"}},             // H₂O
      {"superscript alone", "\xC2\xB2", {"2"}},                            // ²
      {"vulgar fraction", "\xC2\xBD", {"1", "2"}},                         // ½ -> 1⁄2
  });
}

TEST_CASE("apostrophes: straight, curly and backtick all fold to an ASCII apostrophe", "[analysis]") {
  run_table({
      {"straight", "Taliban's", {"taliban's"}},
      {"curly right single quote", "Trump\xE2\x80\x99s", {"trump's"}},
      {"curly left single quote", "Trump\xE2\x80\x98s", {"trump's"}},
      {"backtick", "Wednesday`s", {"wednesday's"}},
      {"modifier letter apostrophe", "Trump\xCA\xBCs", {"trump's"}},
      {"inner apostrophe kept", "O'Neill", {"o'neill"}},
      {"quotes around a word are not part of it", "'quoted'", {"quoted"}},
      {"curly quotes around a word", "\xE2\x80\x98quoted\xE2\x80\x99", {"quoted"}},
      {"leading elision", "\xE2\x80\x99Tis", {"tis"}},
  });
}

TEST_CASE("hyphenated words split into their parts", "[analysis]") {
  run_table({
      {"US-Taliban", "US-Taliban", {"us", "taliban"}},
      {"intra-Afghan", "intra-Afghan talks", {"intra", "afghan", "talks"}},
      {"en dash", "US\xE2\x80\x93Taliban", {"us", "taliban"}},
      {"word and number", "mid-2019", {"mid", "2019"}},
  });
  CHECK(spans_of("US-Taliban") == Terms{"US", "Taliban"});
}

TEST_CASE("dotted acronyms become one term without dots", "[analysis]") {
  run_table({
      {"U.S.", "U.S.", {"us"}},
      {"U.S. in a sentence", "the U.S. and the Taliban", {"the", "us", "and", "the", "taliban"}},
      {"U.S without final dot", "U.S", {"us"}},
      {"U.S.A.", "U.S.A.", {"usa"}},
      {"e.g.", "e.g.", {"eg"}},
      {"acronym then hyphen", "U.S.-Taliban", {"us", "taliban"}},
  });
  CHECK(spans_of("U.S. troops") == Terms{"U.S", "troops"});
}

TEST_CASE("numbers: digit grouping dropped, dates and years kept", "[analysis]") {
  run_table({
      {"thousands separator", "5,000 troops", {"5000", "troops"}},
      {"grouping equals plain number", "5000", {"5000"}},
      {"millions", "1,000,000", {"1000000"}},
      {"slash splits", "9/11", {"9", "11"}},
      {"year", "in 2019", {"in", "2019"}},
      {"Arabic-Indic digits with Arabic thousands separator", "\xD9\xA1\xD9\xAC\xD9\xA0\xD9\xA0\xD9\xA0",
       {"\xD9\xA1\xD9\xA0\xD9\xA0\xD9\xA0"}},
  });
  CHECK(spans_of("5,000 troops") == Terms{"5,000", "troops"});
  CHECK(spans_of("9/11") == Terms{"9", "11"});
}

// Documented in pt/analyzer.h: "numbers (3.14, 5,000 -> 5000)" stay whole.
TEST_CASE("decimal numbers stay one term", "[analysis]") {
  run_table({
      {"decimal point", "3.14", {"3.14"}},
      {"decimal in a sentence", "grew 2.5 percent.", {"grew", "2.5", "percent"}},
      {"decimal and grouping", "1,234.5", {"1234.5"}},
      {"number ending a sentence", "It was 2019.", {"it", "was", "2019"}},
  });
  CHECK(spans_of("pi is 3.14.") == Terms{"pi", "is", "3.14"});
}

TEST_CASE("colon-joined words split", "[analysis]") {
  run_table({
      {"field-like", "title:camp", {"title", "camp"}},
      {"time", "talks at 10:30", {"talks", "at", "10", "30"}},
  });
  CHECK(spans_of("title:camp") == Terms{"title", "camp"});
}

// Invisible format characters are dropped by NFKC_Casefold (pt/analyzer.h, stage 4): a word
// with one inside must give the same term as without it, or "Taliban" would not find it.
TEST_CASE("zero-width joiners and soft hyphens inside a word leave it whole", "[analysis]") {
  run_table({
      {"ZWJ", "Tal\xE2\x80\x8D" "iban", {"taliban"}},
      {"word joiner", "Tal\xE2\x81\xA0" "iban", {"taliban"}},
      {"soft hyphen", "Tal\xC2\xAD" "iban", {"taliban"}},
  });
  CHECK(spans_of("Tal\xE2\x80\x8D" "iban") == Terms{"Tal\xE2\x80\x8D" "iban"});
}

TEST_CASE("a zero-width space inside a word leaves it whole", "[analysis]") {
  run_table({{"ZWSP", "Tal\xE2\x80\x8B" "iban talks", {"taliban", "talks"}}});
}

TEST_CASE("zero-width characters never appear in terms", "[analysis]") {
  for (const std::string zw : {"\xE2\x80\x8B", "\xE2\x80\x8C", "\xE2\x80\x8D", "\xE2\x81\xA0", "\xC2\xAD"}) {
    for (const auto& term : terms_of("Tal" + zw + "iban peace")) {
      INFO("term " << term);
      CHECK(term.find(zw) == std::string::npos);
    }
  }
}

TEST_CASE("combining marks: decomposed and precomposed letters give one term", "[analysis]") {
  const std::string decomposed = "cafe\xCC\x81";   // e + U+0301
  const std::string precomposed = "caf\xC3\xA9";   // U+00E9
  CHECK(terms_of(decomposed) == Terms{precomposed});
  CHECK(terms_of(precomposed) == Terms{precomposed});
  CHECK(spans_of(decomposed + " x") == Terms{decomposed, "x"});
  // Hebrew points are combining marks: they stay inside the word.
  const std::string shalom_pointed = "\xD7\xA9\xD6\xB8\xD7\x81\xD7\x9C\xD7\x95\xD6\xB9\xD7\x9D";
  CHECK(terms_of(shalom_pointed).size() == 1);
}

TEST_CASE("right-to-left scripts: Arabic and Hebrew words", "[analysis]") {
  const std::string salam = "\xD8\xA7\xD9\x84\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85";  // السلام
  const std::string shalom = "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D";                  // שלום
  run_table({
      {"Arabic", salam, {salam}},
      {"Hebrew", shalom, {shalom}},
      {"mixed with English", "peace " + salam + " " + shalom + " talks", {"peace", salam, shalom, "talks"}},
  });
  CHECK(spans_of(salam + " " + shalom) == Terms{salam, shalom});
}

TEST_CASE("Thai without spaces is segmented into several words", "[analysis]") {
  const std::string thai = "\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2\xE0\xB9\x84\xE0\xB8\x97\xE0\xB8\xA2"
                           "\xE0\xB8\x87\xE0\xB9\x88\xE0\xB8\xB2\xE0\xB8\xA2";  // ภาษาไทยง่าย
  const auto tokens = english().tokenize(thai);
  REQUIRE(tokens.size() >= 2);
  // Thai letters need no folding: the spans, laid end to end, are the text, and each term is its span.
  std::string joined;
  for (const auto& t : tokens) {
    CHECK(t.term == thai.substr(t.start, t.end - t.start));
    CHECK(t.start == joined.size());
    joined += t.term;
  }
  CHECK(joined == thai);
  check_spans(thai);
}

TEST_CASE("Chinese gives non-empty tokens covering the text", "[analysis]") {
  const std::string zh = "\xE4\xB8\xAD\xE5\x8D\x8E\xE4\xBA\xBA\xE6\xB0\x91\xE5\x85\xB1\xE5\x92\x8C\xE5\x9B\xBD";  // 中华人民共和国
  const auto tokens = english().tokenize(zh);
  REQUIRE_FALSE(tokens.empty());
  std::string joined;
  for (const auto& t : tokens) {
    CHECK_FALSE(t.term.empty());
    joined += t.term;
  }
  CHECK(joined == zh);
  check_spans(zh);
}

TEST_CASE("emoji and symbols are not terms", "[analysis]") {
  run_table({
      {"emoji between words", "peace \xF0\x9F\x95\x8A\xEF\xB8\x8F talks \xF0\x9F\x91\x8D", {"peace", "talks"}},
      {"emoji only", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80", {}},
      {"emoji glued to a word", "peace\xF0\x9F\x98\x80", {"peace"}},
  });
  CHECK(spans_of("peace \xF0\x9F\x95\x8A\xEF\xB8\x8F talks") == Terms{"peace", "talks"});
}

TEST_CASE("invalid UTF-8 never crashes and never makes a U+FFFD term", "[analysis]") {
  const std::string replacement = "\xEF\xBF\xBD";
  const std::vector<Case> cases = {
      {"lone 0xFF between words", "abc \xFF def", {"abc", "def"}},
      {"0xFF inside a word", "ab\xFF" "cd", {"ab", "cd"}},
      {"truncated two-byte sequence at the end", "caf\xC3", {"caf"}},
      {"overlong slash", "a\xC0\xAF" "b", {"a", "b"}},
      {"encoded surrogate", "x\xED\xA0\x80y", {"x", "y"}},
      {"lone continuation bytes", "\x80\x80 peace", {"peace"}},
      {"only garbage", "\xFF\xFE\xFD", {}},
  };
  run_table(cases);
  for (const auto& c : cases)
    for (const auto& t : english().tokenize(c.text)) CHECK(t.term.find(replacement) == std::string::npos);
  CHECK(spans_of("abc \xFF def") == Terms{"abc", "def"});
}

TEST_CASE("empty and punctuation-only input give no tokens", "[analysis]") {
  CHECK(english().tokenize("").empty());
  CHECK(english().tokenize("   \n\t ").empty());
  CHECK(english().tokenize("?!... -- () \"\" ''").empty());
  CHECK(english().tokenize("\xE2\x80\x94\xE2\x80\xA6\xC2\xAB\xC2\xBB").empty());  // — … « »
}

TEST_CASE("stem: Snowball English stems of analysed terms", "[analysis][stem]") {
  const auto& a = english();
  CHECK(a.stem("talks") == "talk");
  CHECK(a.stem("talking") == "talk");
  CHECK(a.stem("talk") == "talk");
  // A possessive term from tokenize() stems to the bare word.
  const auto tokens = a.tokenize("Taliban's");
  REQUIRE(tokens.size() == 1);
  CHECK(a.stem(tokens[0].term) == "taliban");
  // Cached answers stay the same.
  CHECK(a.stem("talks") == "talk");
}

TEST_CASE("stem: the cache answers Snowball's stem, for many words and across its clearing", "[analysis][stem]") {
  // A fresh analyser: its cache starts empty. 300,000 distinct words pass the cache's limit
  // (2^18) and so clear it; the common words in between must keep their stems all along, and
  // every answer must be what Snowball says.
  const pt::Analyzer a;
  const Xapian::Stem snowball("english");
  const std::vector<std::string> common = {"talks", "the", "negotiations", "ceasefire", "running", "taliban's"};
  std::size_t checked = 0;
  for (std::size_t i = 0; i < 300'000; ++i) {
    const std::string word = "w" + std::to_string(i) + (i % 3 == 0 ? "ing" : i % 3 == 1 ? "s" : "ed");
    const std::string& stem = a.stem(word);
    if (i % 997 == 0) {
      INFO(word);
      CHECK(stem == snowball(word));
      ++checked;
    }
    const std::string& c = common[i % common.size()];
    if (a.stem(c) != snowball(c)) {
      INFO(c << " after " << i << " words");
      CHECK(a.stem(c) == snowball(c));
    }
  }
  CHECK(checked > 300);
  for (const auto& c : common) CHECK(a.stem(c) == snowball(c));
}

TEST_CASE("stem: language none returns the term itself", "[analysis][stem]") {
  const pt::Analyzer none(pt::AnalyzerSettings{"none"});
  CHECK(none.settings().language == "none");
  CHECK(none.stem("talks") == "talks");
  CHECK(none.stem("taliban's") == "taliban's");
  // Tokenizing does not depend on the language.
  CHECK(none.tokenize("The U.S. talks") == english().tokenize("The U.S. talks"));
}

TEST_CASE("other Snowball languages stem their own words", "[analysis][stem]") {
  const pt::Analyzer german(pt::AnalyzerSettings{"german"});
  CHECK(german.stem("verhandlungen") == german.stem("verhandlung"));
  CHECK(german.stem("verhandlungen") != "verhandlungen");
}

TEST_CASE("stem_keeps_first_byte: said only where stems keep their term's first byte", "[analysis][stem]") {
  const pt::Analyzer porter(pt::AnalyzerSettings{"porter"}), none(pt::AnalyzerSettings{"none"}),
      german(pt::AnalyzerSettings{"german"}), spanish(pt::AnalyzerSettings{"spanish"});
  CHECK(english().stem_keeps_first_byte());
  CHECK(porter.stem_keeps_first_byte());
  CHECK(none.stem_keeps_first_byte());
  CHECK_FALSE(german.stem_keeps_first_byte());
  CHECK(german.stem("\xC3\xBC" "ber")[0] == 'u');  // über: why German may not skip by first byte
  CHECK_FALSE(spanish.stem_keeps_first_byte());
  // Porter2's exceptions, a leading y, possessives and other rewrites keep the first byte.
  for (const std::string w : {"dying", "lying", "tying", "skies", "ugly", "early", "only", "yelling", "yes", "y",
                              "gently", "sky", "news", "taliban's", "generously", "abilities", "\xC3\xA9t\xC3\xA9s", "2019s"}) {
    INFO(w);
    for (const auto* a : {&english(), &porter}) {
      const auto& s = a->stem(w);
      REQUIRE_FALSE(s.empty());
      CHECK(s[0] == w[0]);
    }
  }
}

TEST_CASE("may_stem_to: never false for a term and its own stem, false where the start differs", "[analysis][stem]") {
  const pt::Analyzer porter(pt::AnalyzerSettings{"porter"}), none(pt::AnalyzerSettings{"none"}),
      german(pt::AnalyzerSettings{"german"});
  // Porter's rewrites of endings: y -> i (also second: "dying" -> "die"), -biliti -> -ble, -ization -> -ize ...
  const std::string text =
      "dying lying tying eyed ay oy uys skies ugly early only gently happy happiness cities possibility abilities "
      "sensibility relational conditional organization organizations hoping hopping agreed valency tendency "
      "differently radically generously Taliban's negotiations ceasefire cease-fire talks U.S. 2019s "
      "\xC3\xA9t\xC3\xA9s na\xC3\xAFve a's yes y by";
  for (const auto* a : {&english(), &porter, &none})
    for (const auto& t : a->tokenize(text)) {
      INFO(t.term);
      CHECK(a->may_stem_to(t.term, a->stem(t.term)));
    }
  struct Case {
    std::string term, stem;
    bool may;
  };
  for (const auto& c : std::vector<Case>{{"peace", "cease", false},
                                         {"government", "gar", false},
                                         {"government", "govern", true},
                                         {"a", "ab", false},
                                         {"happy", "happi", true},
                                         {"yelling", "iell", false},  // the first byte is never rewritten
                                         {"talks", "tax", true}}) {     // a necessary condition only
    INFO(c.term << " -> " << c.stem);
    CHECK(english().may_stem_to(c.term, c.stem) == c.may);
  }
  CHECK(german.may_stem_to("\xC3\xBC" "ber", "uber"));  // German folds a first letter: always true
}

TEST_CASE("an unknown language throws ConfigError", "[analysis][error]") {
  for (const char* lang : {"klingon", "", "English", "english "}) {
    INFO("language '" << lang << "'");
    CHECK_THROWS_AS(pt::Analyzer(pt::AnalyzerSettings{lang}), pt::ConfigError);
  }
}

TEST_CASE("languages() lists none and the Snowball languages", "[analysis]") {
  const auto langs = pt::Analyzer::languages();
  auto has = [&](const char* l) { return std::find(langs.begin(), langs.end(), l) != langs.end(); };
  CHECK(has("none"));
  CHECK(has("english"));
  CHECK(has("german"));
  CHECK_FALSE(has(""));
  // Every listed language can be used.
  for (const auto& l : langs) {
    INFO("language " << l);
    CHECK_NOTHROW(pt::Analyzer(pt::AnalyzerSettings{l}));
  }
}

TEST_CASE("fingerprint() names the settings and differs between languages", "[analysis]") {
  const pt::Analyzer none(pt::AnalyzerSettings{"none"});
  const pt::Analyzer german(pt::AnalyzerSettings{"german"});
  const pt::Analyzer english_again(pt::AnalyzerSettings{"english"});
  CHECK(english().fingerprint() != none.fingerprint());
  CHECK(english().fingerprint() != german.fingerprint());
  CHECK(none.fingerprint() != german.fingerprint());
  CHECK(english().fingerprint() == english_again.fingerprint());
  CHECK_FALSE(english().fingerprint().empty());
}

TEST_CASE("a moved analyzer keeps working", "[analysis]") {
  pt::Analyzer a(pt::AnalyzerSettings{"english"});
  pt::Analyzer b(std::move(a));
  CHECK(b.tokenize("Peace talks").size() == 2);
  CHECK(b.stem("talks") == "talk");
}

// tokenize() analyses runs of ASCII itself and leaves the rest to ICU; tokenize_with_icu() runs
// every stage through ICU. They must agree token for token, spans included.
std::string describe(const std::vector<pt::Token>& tokens) {
  std::string out;
  for (const auto& t : tokens) out += "[" + t.term + " " + std::to_string(t.start) + "-" + std::to_string(t.end) + "]";
  return out;
}

TEST_CASE("the ASCII fast path gives ICU's tokens: tricky cases", "[analysis][ascii]") {
  const std::vector<std::string> texts = {
      "a1.5 ab12.5 1.5a 12ab34 a_1.5 1.5_ _1.5 1_ a_ __ _ 1_a",   // number or word by the last character
      "a:b a:1 1:2 a;b 1;2 1,a 1,000,000 3'000 1. .5 -5 +5 5%",  // what joins digits and what does not
      "it's 'quoted' rock'n'roll o'neill's don`t a``b `a` isn't'",  // apostrophes and backquotes
      "U.S. u.s e.g. a.b.c a.b1 a.1 1.a a.@ @a.b a@b user@example.com #tag $5 C++ C# .NET",
      "TITLE:Camp CamelCase ALLCAPS x86_64 __init__ snake_case_name a__b 2023-11-22 12:30:45",
      "\x01\x02" "a\x7f" " b\x1f\x1c" " c\td\ve\ff\rg\nh  i",  // control characters and every ASCII space
      "caf\xC3\xA9 na\xC3\xAF" "ve Trump\xE2\x80\x99" "s ex\xE2\x80\x94" "ample \xE2\x80\x9C" "quoted\xE2\x80\x9D",
      "a \xCC\x81" "b \xCC\x81 c\xCC\x81 x\xC2\xB2 \xEF\xAC\x81" "le so\xC2\xAD" "ft zero\xE2\x80\x8B" "width \xFF\xFE bad",
      "Trump\xE2\x80\x99s \xE2\x80\x9CZ\xC3\xBCrich\xE2\x80\x9D 1990\xE2\x80\x93" "1995 l'\xC3\xA9t\xC3\xA9 \xE2\x80\x98Jos\xC3\xA9\xE2\x80\x99, 10\xC2\xA0" "000 a\xE2\x80\xA6" "b U.S\xE2\x80\xA6",
      "rock\xE2\x80\x99n\xE2\x80\x99roll a\xE2\x80\x99\xE2\x80\x99" "b a\xE2\x80\x99" "1 \xC2\xABJ\xC3\xA9r\xC3\xB4me\xC2\xBB \xC3\x89mile\xE2\x80\x94Zola 3.5\xE2\x80\x93" "4 x'\xE2\x80\x99y",
      "\xE4\xB8\xAD\xE6\x96\x87 mixed\xE4\xB8\xAD ascii \xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9 1\xD9\xAC" "000",
  };
  for (const auto& text : texts) {
    INFO(text);
    CHECK(describe(english().tokenize(text)) == describe(english().tokenize_with_icu(text)));
  }
}

// Words with Latin, Greek and Cyrillic letters that fold to one letter are analysed without ICU
// (letter_fold.h), and so are runs split at the separators of news text (currency signs, dashes,
// quotes, arrows: analyzer.cc, kSeparators); the rest of those blocks, and of the punctuation,
// symbols and shapes of U+2000–U+25FF, stays on ICU's path. Every code point of U+0080–U+052F,
// U+1E00–U+1EFF and U+2000–U+25FF, in 14 contexts, against ICU.
TEST_CASE("the fast paths give ICU's tokens: every code point of U+0080–U+052F, U+1E00–U+1EFF and U+2000–U+25FF",
          "[analysis][ascii]") {
  const std::vector<std::string> contexts = {"%", "a%b", "%%", "(%Ab),", "X%", "%1", "'%'", "%.x", "Ab%'s", "\"%\"", "%_a",
                                             "-%-", "%`s", "1/%-based"};
  int checked = 0;
  for (const auto& [first, last] : {std::pair<char32_t, char32_t>{0x80, 0x52F}, {0x1E00, 0x1EFF}, {0x2000, 0x25FF}}) {
    for (char32_t c = first; c <= last; ++c) {
      const std::string letter = pt::utf8::from_utf16(std::u16string(1, static_cast<char16_t>(c)));
      for (const auto& context : contexts) {
        std::string text;
        for (const char ch : context) text += ch == '%' ? letter : std::string(1, ch);
        INFO("U+" << std::hex << static_cast<unsigned>(c) << " in " << context);
        CHECK(describe(english().tokenize(text)) == describe(english().tokenize_with_icu(text)));
        ++checked;
      }
    }
  }
  CHECK(checked == ((0x530 - 0x80) + (0x1F00 - 0x1E00) + (0x2600 - 0x2000)) * 14);
  // What the table says, spelled out for a few: É folds to é, ſ to s, Ǆ (two letters) is ICU's.
  CHECK(describe(english().tokenize("(ÉCOLE)")) == "[école 1-7]");
  CHECK(describe(english().tokenize("Weſt")) == "[west 0-5]");
  CHECK(describe(english().tokenize("ǄEMAL")) == "[džemal 0-6]");
}

TEST_CASE("the ASCII fast path gives ICU's tokens: 20,000 random texts", "[analysis][ascii]") {
  // Pieces chosen to meet every rule of the fast path: letters, digits, each ASCII class of
  // UAX #29, white space, and non-ASCII that sends a run to ICU (combining marks, curly
  // apostrophes, zero-width characters, CJK, invalid bytes).
  const std::vector<std::string> pieces = {
      "a", "B", "z", "1", "0", ".", ",", ";", ":", "'", "`", "_", "@", "-", "/", "\"", "#", "\x01",
      " ", " ", "\n", "\t", "\r\n", "\xC3\xA9", "\xCC\x81", "\xE2\x80\x99", "\xE2\x80\x8B", "\xC2\xAD",
      "\xE4\xB8\xAD", "\xFF", "\xEF\xAC\x81", "\xD9\xAC", "US", "ab", "12",
      // Latin letters: folded alone (É, ñ, Ł, ſ), two letters (ß, ǅ), not a letter (×), İ; Greek
      // (Σ, final ς, ΐ), Cyrillic (Ж, ё), Vietnamese (ễ), and ẞ (two letters).
      "\xC3\x89", "\xC3\xB1", "\xC5\x81", "\xC5\xBF", "\xC3\x9F", "\xC7\x85", "\xC3\x97", "\xC4\xB0",
      "\xCE\xA3", "\xCF\x82", "\xCE\x90", "\xD0\xB6", "\xD1\x91", "\xE1\xBB\x85", "\xE1\xBA\x9E",
      // Typographic punctuation the fast path splits at or trims: – — “ ” … no-break space « » ‘ ʼ.
      "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\xA6", "\xC2\xA0", "\xC2\xAB",
      "\xC2\xBB", "\xE2\x80\x98", "\xCA\xBC",
      // Signs a run splits at too (£ € ° • © −), and one it must not (·, which joins letters).
      "\xC2\xA3", "\xE2\x82\xAC", "\xC2\xB0", "\xE2\x80\xA2", "\xC2\xA9", "\xE2\x88\x92", "\xC2\xB7"};
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;  // a fixed seed: the same texts every run
  const auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int differ = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    const auto len = 1 + next() % 16;
    for (std::uint64_t k = 0; k < len; ++k) text += pieces[next() % pieces.size()];
    const auto fast = describe(english().tokenize(text)), icu = describe(english().tokenize_with_icu(text));
    if (fast != icu && ++differ <= 5) {
      INFO(text);
      CHECK(fast == icu);
    }
  }
  CHECK(differ == 0);
}
