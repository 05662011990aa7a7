// Unit tests of snippets: window choice, highlights from our own tokens, cutting, query word sorting.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "pt/analyzer.h"
#include "pt/schema.h"
#include "pt/utf8.h"
#include "memory_index.h"
#include "snippets/body_masks.h"
#include "snippets/snippet.h"

namespace {

const std::string kEllipsis = "\xE2\x80\xA6";

using test::english;

pt::QueryWords exact(std::set<std::string> words) { return pt::QueryWords{std::move(words), {}}; }
pt::QueryWords stems(std::set<std::string> words) { return pt::QueryWords{{}, std::move(words)}; }

pt::Snippet snippet(std::string_view body, const pt::QueryWords& words, std::size_t max_bytes = 220) {
  return pt::make_snippet(body, english(), words, max_bytes);
}

// The highlighted substrings, in order.
std::vector<std::string> highlighted(const pt::Snippet& s) {
  std::vector<std::string> out;
  for (const auto& h : s.highlights) {
    REQUIRE(h.offset + h.length <= s.text.size());
    out.push_back(s.text.substr(h.offset, h.length));
  }
  return out;
}

// Highlights must be in order, not overlap, and sit on character boundaries.
void check_well_formed(const pt::Snippet& s) {
  CHECK_FALSE(pt::utf8::first_invalid(s.text).has_value());
  std::size_t previous_end = 0;
  for (const auto& h : s.highlights) {
    CHECK(h.length > 0);
    CHECK(h.offset >= previous_end);
    CHECK(h.offset + h.length <= s.text.size());
    CHECK(pt::utf8::is_char_start(s.text, h.offset));
    CHECK(pt::utf8::is_char_start(s.text, h.offset + h.length));
    previous_end = h.offset + h.length;
  }
}

// What the highlights should be: every word of the snippet text that the query looks for.
std::vector<std::string> matching_words(const std::string& text, const pt::QueryWords& words) {
  std::vector<std::string> out;
  for (const auto& t : english().tokenize(text))
    if (words.exact.count(t.term) || words.stems.count(english().stem(t.term))) out.push_back(text.substr(t.start, t.end - t.start));
  return out;
}

std::string filler(int words, const char* word = "lorem") {
  std::string out;
  for (int i = 0; i < words; ++i) out += std::string(word) + " ";
  return out;
}

}  // namespace

TEST_CASE("make_snippet highlights exactly the matched words", "[snippet]") {
  const std::string body = "Peace talks resumed in Doha. The Taliban and the envoy met in Doha again; Dohas is no word.";
  const auto words = exact({"doha", "taliban"});
  const auto s = snippet(body, words, 500);
  CHECK(s.text == body);
  CHECK(highlighted(s) == std::vector<std::string>{"Doha", "Taliban", "Doha"});
  check_well_formed(s);
}

TEST_CASE("make_snippet highlights the source spelling of folded words", "[snippet]") {
  const std::string body = "Trump\xE2\x80\x99s envoy met the Taliban's negotiators in caf\xC3\xA9s; STRASSE and Stra\xC3\x9F" "e.";
  const auto s = snippet(body, exact({"trump's", "taliban's", "strasse"}), 500);
  CHECK(highlighted(s) == std::vector<std::string>{"Trump\xE2\x80\x99s", "Taliban's", "STRASSE", "Stra\xC3\x9F" "e"});
  check_well_formed(s);
}

TEST_CASE("make_snippet matches stems", "[snippet]") {
  const std::string body = "The talks began. Talking helps; one talk is not enough. A stalk is a plant.";
  const auto s = snippet(body, stems({"talk"}), 500);
  CHECK(highlighted(s) == std::vector<std::string>{"talks", "Talking", "talk"});
  // An exact word does not match other forms of it.
  CHECK(highlighted(snippet(body, exact({"talks"}), 500)) == std::vector<std::string>{"talks"});
  // A possessive matches the stem of its word.
  CHECK(highlighted(snippet("The Taliban's position.", stems({"taliban"}))) == std::vector<std::string>{"Taliban's"});
}

TEST_CASE("make_snippet highlights an acronym and the parts of a hyphenated word", "[snippet]") {
  const auto s = snippet("The U.S. envoy and the US-Taliban deal.", exact({"us", "taliban"}));
  const auto h = highlighted(s);
  REQUIRE(h.size() == 3);
  CHECK((h[0] == "U.S" || h[0] == "U.S."));
  CHECK(h[1] == "US");
  CHECK(h[2] == "Taliban");
}

