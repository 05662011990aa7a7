// Metadata into the index: facet and filter terms, value slots, the record's JSON, the collapse key.
#pragma once

#include <xapian.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pt/analyzer.h"
#include "ptindex/metadata.h"

namespace pt::indexer {

// The record's "meta" field (format in docs/output-schema.md, "Document metadata").
nlohmann::json meta_to_json(const ArticleMeta& meta);

// Boolean terms (XS, XO, XA, A, Y, M, D) and value slots (source, dates, actors) of pt/schema.h.
// Only the first kMaxActors actors get terms and the packed actor slot, so facets and filters agree.
void add_metadata_terms(Xapian::Document& doc, const ArticleMeta& meta);

// A near-duplicate group key: a hash of the kCollapseSketch smallest hashes of the body's 6-word
// shingles (a bottom-k MinHash sketch). Copies of a story, with a changed lede or footer, keep
// the same sketch with high probability; texts that only share a template (earnings tables)
// almost never do. Empty for a body of fewer than kMinCollapseTokens words.
std::string content_key(const std::vector<Token>& body_tokens);
inline constexpr std::size_t kMinCollapseTokens = 40;
inline constexpr std::size_t kCollapseSketch = 4;

}  // namespace pt::indexer
