// Unit tests of query text checks and of the rewrite that puts our analyser in front of QueryParser.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "pt/analyzer.h"
#include "pt/error.h"
#include "query/query_text.h"

namespace {

constexpr std::size_t kMax = 4096;

const pt::Analyzer& english() {
  static const pt::Analyzer analyzer;
  return analyzer;
}

std::string rewrite(std::string_view q) { return pt::rewrite_for_queryparser(q, english()); }

// The terms Xapian's QueryParser makes of the rewritten query, parsed with the searcher's flags.
std::set<std::string> parsed_terms(std::string_view q) {
  Xapian::QueryParser qp;
  qp.add_prefix("title", "S");
  const auto query = qp.parse_query(rewrite(q), Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                                                    Xapian::QueryParser::FLAG_LOVEHATE);
  return {query.get_terms_begin(), query.get_terms_end()};
}

std::set<std::string> analysed_terms(std::string_view text) {
  std::set<std::string> out;
  for (const auto& t : english().tokenize(text)) out.insert(t.term);
  return out;
}

}  // namespace

TEST_CASE("check_query_text accepts ordinary queries", "[query][check]") {
  const std::vector<std::string> ok = {
      "peace",
      "peace talks Doha",
      "\"peace talks\"",
      "\xE2\x80\x9Cpeace talks\xE2\x80\x9D",  // curly quotes, balanced
      "(peace OR talks) AND Doha",
      "((a OR b) AND (c OR d))",
      "a -x",
      "-x a",
      "+a -b",
      "a NOT b",
      "NOT x",
      "title:camp",
      "\"a (b\"",                 // a parenthesis inside a phrase does not count
      "U.S. Taliban's 9/11",
      "\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2",
      "  padded  ",
      std::string(kMax, 'a'),  // exactly the limit
  };
  for (const auto& q : ok) {
    INFO("query: " << q.substr(0, 60));
    CHECK_NOTHROW(pt::check_query_text(q, kMax));
  }
}

TEST_CASE("check_query_text rejects malformed queries with QueryError", "[query][check][error]") {
  const std::vector<std::pair<const char*, std::string>> bad = {
      {"empty", ""},
      {"white space only", " \t\n\r "},
      {"one byte over the limit", std::string(kMax + 1, 'a')},
      {"far over the limit", std::string(100000, 'a')},
      {"invalid UTF-8", "caf\xC3"},
      {"invalid UTF-8 byte", "peace \xFF talks"},
      {"overlong UTF-8", "\xC0\xAF"},
      {"NUL byte", std::string("peace\0talks", 11)},
      {"unbalanced quote", "\"peace talks"},
      {"third quote", "\"peace\" \"talks"},
      {"unbalanced curly quote", "\xE2\x80\x9Cpeace talks"},
      {"unclosed parenthesis", "(peace OR talks"},
      {"two unclosed parentheses", "((peace OR talks)"},
      {"closing parenthesis first", "peace OR talks)"},
      {"closing before opening", ")peace("},
      {"only an excluded word", "-x"},
      {"only excluded words", "-x -y"},
      {"excluded phrase only", "-\"peace talks\""},
      {"excluded words joined by an operator", "-x AND -y"},
      {"excluded group", "-(x)"},
  };
  for (const auto& [name, q] : bad) {
    INFO("case: " << name);
    CHECK_THROWS_AS(pt::check_query_text(q, kMax), pt::QueryError);
  }
}

// Xapian reads "(-x)" as "x", just like a lone "-x": only excluded words, inside brackets.
TEST_CASE("check_query_text rejects excluded words inside brackets only", "[query][check][error]") {
  CHECK_THROWS_AS(pt::check_query_text("(-x)", kMax), pt::QueryError);
  CHECK_THROWS_AS(pt::check_query_text("(-x -y)", kMax), pt::QueryError);
}

TEST_CASE("check_query_text honours the byte limit it is given", "[query][check]") {
  CHECK_NOTHROW(pt::check_query_text("peace", 5));
  CHECK_THROWS_AS(pt::check_query_text("peace", 4), pt::QueryError);
}

TEST_CASE("QueryError is a pt::Error naming the problem", "[query][check][error]") {
  try {
    pt::check_query_text("(peace", kMax);
    FAIL("unbalanced parenthesis accepted");
  } catch (const pt::Error& e) {
    CHECK(dynamic_cast<const pt::QueryError*>(&e) != nullptr);
    CHECK(std::string(e.what()).find("parenthes") != std::string::npos);
  }
}