TEST_CASE("make_snippet picks the passage with the most distinct query words", "[snippet]") {
  const std::string body = "Peace peace peace peace peace was all they said. " + filler(60) +
                           "Later a peace deal with the Taliban was signed in Doha by both sides. " + filler(60) +
                           "The end.";
  const auto words = exact({"peace", "taliban", "doha"});
  const auto s = snippet(body, words, 120);
  INFO("snippet: " << s.text);
  const auto h = highlighted(s);
  CHECK(std::find(h.begin(), h.end(), "Taliban") != h.end());
  CHECK(std::find(h.begin(), h.end(), "Doha") != h.end());
  CHECK(s.text.find("Later a peace deal") != std::string::npos);
  CHECK(s.text.starts_with(kEllipsis));
  CHECK(s.text.ends_with(kEllipsis));
  CHECK(h == matching_words(s.text, words));
  check_well_formed(s);
}

// A body is read a piece at a time, a piece ending at white space when it has some and anywhere
// when not; the masks of its stretches must not depend on where the pieces end.
TEST_CASE("BodyMasks: a body added in two pieces reads as added whole, wherever the first ends", "[snippet][masks]") {
  std::string body;
  for (int i = 0; i < 6; ++i)
    body += std::string("U.S. caf\xC3\xA9\0\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDoil,1,000 o'neil\0", 37) + "talks\xE2\x80\x94gas ";
  pt::snippets::StartRule rule;
  rule.add_word("oil", false);
  rule.add_word("talk", true);
  pt::snippets::BodyMasks whole;
  whole.add(body, 0, body.size(), rule);
  REQUIRE(body.size() == 294);
  REQUIRE(whole.units() > 20);
  for (std::size_t cut = 1; cut < body.size(); ++cut) {
    INFO("first piece " << cut << " bytes");
    pt::snippets::BodyMasks parts;
    parts.add(body, 0, cut, rule);
    parts.add(body, cut, body.size(), rule);
    REQUIRE(parts.units() == whole.units());
    for (std::size_t k = 0; k < whole.units(); ++k) REQUIRE(parts.start_of(k) == whole.start_of(k));
    for (std::size_t p = 0; p < body.size(); ++p) {
      REQUIRE(parts.unit(p) == whole.unit(p));
      REQUIRE(parts.last_end(p, p + 40) == whole.last_end(p, p + 40));
      REQUIRE(parts.next_candidate(p, body.size()) == whole.next_candidate(p, body.size()));
      REQUIRE(parts.next_space(p, body.size()) == whole.next_space(p, body.size()));
    }
  }
}

TEST_CASE("make_snippet: a body with no white space for more than a piece stays whole characters", "[snippet]") {
  // The first 1,024 bytes (a piece) hold no white space, and a run of U+FFFD crosses byte 1,024
  // mid-character; the match after it puts the window's start on that run. (Found by fuzzing:
  // the run's end was taken to be the piece's, and the snippet cut a character in two.)
  std::string body(1000, 'a');
  body += '\0';
  for (int i = 0; i < 20; ++i) body += "\xEF\xBF\xBD";
  body += std::string("\0w\0w\0w\0oil", 10);
  // 40 bytes from the window's start (the run, four stretches before the match) end in the run.
  const auto short_one = snippet(body, exact({"oil"}), 40);
  check_well_formed(short_one);
  CHECK(short_one.text.size() > 2 * kEllipsis.size());
  const auto long_one = snippet(body, exact({"oil"}), 220);
  check_well_formed(long_one);
  CHECK(highlighted(long_one) == std::vector<std::string>{"oil"});
}

TEST_CASE("make_snippet: a piece with no white space ends between characters, not inside one", "[snippet]") {
  // "a…aéoil" is one word, whose "é" straddles byte 1,024, where a piece without white space
  // ends: cut there, the rest of the word would read as a word "oil" of its own.
  const std::string body = std::string(1023, 'a') + "\xC3\xA9oil and more";
  const auto s = snippet(body, exact({"oil", "more"}), 2000);
  check_well_formed(s);
  CHECK(s.text == body);
  CHECK(highlighted(s) == std::vector<std::string>{"more"});
}

TEST_CASE("make_snippet: a match near the start shows the start, cut at the end", "[snippet]") {
  const std::string body = "Doha hosted the talks. " + filler(100);
  const auto s = snippet(body, exact({"doha"}), 100);
  CHECK(s.text.starts_with("Doha hosted the talks."));
  CHECK(s.text.ends_with(kEllipsis));
  CHECK(highlighted(s) == std::vector<std::string>{"Doha"});
}

