// Metadata into the index: facet and filter terms, value slots, the record's metadata field, the collapse key.
#pragma once

#include <array>

#include <xapian.h>

#include <string>
#include <vector>

#include "pt/analyzer.h"
#include "ptindex/metadata.h"

namespace pt::indexer {

// The record's metadata field (schema::kFieldMetaBytes; its layout is in pt/schema.h).
std::string meta_to_bytes(const ArticleMeta& meta);

// Boolean terms (XS, XO, XA, A, Y, M, D) and value slots (source, dates, actors) of pt/schema.h.
// Only the first kMaxActors actors get terms and the packed actor slot, so facets and filters agree.
void add_metadata_terms(Xapian::Document& doc, const ArticleMeta& meta);

// A near-duplicate group key: a hash of the kCollapseSketch smallest hashes of the body's 6-word
// shingles (a bottom-k MinHash sketch). Copies of a story, with a changed lede or footer, keep
// the same sketch with high probability; texts that only share a template (earnings tables)
// almost never do. Empty for a body of fewer than kMinCollapseTokens words. ContentKey computes it.
inline constexpr std::size_t kMinCollapseTokens = 40;
inline constexpr std::size_t kCollapseSketch = 4;

// The near-duplicate key, computed as the terms stream by, in memory bounded by the shingle and sketch sizes
// (a body of 100 MB has some 10 million shingles).
class ContentKey {
 public:
  void add(std::string_view term);
  std::string key() const;

 private:
  static constexpr std::size_t kShingle = 6;
  std::array<std::string, kShingle> window_;  // the last kShingle terms, as a ring
  std::size_t terms_ = 0;
  std::vector<std::uint64_t> smallest_;  // the distinct smallest shingle hashes, ascending, at most kCollapseSketch
};

}  // namespace pt::indexer
