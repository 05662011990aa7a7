// BM25 scored from a table of document lengths held in memory: Xapian's BM25Weight without its per-posting length lookups.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "deadline.h"

namespace pt {

// Why: Xapian's BM25 asks the database for the length of every document a term's posting lands
// on. Glass keeps lengths in a posting list of their own, so each lookup moves a cursor over every
// document in between; for a word in a tenth of the documents that is three quarters of the
// match (bench/README.md, "Where a frequent word's warm query goes"). A searcher that answers
// many queries reads every length once into a table (4 bytes a document) and scores from it.

// Every document's length by docid, read from one local database (not a stub of several, not a
// remote one: their docids interleave). Reading costs one walk of the length list.
class DocumentLengths {
 public:
  // Null when docids run far past the documents (more than kMaxHoles per document, plus 65,536:
  // many deletions), where a table by docid would be mostly holes.
  static constexpr Xapian::docid kMaxHoles = 3;
  static std::shared_ptr<const DocumentLengths> of(const Xapian::Database& db);
  // 0 for a docid the database does not hold.
  Xapian::termcount operator[](Xapian::docid did) const { return did < lengths_.size() ? lengths_[did] : 0; }
  std::size_t size() const { return lengths_.size(); }

 private:
  std::vector<std::uint32_t> lengths_;  // by docid; [0] unused
};

// `query` with its scored term leaves replaced by posting sources that give each document exactly
// the weight Xapian's BM25Weight(k1, 0, 1, b, kBm25MinNormlen) gives it (same formula, same order
// of operations), reading lengths from `lengths`, which must be the database's the query runs on.
// Replaced: terms under OP_AND, OP_OR, OP_XOR, OP_AND_MAYBE, and the scored (first) side of
// OP_FILTER and OP_AND_NOT. Kept as they are: phrases, synonyms, scaled subqueries and anything
// else whose parameters Xapian 1.4 does not let a query be rebuilt with; boolean sides. Each source
// counts as one subquery, as a term does, so percentages stay the same. With `deadline`, a source
// throws MatchDeadline::Reached past it, as the deadline's weighting does for Xapian's terms.
Xapian::Query with_table_bm25(const Xapian::Query& query, std::shared_ptr<const DocumentLengths> lengths, double k1, double b,
                              const MatchDeadline* deadline = nullptr);

}  // namespace pt