TEST_CASE("make_snippet: a match at the very end shows the end without a trailing ellipsis", "[snippet]") {
  const std::string body = filler(100) + "The talks ended in Doha.";
  const auto s = snippet(body, exact({"doha"}), 100);
  INFO("snippet: " << s.text);
  CHECK(s.text.starts_with(kEllipsis));
  CHECK(s.text.ends_with("Doha."));
  CHECK(highlighted(s) == std::vector<std::string>{"Doha"});
}

TEST_CASE("make_snippet keeps close to the requested length", "[snippet]") {
  std::string body;
  for (int i = 0; i < 200; ++i) body += "word" + std::to_string(i) + (i % 7 == 0 ? " Doha, " : " ");
  for (std::size_t max : {40u, 80u, 150u, 220u, 400u}) {
    const auto s = snippet(body, exact({"doha"}), max);
    INFO("max " << max << " snippet: " << s.text);
    // Ellipses and closing punctuation after the last word come on top of the limit.
    CHECK(s.text.size() <= max + 2 * kEllipsis.size() + 8);
    CHECK(s.text.size() >= max / 2);
    CHECK(highlighted(s) == matching_words(s.text, exact({"doha"})));
    check_well_formed(s);
  }
}

TEST_CASE("make_snippet without matches shows the start of the body", "[snippet]") {
  const std::string body = "The talks resumed in Doha on Saturday. " + filler(100);
  for (const auto& words : {exact({"kabul"}), pt::QueryWords{}}) {
    const auto s = snippet(body, words, 100);
    INFO("snippet: " << s.text);
    CHECK(s.text.starts_with("The talks resumed in Doha on Saturday."));
    CHECK(s.text.ends_with(kEllipsis));
    CHECK(s.highlights.empty());
    CHECK(s.text.size() <= 100 + kEllipsis.size() + 8);
  }
}

TEST_CASE("make_snippet collapses white space", "[snippet]") {
  const auto s = snippet("  Peace\n\n  talks\tin \r\n  Doha\n\n", exact({"doha"}));
  CHECK(s.text == "Peace talks in Doha");
  CHECK(highlighted(s) == std::vector<std::string>{"Doha"});
  CHECK(snippet("a\t\tb\n\nc", {}).text == "a b c");
}

TEST_CASE("make_snippet does not cut a body shorter than the limit", "[snippet]") {
  const std::string body = "Peace talks resumed in Doha on Saturday.";
  const auto s = snippet(body, exact({"saturday"}), 220);
  CHECK(s.text == body);
  CHECK(s.text.find(kEllipsis) == std::string::npos);
  CHECK(highlighted(s) == std::vector<std::string>{"Saturday"});
  // Exactly at the limit is not cut either.
  CHECK(snippet(body, {}, body.size()).text == body);
}

TEST_CASE("make_snippet on an empty body gives an empty snippet", "[snippet]") {
  const auto s = snippet("", exact({"doha"}));
  CHECK(s.text.empty());
  CHECK(s.highlights.empty());
}

TEST_CASE("make_snippet never cuts inside a multi-byte character", "[snippet]") {
  std::string body;
  for (int i = 0; i < 100; ++i) body += "caf\xC3\xA9 \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 ";
  body += "\xE6\x96\xB0\xE9\x97\xBB\xE6\x96\xB0\xE9\x97\xBB\xE6\x96\xB0\xE9\x97\xBB";
  for (std::size_t max : {1u, 5u, 17u, 60u}) {
    INFO("max " << max);
    check_well_formed(snippet(body, exact({"caf\xC3\xA9"}), max));
    check_well_formed(snippet(body, {}, max));
  }
  // A single word longer than the limit.
  const std::string long_word(50, 'x');
  check_well_formed(snippet("\xC3\xA9" + long_word + "\xC3\xA9\xC3\xA9", {}, 10));
}

TEST_CASE("query_words: the stems of body and title terms, filters left out", "[snippet][query_words]") {
  const std::set<std::string> terms = {"talk", "Speac", "Sdoha", "XSbbc", "Q2019/doha.txt",
                                       "D20190907", "", "2019", "caf\xC3\xA9", "Acorybko", "XAdonald-trump"};
  const auto w = pt::query_words(terms);
  CHECK(w.exact.empty());
  CHECK(w.stems == std::set<std::string>{"talk", "peac", "doha", "2019", "caf\xC3\xA9"});
  CHECK_FALSE(w.empty());
}

TEST_CASE("query_words of filters only is empty", "[snippet][query_words]") {
  CHECK(pt::query_words({}).empty());
  CHECK(pt::query_words({"Qid", "XSbbc", "D20190907"}).empty());
  CHECK(pt::QueryWords{}.empty());
}

