// Snippets from our own tokens, so highlights agree with how the text was indexed.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "pt/analyzer.h"
#include "ptsearch/searcher.h"

namespace pt {

// The words a query looks for: exact words and stems (prefixes removed). An index holds stems only
// (schema.h), so queries give stems; exact words are for callers that want one form only.
struct QueryWords {
  std::set<std::string> exact;
  std::set<std::string> stems;
  bool empty() const { return exact.empty() && stems.empty(); }
};

// The stems among Xapian query terms (unprefixed body stems, S title stems; filters left out).
QueryWords query_words(const std::set<std::string>& xapian_terms);

// For each of `docs`, the QueryWords of the terms among `xapian_terms` that it holds. A snippet
// scans until its window has every word it looks for: given a word the document lacks (the other
// word of a ranked OR, a compound's other form), it would scan the whole body, up to 64 kB, for
// nothing. (Title words index as body words do, so a word only in the title still counts.) Walks
// each term's postings once, in docid order.
std::vector<QueryWords> query_words_in(const Xapian::Database& db, const std::set<std::string>& xapian_terms,
                                       const std::vector<Xapian::docid>& docs);

// Snippets of one query's hits: what the query's words take to look up is made once, and the
// words each body's tokens stem to are remembered from hit to hit.
class SnippetMaker {
 public:
  // `words`: every word of the query (query_words).
  SnippetMaker(const Analyzer& analyzer, QueryWords words);
  ~SnippetMaker();
  SnippetMaker(const SnippetMaker&) = delete;
  SnippetMaker& operator=(const SnippetMaker&) = delete;

  // The densest window of query words in `body`, about `max_bytes` long, white space collapsed,
  // with "…" where the body was cut. When nothing matches: the body from `lead` (the byte offset
  // where the article's own prose starts, after bylines, datelines and page furniture). `holds`:
  // the query's words this body's document holds (query_words_in), so reading stops once a window
  // has them all.
  Snippet make(std::string_view body, const QueryWords& holds, std::size_t max_bytes, std::size_t lead = 0);

 private:
  struct Scan;
  std::unique_ptr<Scan> scan_;
};

// SnippetMaker(analyzer, words).make(body, words, max_bytes, lead): one snippet.
Snippet make_snippet(std::string_view body, const Analyzer& analyzer, const QueryWords& words, std::size_t max_bytes,
                     std::size_t lead = 0);

}  // namespace pt
