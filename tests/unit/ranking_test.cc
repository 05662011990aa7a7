// Unit tests of the ranking pieces: stop words, plain query words, proximity bonus, feedback terms.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <set>
#include <string>
#include <vector>

#include "memory_index.h"
#include "pt/analyzer.h"
#include "pt/schema.h"
#include "rank/ranking.h"

using test::english;
using test::memory_db;

namespace {

// The document numbers a query ranks, best first.
std::vector<Xapian::docid> ranking(const Xapian::Database& db, const Xapian::Query& q) {
  Xapian::Enquire e(db);
  e.set_query(q);
  std::vector<Xapian::docid> out;
  const auto mset = e.get_mset(0, 10);
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
  return out;
}

}  // namespace

TEST_CASE("the English stop list", "[ranking][stop]") {
  const auto& stop = pt::english_stopper();
  for (const char* w : {"the", "of", "and", "which", "is", "don't", "it's", "very"}) {
    INFO(w);
    CHECK(stop(w));
  }
  // News words that look common but carry meaning.
  for (const char* w : {"us", "who", "war", "talks", "news", "may", "will", "can", "new", "Z"}) {
    INFO(w);
    CHECK_FALSE(stop(w));
  }
  CHECK(pt::stop_words_apply("english"));
  CHECK(pt::stop_words_apply("porter"));
  CHECK_FALSE(pt::stop_words_apply("german"));
  CHECK_FALSE(pt::stop_words_apply("none"));
}

TEST_CASE("plain query words: in order, stop words out, none when the query has syntax", "[ranking][words]") {
  using Words = std::vector<std::string>;
  const Xapian::Stopper* stop = &pt::english_stopper();
  const struct {
    const char* query;
    bool stopped;
    Words words;
  } cases[] = {
      {"Camp David ceasefire", true, {"camp", "david", "ceasefire"}},
      {"the talks in Doha", true, {"talks", "doha"}},
      {"the talks in Doha", false, {"the", "talks", "in", "doha"}},
      {"U.S. troops, Afghanistan's", true, {"us", "troops", "afghanistan's"}},
      {"Zürich banks", true, {"zürich", "banks"}},
      {"the of and", true, {}},
      {"\"peace talks\" Doha", true, {}},
      {"title:Taliban talks", true, {}},
      {"(Kabul OR Doha)", true, {}},
      {"Kabul OR Doha", true, {}},
      {"Kabul NEAR Doha", true, {}},
      {"+Kabul Doha", true, {}},
      {"Kabul -Doha", true, {}},
      {"Kab* Doha", true, {}},
      {"\u201Cpeace talks\u201D Doha", true, {}},  // typographic quotes open a phrase too
      {"\u00ABpeace talks\u00BB", true, {}},
      {"\u4E2D\u534E\u4EBA\u6C11", true, {}},    // written together: searched as a phrase
      {"", true, {}},
  };
  for (const auto& c : cases) {
    INFO(c.query << (c.stopped ? " (stop words out)" : ""));
    CHECK(pt::plain_query_words(c.query, english(), c.stopped ? stop : nullptr) == c.words);
  }
}

TEST_CASE("proximity: query words close together add their idf, pairs in any order", "[ranking][proximity]") {
  // Document 1 is short with the words far apart, document 2 longer with them side by side.
  const auto db = memory_db({"peace at last talks", "the peace talks began in Doha after a long winter of fighting",
                              "talks about the weather"});
  const std::vector<Xapian::docid> docs = {1, 2, 3};
  const double peace = pt::bm25_idf(db, "peac"), talks = pt::bm25_idf(db, "talk"), doha = pt::bm25_idf(db, "doha");
  const auto bonus = [&](const std::vector<std::string>& words, Xapian::termcount window) {
    return pt::proximity_bonus(db, docs, words, english(), pt::Proximity{0.5, window});
  };
  // BM25 alone puts the short document first; side by side, the words win it the second.
  const Xapian::Query words(Xapian::Query::OP_OR, Xapian::Query("peac"), Xapian::Query("talk"));
  CHECK(ranking(db, words)[0] == 1);
  CHECK(bonus({"peace", "talks"}, 2) == std::vector<double>{0, 0.5 * (peace + talks), 0});
  // The window bounds it: wide enough, the far document gets it too.
  CHECK(bonus({"peace", "talks"}, 20) == std::vector<double>{0.5 * (peace + talks), 0.5 * (peace + talks), 0});
  // Every pair counts, not only neighbours in the query: "peace" and "talks" here.
  CHECK(bonus({"peace", "doha", "talks"}, 2)[1] == Approx(0.5 * (peace + talks)));
  CHECK(bonus({"peace", "doha", "talks"}, 3)[1] == Approx(0.5 * (peace + talks) + 0.5 * (talks + doha)));

  CHECK(bonus({"peace"}, 8) == std::vector<double>(3, 0));
  CHECK(bonus({}, 8) == std::vector<double>(3, 0));
  CHECK(bonus({"talks", "talks"}, 8) == std::vector<double>(3, 0));  // a word next to itself is no pair
}