TEST_CASE("make_snippet without a match starts at the lead, with no ellipsis for the furniture skipped", "[snippet]") {
  const std::string furniture = "By Jane Roe\nGlobal Research, September 09, 2019\nRegion: Asia\n";
  const std::string body = furniture + "The talks in Doha resumed on Monday after a pause of three months.";
  struct Case {
    const char* name;
    std::size_t lead;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"lead after the furniture", furniture.size(), "The talks in Doha resumed on Monday after a pause of three months."},
      {"no lead: the start of the body", 0, "By Jane Roe Global Research, September 09, 2019 Region: Asia The talks in Doha resumed on Monday after a pause of three months."},
      {"a lead past the end is ignored", body.size() + 10, "By Jane Roe Global Research, September 09, 2019 Region: Asia The talks in Doha resumed on Monday after a pause of three months."},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto s = pt::make_snippet(body, english(), exact({}), 400, c.lead);
    CHECK(s.text == c.expected);
    CHECK(s.highlights.empty());
  }
  // With a match, the lead plays no part: the window is around the match.
  const auto m = pt::make_snippet(body, english(), exact({"doha"}), 400, furniture.size());
  CHECK(highlighted(m) == std::vector<std::string>{"Doha"});
}

TEST_CASE("query_words_in: the query words each document holds, filter terms left out", "[snippet]") {
  const auto db = test::memory_db({"Peace talks in Doha", "Talks resumed", "Weather report", "Peace deal"}, "XSbbc");
  const auto stem = [](const std::string& word) { return test::english().stem(word); };
  // The title term matches nothing here: memory_db writes body words only.
  const std::set<std::string> terms = {stem("peace"), stem("talks"), "doha", "XSbbc", std::string(pt::schema::kTitlePrefix) + stem("talks")};
  struct Case {
    Xapian::docid doc;
    std::set<std::string> stems;
  };
  // In no particular docid order, a document twice, and one the index does not have.
  const std::vector<Case> cases = {
      {4, {stem("peace")}},
      {1, {stem("peace"), stem("talks"), "doha"}},
      {3, {}},
      {2, {stem("talks")}},
      {1, {stem("peace"), stem("talks"), "doha"}},
      {99, {}},
  };
  std::vector<Xapian::docid> docs;
  for (const auto& c : cases) docs.push_back(c.doc);
  const auto words = pt::query_words_in(db, terms, docs);
  REQUIRE(words.size() == cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO("document " << cases[i].doc);
    CHECK(words[i].exact.empty());
    CHECK(words[i].stems == cases[i].stems);
  }
  CHECK(pt::query_words_in(db, terms, {}).empty());
}