TEST_CASE("rewrite_for_queryparser gives the indexer's terms and keeps the syntax", "[query][rewrite]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"peace", "peace"},
      {"Peace Talks", "peace talks"},
      {"Trump\xE2\x80\x99s", "trump's"},
      {"Wednesday`s", "wednesday's"},
      {"Taliban's", "taliban's"},
      {"US-Taliban", "us-taliban"},
      {"intra-Afghan talks", "intra-afghan talks"},
      {"title:Camp", "title:camp"},
      {"title:Camp David", "title:camp david"},
      {"a AND b", "a AND b"},
      {"(Peace OR Talks) NOT Kabul", "(peace OR talks) NOT kabul"},
      {"peace XOR talks", "peace XOR talks"},
      {"peace NEAR talks", "peace NEAR talks"},
      {"peace ADJ talks", "peace ADJ talks"},
      {"peace and talks", "peace and talks"},  // lower-case "and" is a word
      {"Peace And Talks", "peace and talks"},
      {"-Taliban +Doha", "-taliban +doha"},
      {"\xE2\x80\x9CPeace Talks\xE2\x80\x9D", "\"peace talks\""},
      {"\xE2\x80\x9EPeace Talks\xE2\x80\x9C", "\"peace talks\""},
      {"\xC2\xAB" "Peace Talks" "\xC2\xBB", "\"peace talks\""},
      {"\"Peace Talks\"", "\"peace talks\""},
      {"Stra\xC3\x9F" "e", "strasse"},
      {"5,000 troops", "5000 troops"},
      {"3.14", "3.14"},
      {"\xEF\xAC\x81nance", "finance"},
  };
  for (const auto& [in, out] : cases) {
    INFO("query: " << in);
    CHECK(rewrite(in) == out);
  }
}

TEST_CASE("rewrite_for_queryparser folds acronym dots", "[query][rewrite]") {
  const auto r = rewrite("U.S.");
  CHECK(r.find("us") != std::string::npos);
  CHECK(r.find("u.s") == std::string::npos);
  CHECK(r.find("U.S") == std::string::npos);
  CHECK(parsed_terms("U.S.") == std::set<std::string>{"us"});
  CHECK(parsed_terms("U.S. envoy") == std::set<std::string>{"us", "envoy"});
}

TEST_CASE("rewrite_for_queryparser joins words written without spaces by '-'", "[query][rewrite]") {
  const std::string thai = "\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2\xE0\xB9\x84\xE0\xB8\x97\xE0\xB8\xA2";  // ภาษาไทย
  const auto tokens = english().tokenize(thai);
  REQUIRE(tokens.size() >= 2);
  std::string joined;
  for (const auto& t : tokens) joined += (joined.empty() ? "" : "-") + t.term;
  CHECK(rewrite(thai) == joined);
  CHECK(rewrite("peace " + thai) == "peace " + joined);
  const std::string zh = "\xE4\xB8\xAD\xE5\x8D\x8E\xE4\xBA\xBA\xE6\xB0\x91\xE5\x85\xB1\xE5\x92\x8C\xE5\x9B\xBD";
  const auto rewritten_zh = rewrite(zh);
  CHECK(std::count(rewritten_zh.begin(), rewritten_zh.end(), '-') + 1 ==
        static_cast<std::ptrdiff_t>(english().tokenize(zh).size()));
}

TEST_CASE("rewrite_for_queryparser turns characters the analyser drops into spaces", "[query][rewrite]") {
  const auto r = rewrite("peace \xF0\x9F\x95\x8A talks");  // a dove emoji
  CHECK(r.find("\xF0\x9F\x95\x8A") == std::string::npos);
  CHECK(parsed_terms("peace \xF0\x9F\x95\x8A talks") == std::set<std::string>{"peace", "talks"});
  CHECK(rewrite("") == "");
}

// Trap 1 of the architecture brief: typing the word that produced an indexed token must make
// QueryParser look for exactly that token.
TEST_CASE("QueryParser sees exactly the analyser's terms for the hard words", "[query][rewrite]") {
  const std::vector<std::string> words = {
      "Taliban's",
      "Trump\xE2\x80\x99s",
      "Wednesday`s",
      "U.S.",
      "U.S.-Taliban",
      "US-Taliban",
      "intra-Afghan",
      "9/11",
      "5,000",
      "3.14",
      "2019",
      "O'Neill",
      "Stra\xC3\x9F" "e",
      "cafe\xCC\x81",
      "\xEF\xBC\xB5\xEF\xBC\xB3\xEF\xBC\xA1",                                          // ＵＳＡ
      "\xD8\xA7\xD9\x84\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85",                              // السلام
      "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",                                              // שלום
      "\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2\xE0\xB9\x84\xE0\xB8\x97\xE0\xB8\xA2",  // ภาษาไทย
      "\xE4\xB8\xAD\xE5\x8D\x8E\xE4\xBA\xBA\xE6\xB0\x91",                              // 中华人民
      "title:camp",
  };
  for (const auto& w : words) {
    INFO("word: " << w << " rewritten: " << rewrite(w));
    auto expected = analysed_terms(w);
    if (w == "title:camp") expected = {"Scamp"};
    CHECK(parsed_terms(w) == expected);
  }
}