TEST_CASE("feedback: the top documents' telling stems, weighted below the query", "[ranking][feedback]") {
  const auto db = memory_db({
      "ceasefire agreed in Doha after talks with the Taliban",
      "ceasefire holds as Taliban envoys meet in Doha",
      "Doha hosts the Taliban office for the negotiations",
      "a recipe for lemon cake",
  });
  const Xapian::BM25Weight bm25;
  pt::Feedback how;
  how.docs = 2;
  how.terms = 5;
  how.weight = 0.5;
  const auto more = pt::feedback_query(db, bm25, Xapian::Query("ceasefir"), how);
  REQUIRE_FALSE(more.empty());
  std::vector<std::string> terms(more.get_unique_terms_begin(), more.get_unique_terms_end());
  CHECK(std::find(terms.begin(), terms.end(), "doha") != terms.end());
  CHECK(std::find(terms.begin(), terms.end(), "taliban") != terms.end());
  CHECK(std::find(terms.begin(), terms.end(), "lemon") == terms.end());
  CHECK(terms.size() <= 5);
  for (const auto& t : terms) CHECK(pt::schema::is_word_term(t));  // body stems only, no prefixed terms
  // The expanded query finds the third article, which never says "ceasefire".
  const auto found = ranking(db, Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("ceasefir"), more));
  CHECK(std::find(found.begin(), found.end(), Xapian::docid{3}) != found.end());
  CHECK(std::find(found.begin(), found.end(), Xapian::docid{4}) == found.end());
  // Weighted below the query: the articles that say "ceasefire" stay first, and every added word
  // is scaled by at most `weight`.
  REQUIRE(found.size() >= 3);
  CHECK(std::set<Xapian::docid>(found.begin(), found.begin() + 2) == std::set<Xapian::docid>{1, 2});
  for (std::size_t i = 0; i < more.get_num_subqueries(); ++i) {
    const auto part = more.get_subquery(i);
    REQUIRE(part.get_type() == Xapian::Query::OP_SCALE_WEIGHT);
    const auto d = part.get_description();  // "Query(0.5 * doha)"
    CHECK(std::stod(d.substr(d.find('(') + 1)) <= 0.5 + 1e-9);
  }
  // Nothing found, nothing added.
  CHECK(pt::feedback_query(db, bm25, Xapian::Query("quokka"), how).empty());
}