// Only the runs where a query word may start go through the analyser (by first two bytes, with
// non-ASCII and punctuation kept in view): every case where a token starts elsewhere than a run's
// first letter, or where text and token differ in their first two bytes, still finds the word.
TEST_CASE("make_snippet finds words wherever a token starts in a run", "[snippet]") {
  struct Case {
    std::string body;
    pt::QueryWords words;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases{
      {"He ran at St.Gallen twice.", exact({"gallen"}), {"Gallen"}},                                  // after a dot inside a run
      {"The anti-oil lobby met.", exact({"oil"}), {"oil"}},                                            // after a hyphen
      {"He said (oil) and \"Oil\" too.", exact({"oil"}), {"oil", "Oil"}},                              // after punctuation
      {"The U.S. and the E.U. met.", exact({"us"}), {"U.S"}},                                          // acronym: second byte '.'
      {"It cost 1,000 dlrs, not 1000.", exact({"1000"}), {"1,000", "1000"}},                           // number: second byte ','
      {"The dying man and the dead.", stems({"die"}), {"dying"}},                                      // a 'y' for the stem's 'i'
      {"Flies fly; a fly flew.", stems({"fli"}), {"Flies", "fly", "fly"}},                            // "fli" <- "flies", "fly"
      {"Plan x is not plan xy.", exact({"x"}), {"x"}},                                                 // a one-letter word
      {"O\xE2\x80\x99Neil and o'neil met.", exact({"o'neil"}), {"O\xE2\x80\x99Neil", "o'neil"}},       // curly apostrophe
      {"\xE2\x80\x9COil\xE2\x80\x9D prices \xE2\x80\x93 oil\xE2\x80\x94gas.", exact({"oil"}), {"Oil", "oil"}},  // quotes, dashes
      {"Sold\xC2\xA0oil in 2017\xE2\x80\x93" "18.", exact({"oil", "18"}), {"oil", "18"}},             // no-break space, en dash
      {"Z\xC3\xBCrich and ZURICH and z\xC3\xBCrich.", exact({"z\xC3\xBCrich"}), {"Z\xC3\xBCrich", "z\xC3\xBCrich"}},  // accents
      {"A naming_convention here.", exact({"naming_convention"}), {"naming_convention"}},            // '_' inside a word
  };
  for (const auto& c : cases) {
    INFO("body: " << c.body);
    const auto s = snippet(c.body, c.words, 500);
    CHECK(highlighted(s) == c.expected);
    CHECK(highlighted(s) == matching_words(s.text, c.words));
    check_well_formed(s);
  }
}

TEST_CASE("make_snippet finds a word at every offset, across the 16- and 64-byte blocks it reads", "[snippet]") {
  // Filler of every length from 0 to 200 bytes before the word, then more after it: the word
  // falls at every position of a block, and the body's end (read byte by byte) moves past it.
  for (std::size_t pad = 0; pad <= 200; ++pad) {
    for (const std::size_t tail : {0, 1, 2, 70}) {
      const std::string body = std::string(pad, 'x').append(pad > 0 ? " " : "") + "Oil, talks" + std::string(tail, ' ') +
                               std::string(tail, 'y');
      INFO("pad " << pad << ", tail " << tail);
      const auto words = pt::QueryWords{{"oil"}, {"talk"}};
      const auto s = snippet(body, words, 500);
      CHECK(highlighted(s) == std::vector<std::string>{"Oil", "talks"});
    }
  }
}

TEST_CASE("make_snippet with many query words reads every run the slow way, alike", "[snippet]") {
  // More first bytes and pairs than the vector path takes: each byte is looked up alone.
  const std::string body = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau.";
  const pt::QueryWords words = exact({"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
                                      "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau"});
  const auto s = snippet(body, words, 500);
  CHECK(highlighted(s).size() == 19);
  CHECK(highlighted(s) == matching_words(s.text, words));
}

TEST_CASE("make_snippet: stretches of CJK, Hangul, Hebrew or Arabic hide no ASCII query word", "[snippet]") {
  // The scan skips a stretch only ICU can read when it has no ASCII letter or digit and no
  // character that folds to ASCII; the highlights must still be every matching word of the text
  // (matching_words tokenizes all of it, ICU included).
  struct Case {
    const char* name;
    std::string body;
    pt::QueryWords words;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"CJK between ASCII words", "The institute (\xE6\xB4\x9B\xE9\x98\xB3\xE7\x90\x86\xE5\xB7\xA5) met on Thursday.",
       exact({"thursday", "institute"}), {"institute", "Thursday"}},
      {"Hangul and Hebrew", "Talks in \xEC\x84\x9C\xEC\x9A\xB8 and \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D ended; talks resume.",
       stems({"talk"}), {"Talks", "talks"}},
      {"fullwidth letters fold to ASCII", "\xE9\x87\x9C\xE5\xB1\xB1 \xEF\xBC\xB4\xEF\xBD\x88\xEF\xBD\x95\xEF\xBD\x92\xEF\xBD\x93\xEF\xBD\x84\xEF\xBD\x81\xEF\xBD\x99 talks",
       exact({"thursday"}), {"\xEF\xBC\xB4\xEF\xBD\x88\xEF\xBD\x95\xEF\xBD\x92\xEF\xBD\x93\xEF\xBD\x84\xEF\xBD\x81\xEF\xBD\x99"}},
      {"an acronym glued to CJK", "\xE6\xB4\x9B\xE9\x98\xB3U.S.\xE5\xAD\xA6\xE9\x99\xA2 envoy", exact({"us", "envoy"}), {}},
      {"a joiner inside a word", "\xE6\xB4\x9B\xE9\x98\xB3 Tal\xE2\x80\x8D" "iban \xE5\xAD\xA6", exact({"taliban"}), {}},
      {"Arabic only", "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD8\xA7\xD9\x84\xD8\xB9\xD8\xA7\xD9\x84\xD9\x85 envoy",
       exact({"envoy"}), {"envoy"}},
      {"a CJK query word", "\xE6\x9D\xB1\xE4\xBA\xAC talks", exact({"\xE6\x9D\xB1\xE4\xBA\xAC"}), {"\xE6\x9D\xB1\xE4\xBA\xAC"}},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto s = snippet(c.body, c.words, 500);
    CHECK(s.text == c.body);
    const auto expected = matching_words(s.text, c.words);
    CHECK(highlighted(s) == expected);
    // Where the case names the words, the reference agrees with them (the two cases left empty
    // are those whose tokens depend on ICU's reading of the glued text).
    if (!c.expected.empty()) CHECK(expected == c.expected);
    CHECK_FALSE(expected.empty());
    check_well_formed(s);
  }
}
