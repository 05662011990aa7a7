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
// Only the first kActorSlots actors get terms and slots, so that actor facets and filters agree.
void add_metadata_terms(Xapian::Document& doc, const ArticleMeta& meta);

// A near-duplicate group key: the smallest hash over the body's 6-word shingles (one MinHash
// permutation), so two texts sharing most shingles get the same key with high probability.
// Empty for a body of fewer than kMinCollapseTokens words (too short to call two texts the same).
std::string content_key(const std::vector<Token>& body_tokens);
inline constexpr std::size_t kMinCollapseTokens = 30;

}  // namespace pt::indexer