TEST_CASE("compounds: closed and open forms find each other, fragments and stop words do not", "[ranking][compounds]") {
  std::vector<std::string> texts = {
      "a ceasefire was agreed in Doha",          // 1
      "the Taliban would not cease fire",        // 2
      "the cease-fire held for a week",          // 3
      "a fire in the kitchen",                   // 4
      "they cease operations at night",          // 5
      "the rapist was sentenced",                // 6: "the" is a stop word, so no "therapist"
      "the electron microscope",                 // 7
      "an elec tron fragment of scanned text",   // 8: "elec" is no word in its own right
  };
  for (int i = 0; i < 12; ++i) texts.push_back("electron beams and electron clouds " + std::to_string(i));
  const auto db = memory_db(texts);
  const Xapian::Stopper* stop = &pt::english_stopper();
  const auto found = [&](const Xapian::Query& q) {
    auto ids = ranking(db, q);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  using Ids = std::vector<Xapian::docid>;

  // "cease fire" also finds "ceasefire".
  const Xapian::Query open(Xapian::Query::OP_OR, Xapian::Query("ceas", 1, 1), Xapian::Query("fire", 1, 2));
  const auto joined = pt::with_compounds(open, db, {"cease", "fire"}, english(), stop);
  CHECK(found(open) == Ids{2, 3, 4, 5});
  CHECK(found(joined) == Ids{1, 2, 3, 4, 5});
  // "ceasefire" also finds "cease fire" and "cease-fire", not "fire" or "cease" alone.
  const Xapian::Query closed("ceasefir", 1, 1);
  const auto split = pt::with_compounds(closed, db, {"ceasefire"}, english(), stop);
  CHECK(found(closed) == Ids{1});
  CHECK(found(split) == Ids{1, 2, 3});
  // The open form weighs about what the closed one does: neither is buried under the other.
  Xapian::Enquire e(db);
  e.set_query(split);
  const auto mset = e.get_mset(0, 10);
  REQUIRE(mset.size() == 3);
  CHECK(mset.begin().get_weight() < 3 * (--mset.end()).get_weight());

  // No split into a stop word, nor into fragments of a word broken across a line.
  const Xapian::Query therapist("therapist", 1, 1);
  CHECK(pt::with_compounds(therapist, db, {"therapist"}, english(), stop).get_description() == therapist.get_description());
  const Xapian::Query electron("electron", 1, 1);
  CHECK(pt::with_compounds(electron, db, {"electron"}, english(), stop).get_description() == electron.get_description());
  // A stop word between two words breaks the pair; nothing to add leaves the query as it was.
  const Xapian::Query broken(Xapian::Query::OP_OR, Xapian::Query("ceas", 1, 1), Xapian::Query("fire", 1, 3));
  CHECK(pt::with_compounds(broken, db, {"cease", "the", "fire"}, english(), stop).get_description() == broken.get_description());
}

TEST_CASE("name variants: Bcl2 finds Bcl-2, TET finds Tet1 and Tet2, footnote marks are left out", "[ranking][variants]") {
  std::vector<std::string> texts = {
      "silencing Bcl-2 in tumours",            // 1: analysed "bcl", "2"
      "Bcl2 silencing",                        // 2
      "Tet1 and Tet2 convert 5mC",             // 3
      "the TET family of enzymes",             // 4
      "FOXO3 and FOXO transcription factors",  // 5
      "a higher risk4 of stroke",              // 6: a footnote mark glued to a word
      "pins and needles",                      // 7
  };
  for (int i = 0; i < 12; ++i) texts.push_back("the risk of stroke " + std::to_string(i));
  const auto db = memory_db(texts);
  const auto found = [&](const Xapian::Query& q) {
    auto ids = ranking(db, q);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  using Ids = std::vector<Xapian::docid>;
  const auto with = [&](const char* stem, const char* word) {
    return pt::with_name_variants(Xapian::Query(stem, 1, 1), db, {word}, english());
  };
  CHECK(found(with("bcl2", "bcl2")) == Ids{1, 2});
  CHECK(found(with("tet", "tet")) == Ids{3, 4});
  CHECK(found(with("foxo3a", "foxo3a")) == Ids{5});
  // "risk4" is in far fewer documents than "risk": not a form of it.
  const Xapian::Query risk("risk", 1, 1);
  CHECK(pt::with_name_variants(risk, db, {"risk"}, english()).get_description() == risk.get_description());
  // Two letters are no name ("mp3" does not look for "mp"), nor is a word that starts with digits.
  for (const char* word : {"mp3", "5mc"}) {
    const Xapian::Query q(english().stem(word), 1, 1);
    CHECK(pt::with_name_variants(q, db, {word}, english()).get_description() == q.get_description());
  }
  // The letters are looked up stemmed: "pin1" finds "pins".
  CHECK(found(with("pin1", "pin1")) == Ids{7});
}
