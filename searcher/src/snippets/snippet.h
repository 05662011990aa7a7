// Snippets from our own tokens, so highlights agree with how the text was indexed.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "pt/analyzer.h"
#include "ptsearch/searcher.h"

namespace pt {

// The words a query looks for: exact terms and stems (prefixes removed).
struct QueryWords {
  std::set<std::string> exact;
  std::set<std::string> stems;
  bool empty() const { return exact.empty() && stems.empty(); }
};

// Sorts Xapian query terms (unprefixed, Z stems, S title terms) into QueryWords.
QueryWords query_words(const std::set<std::string>& xapian_terms);

// The densest window of query words in `body`, about `max_bytes` long, white space collapsed,
// with "…" where the body was cut. When nothing matches: the body from `lead` (the byte offset
// where the article's own prose starts, after bylines, datelines and page furniture).
Snippet make_snippet(std::string_view body, const Analyzer& analyzer, const QueryWords& words, std::size_t max_bytes,
                     std::size_t lead = 0);

}  // namespace pt
