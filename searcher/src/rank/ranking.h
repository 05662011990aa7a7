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

// The words of a plain query, in order, as the index has them (unstemmed, positional), stop words
// left out when `stopper` is given; empty when the query uses any syntax (quotes, parentheses,
// +/-, field prefixes, operators): its author said how the words relate.
std::vector<std::string> plain_query_words(std::string_view text, const Analyzer& analyzer, const Xapian::Stopper* stopper);

// Extra weight for documents where neighbouring query words occur within `window` positions of
// each other: each such pair adds `weight` times the BM25 weight of its two words. Empty when
// there are fewer than two words.
Xapian::Query proximity_query(const std::vector<std::string>& words, double weight, Xapian::termcount window);

// Closed and open compounds matched to each other, in `parsed` (a ranked query of plain words):
// - neighbouring words ("cease fire") whose concatenation the index has also find its stem
//   ("Zceasefir"), scaled to weigh about what the two words weigh together;
// - a word ("ceasefire") that splits into two indexed words occurring as a phrase somewhere
//   also finds that phrase ("cease fire", which matches "cease-fire" too), scaled to weigh about
//   what the word weighs, only in documents without the word, so one with both forms counts once.
// Parts are at least kMinCompoundPart bytes, not stop words, and words in their own right (see
// ranking.cc). `words` are plain_query_words without a stopper (a stop word between two words
// breaks the pair). Returns `parsed` when there is nothing to add.
inline constexpr std::size_t kMinCompoundPart = 3;
Xapian::Query with_compounds(const Xapian::Query& parsed, const Xapian::Database& db, const std::vector<std::string>& words,
                             const Analyzer& analyzer, const Xapian::Stopper* stopper);

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
