// Unit tests of "did you mean": edit distance, the closest indexed word, and query rewriting.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <string>
#include <vector>

#include "memory_index.h"
#include "pt/analyzer.h"
#include "query/suggest.h"

using test::english;
using test::memory_db;

TEST_CASE("edit distance counts code points, swaps as one edit, and stops past max", "[suggest]") {
  const struct {
    const char* a;
    const char* b;
    std::size_t max, expected;
  } cases[] = {
      {"khalilzhad", "khalilzad", 2, 1},  // one deletion
      {"teh", "the", 2, 1},               // a swap of neighbours
      {"kitten", "sitting", 3, 3},
      {"kitten", "sitting", 2, 3},        // past max: max + 1
      {"zürich", "zurich", 2, 1},         // ü is one character, not two bytes
      {"zürich", "zürich", 2, 0},
      {"", "abc", 5, 3},
      {"abc", "", 1, 2},
      {"taliban", "talibans", 1, 1},
      {"ceasfire", "ceasefire", 2, 1},
  };
  for (const auto& c : cases) {
    INFO(c.a << " / " << c.b << " max " << c.max);
    CHECK(pt::edit_distance(c.a, c.b, c.max) == c.expected);
  }
}

TEST_CASE("the closest indexed word: fewest edits, then most documents", "[suggest]") {
  // memory_db indexes stems: "talibans" and "taliban" are one term in three documents.
  const auto db = memory_db({"khalilzad met the taliban", "khalilzad in doha", "khalil spoke", "talibans and taliban",
                             "the taliban", "tali", "kabul"});
  CHECK(pt::closest_indexed_word(db, "khalilzhad") == "khalilzad");
  CHECK(pt::closest_indexed_word(db, "talibn") == "taliban");   // 3 documents beat "tali"'s 1
  CHECK(pt::closest_indexed_word(db, "kabol") == "kabul");
  CHECK(pt::closest_indexed_word(db, "kbl").empty());           // short words: one edit at most
  CHECK(pt::closest_indexed_word(db, "qabul").empty());         // the first letter is not corrected
  CHECK(pt::closest_indexed_word(db, "quokka").empty());
}

namespace {

// The texts of a memory_db, by document number, for suggest_query.
pt::DocumentText texts_of(const std::vector<std::string>& texts) {
  return [texts](Xapian::docid id) { return texts.at(id - 1); };
}

}  // namespace

TEST_CASE("suggest_query replaces only unknown words, keeping syntax and case", "[suggest]") {
  const std::vector<std::string> texts = {"Khalilzad met the Taliban in Doha", "NATO ceasefire talks", "peace talks in 2019"};
  const auto db = memory_db(texts);
  const struct {
    const char* query;
    const char* suggestion;
  } cases[] = {
      {"Khalilzhad", "Khalilzad"},
      {"khalilzhad taliban", "khalilzad taliban"},
      {"NAOT talks", "NATO talks"},
      {"\"ceasfire talks\" -Dohaa", "\"ceasefire talks\" -Doha"},  // the written form, not the stem "ceasefir"
      {"title:Talibn AND doha", "title:Taliban AND doha"},
      {"Khalilzad Taliban", ""},   // every word known
      {"talk", ""},                // known as a stem ("talks")
      {"talking", ""},             // likewise
      {"quokka", ""},              // nothing close
      {"peace 2091", ""},          // numbers are not corrected
      {"Doha OR Dohaa", "Doha OR Doha"},
      {"title:Talibn", "title:Taliban"},  // the field name is no word to correct
      {"dohaa dohaa", "doha doha"},       // looked up once
  };
  for (const auto& c : cases) {
    INFO(c.query);
    CHECK(pt::suggest_query(db, c.query, c.query, english(), texts_of(texts)) == c.suggestion);
  }
  // Filters are kept: the words are read from the query without them, the suggestion is the query.
  CHECK(pt::suggest_query(db, "ceasfire source:\"Global Research\"", "ceasfire ", english(), texts_of(texts)) ==
        "ceasefire source:\"Global Research\"");
  // At most kMaxCorrections words are looked up.
  CHECK(pt::suggest_query(db, "dohaa talibn ceasfire khalilzhad", "dohaa talibn ceasfire khalilzhad", english(),
                          texts_of(texts)) == "doha taliban ceasefire khalilzhad");
}

TEST_CASE("suggest_query: of the words with the closest stem, the one written most like the query's", "[suggest]") {
  const std::vector<std::string> texts = {
      "negotiators said the negotiations would resume; negotiating takes time",  // "negoti": 3 forms
      "the negotiations in Doha",
      "Bombers bombed the bombing range",  // "bomber", "bomb" ("bombed", "bombing")
  };
  const auto db = memory_db(texts);
  const struct {
    const char* query;
    const char* suggestion;
  } cases[] = {
      {"negotations", "negotiations"},   // stem "negot", closest indexed "negoti"
      {"negotiatting", "negotiating"},   // the same stem, the nearer form
      {"bommbed", "bombed"},
      {"Bommbing", "Bombing"},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    CHECK(pt::suggest_query(db, c.query, c.query, english(), texts_of(texts)) == c.suggestion);
  }
  // No document text shows a form (a text provider that has none): no suggestion, never a stem.
  const pt::DocumentText nothing = [](Xapian::docid) { return std::string(); };
  CHECK(pt::suggest_query(db, "negotations", "negotations", english(), nothing).empty());
}
