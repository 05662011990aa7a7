// Query text checks and the rewrite that makes Xapian's QueryParser see our analyser's terms.
#pragma once

#include <string>
#include <string_view>

#include "pt/analyzer.h"

namespace pt {

// Whether `word` is one of the upper-case operators of the query syntax (AND OR NOT XOR NEAR ADJ).
bool is_query_operator(std::string_view word);

// Throws QueryError for what Xapian would silently accept but misread: empty or over-long text,
// invalid UTF-8, unbalanced quotes or parentheses, a query of excluded words only.
void check_query_text(std::string_view query, std::size_t max_bytes);

// Replaces every word by the term the indexer wrote for it (ICU segmentation, NFKC case fold,
// apostrophe and acronym folding) while keeping the query syntax around it: quotes, parentheses,
// +/-, prefixes such as title:, and the upper-case operators AND OR NOT XOR NEAR ADJ.
// Words written together without a space (Thai, Chinese, "US-Taliban") become a phrase.
std::string rewrite_for_queryparser(std::string_view query, const Analyzer& analyzer);

}  // namespace pt
