// Ranking refinements over the parsed query: English stop words, word proximity, pseudo-relevance feedback.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "pt/analyzer.h"

namespace pt {

// The stop words left out of ranked English queries (they stay in phrases and in the index).
const Xapian::Stopper& english_stopper();

// Whether stop words apply to an index analysed in `language` (English and Porter stemming).
bool stop_words_apply(std::string_view language);

// The words of a plain query, in order, as the analyser reads them (not yet stemmed), stop words
// left out when `stopper` is given; empty when the query uses any syntax (quotes, parentheses,
// +/-, field prefixes, operators): its author said how the words relate.
std::vector<std::string> plain_query_words(std::string_view text, const Analyzer& analyzer, const Xapian::Stopper* stopper);
// `words` less those `stopper` names (all of them without a stopper).
std::vector<std::string> without_stop_words(const std::vector<std::string>& words, const Xapian::Stopper* stopper);

// The BM25 every ranked match uses: these k1 and b, with Xapian's defaults for the rest (k2 = 0:
// no document length correction; k3 = 1: a repeated query word counts once more; min_normlen 0.5).
inline constexpr double kBm25K2 = 0, kBm25K3 = 1, kBm25MinNormlen = 0.5;
inline Xapian::BM25Weight bm25_weight(double k1, double b) { return Xapian::BM25Weight(k1, kBm25K2, kBm25K3, b, kBm25MinNormlen); }

// BM25's idf as Xapian computes it (log((N - n + 0.5) / (n + 0.5)), the ratio folded above 1 when
// below 2), at least kMinIdf: a word in most documents still weighs something finite.
inline constexpr double kMinIdf = 0.1;
double bm25_idf(const Xapian::Database& db, const std::string& term);

// Proximity, a second pass over the top kProximityDepth documents of the ranking: in each of
// `docs`, every pair of the query's `words` (plain query words, stop words left out) that occur
// within `window` positions of each other adds `weight` times the two words' idf. Positions are
// read for these documents only (OP_NEAR pairs over every match made queries 2.9 times slower).
// Zero for all when fewer than two distinct words.
inline constexpr std::size_t kProximityDepth = 100;
struct Proximity {
  double weight = 0;
  Xapian::termcount window = 5;
};
std::vector<double> proximity_bonus(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                                    const std::vector<std::string>& words, const Analyzer& analyzer, const Proximity& how);

// The page [offset, offset + limit) of `mset` (a relevance ranking from its first document, at
// least kProximityDepth + 1 of them when there are that many) after the proximity pass over its
// top kProximityDepth: as (score, index in mset) in the new order.
std::vector<std::pair<double, Xapian::doccount>> rerank_by_proximity(const Xapian::Database& db, const Xapian::MSet& mset,
                                                                    const std::vector<std::string>& words,
                                                                    const Analyzer& analyzer, const Proximity& how,
                                                                    std::size_t offset, std::size_t limit);

// Closed and open compounds matched to each other, in `parsed` (a ranked query of plain words):
// - neighbouring words ("cease fire") whose concatenation the index has also find its stem
//   ("ceasefir"), scaled to weigh about what the two words weigh together;
// - a word ("ceasefire") that splits into two indexed words occurring as a phrase somewhere
//   also finds that phrase ("cease fire", which matches "cease-fire" too), scaled to weigh about
//   what the word weighs, only in documents without the word, so one with both forms counts once.
// Parts are at least kMinCompoundPart bytes, not stop words, and words in their own right (see
// ranking.cc). `words` are plain_query_words without a stopper (a stop word between two words
// breaks the pair). Returns `parsed` when there is nothing to add.
inline constexpr std::size_t kMinCompoundPart = 3;
Xapian::Query with_compounds(const Xapian::Query& parsed, const Xapian::Database& db, const std::vector<std::string>& words,
                             const Analyzer& analyzer, const Xapian::Stopper* stopper);

// Other written forms of names among `words` (plain query words, stop words left out), OR-ed to
// `query`, each word's forms as one OP_SYNONYM at the weight of a word:
// - a word of at least kMinNameLetters letters, then digits, then at most one letter, also finds
//   its letters ("bcl2": "bcl", which is how "Bcl-2" is indexed) and, when a letter ends it, its
//   letters and digits ("foxo3a": "foxo", "foxo3");
// - a word of letters only also finds itself with one or two digits and at most one letter after
//   ("tet": "tet1", "tet2"), each such form that is in at least 1/kMinVariantUse as many
//   documents as the word (which leaves out footnote marks glued to words, "risk4").
// Forms are looked up stemmed; those not in the index are left out. Returns `query` when none.
inline constexpr std::size_t kMinNameLetters = 3;
inline constexpr Xapian::doccount kMinVariantUse = 10;
Xapian::Query with_name_variants(const Xapian::Query& query, const Xapian::Database& db, const std::vector<std::string>& words,
                                 const Analyzer& analyzer);

// Pseudo-relevance feedback: the `terms` most telling stemmed words of the top `docs` documents
// `query` finds (Xapian's expand set, exact term frequencies), each scaled by `weight` times its
// expand weight over the best one; an empty query when nothing is found. With a collapse slot the
// top documents are distinct stories. (The caller bounds that first search by the query it gives.)
struct Feedback {
  unsigned docs = 5, terms = 20;
  double weight = 0.1;
  Xapian::valueno collapse_slot = Xapian::BAD_VALUENO;
};
Xapian::Query feedback_query(const Xapian::Database& db, const Xapian::Weight& weighting, const Xapian::Query& query,
                             const Feedback& how);

}  // namespace pt
