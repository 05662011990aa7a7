// libptsearch's embedding API: open an index, run a ranked query, get hits with highlighted snippets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pt/error.h"

namespace pt {

struct SearchRequest {
  std::string query;            // Xapian query syntax over ICU-analysed words (docs/query-syntax.md)
  std::size_t offset = 0;       // hits to skip (pagination)
  std::size_t limit = 10;       // hits to return, at most kMaxLimit
  bool match_all = false;       // every word required (default: ranked OR)
  std::size_t snippet_bytes = 220;  // target snippet length

  static constexpr std::size_t kMaxLimit = 1000;
  static constexpr std::size_t kMaxOffset = 1000000;
  static constexpr std::size_t kMaxQueryBytes = 4096;
};

// A highlighted stretch of a snippet: byte offset and length in Snippet::text (UTF-8).
struct Highlight {
  std::size_t offset = 0;
  std::size_t length = 0;
  bool operator==(const Highlight&) const = default;
};

struct Snippet {
  std::string text;  // white space collapsed; "…" where the body was cut
  std::vector<Highlight> highlights;
};

struct Hit {
  std::size_t rank = 0;  // 1-based, counting from the first result of the whole query
  double score = 0;      // BM25 weight
  int percent = 0;       // Xapian's percentage of the best possible score
  std::string id;
  std::string title;
  Snippet snippet;
};

struct SearchResult {
  std::string query;
  std::string parsed_query;  // the Xapian query it became, for debugging
  std::size_t offset = 0;
  std::size_t limit = 0;
  std::uint64_t total_estimate = 0;  // Xapian's estimate of all matches
  std::uint64_t total_lower = 0;
  std::uint64_t total_upper = 0;
  double elapsed_ms = 0;
  std::vector<Hit> hits;

  bool total_exact() const { return total_lower == total_upper; }
};

struct IndexStats {
  std::uint64_t documents = 0;
  std::string language;
  int schema = 0;
  std::string corpus_root;
};

// A searcher on one index. Thread safety: one Searcher per thread (it owns a Xapian handle and
// an ICU break iterator, neither of which may be shared); separate Searchers on the same index
// may run concurrently, also while ptindex updates it.
class Searcher {
 public:
  // Throws IndexError (missing, unreadable, corrupt) or SchemaMismatchError.
  explicit Searcher(const std::string& index_path);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  // Throws QueryError for a malformed query or out-of-range request values.
  SearchResult search(const SearchRequest& request);

  IndexStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pt
