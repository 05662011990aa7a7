// libptsearch's embedding API: open an index, run a ranked query, get hits with highlighted snippets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pt/error.h"

namespace pt {

// Narrowing a search. Values of one field are alternatives (OR); fields combine with AND.
struct SearchFilters {
  std::vector<std::string> sources;  // outlet names or slugs ("Global Research", "global-research")
  std::vector<std::string> actors;   // any alias ("Trump", "U.S.") or slug
  std::vector<std::string> authors;  // name, surname or slug
  std::string from, to;              // YYYY, YYYY-MM or YYYY-MM-DD; a date known only to the month
                                     // or year matches any range it overlaps
  std::vector<std::string> years;    // YYYY: the year facet's values
  std::vector<std::string> months;   // YYYY-MM: the month facet's values (month known)
  bool empty() const {
    return sources.empty() && actors.empty() && authors.empty() && from.empty() && to.empty() && years.empty() &&
           months.empty();
  }
};

enum class SortOrder {
  Relevance,   // BM25 (the default with words to search for)
  Newest,      // publication date, newest first (the default when browsing with an empty query)
  Oldest,      // publication date, oldest first
};

struct SearchRequest {
  std::string query;            // Xapian query syntax over ICU-analysed words, plus filters such as
                                // source:"Global Research" (docs/query-syntax.md); empty: browse all
  std::size_t offset = 0;       // hits to skip (pagination)
  std::size_t limit = 10;       // hits to return, at most kMaxLimit
  bool match_all = false;       // every word required (default: ranked OR)
  std::size_t snippet_bytes = 220;  // target snippet length
  bool snippets = true;             // false: hits carry id, title and metadata, no snippet (cheaper)
  SearchFilters filters;
  std::optional<SortOrder> sort;    // default: Relevance, or Newest for an empty query
  bool facets = false;              // count sources, actors, years and months over all matches
  std::size_t facet_limit = 10;     // values shown for the source and actor facets
  // Which facets to count: any of "source", "actor", "year", "month" (each costs a value read per
  // match); empty: all four. An unknown name is a QueryError.
  std::vector<std::string> facet_names;
  bool collapse = true;             // near-duplicates (the same story from several outlets) show once
  std::string like;                 // a document id: find articles like it (its most telling words);
                                    // combines with filters; the query's words, if any, are added
  double time_limit_ms = 0;         // a match still running after this long ends by 1.5 x it, answering
                                    // from the part of the index reached, with a note; totals and facets
                                    // are then estimates (0: no limit; the server bounds every query)
  // BM25's term-frequency saturation k1 and length normalisation b (Xapian's defaults 1 and 0.5);
  // bench/relevance sets Anserini's 0.9 and 0.4 to reproduce its baseline. QueryError outside
  // k1 >= 0, 0 <= b <= 1.
  double bm25_k1 = 1.0;
  double bm25_b = 0.5;
  // "Did you mean": when a word of the query is in no document, SearchResult::suggestion holds
  // the query with the closest indexed word in its place (at most 3 words looked up).
  bool suggest = true;
  // Ranking refinements (docs/ranking.md has what bench/relevance measured for each).
  // stop_words: an index analysed in English leaves common words ("the", "of", "which") out of a
  // ranked query, unless they are in a phrase or +required, or the query has nothing else.
  bool stop_words = true;
  // compounds: in a ranked query of plain words, "cease fire" also finds "ceasefire", and
  // "ceasefire" also finds "cease fire" and "cease-fire", each form weighing about the same.
  bool compounds = true;
  // name_variants: in a ranked query of plain words, a name of letters and digits also finds its
  // other written forms: "bcl2" finds "Bcl-2" (analysed as "bcl", "2"), "foxo3a" "FOXO3" and
  // "FOXO", "tet" "Tet1" and "Tet2" (a form with digits added when used at least a tenth as often).
  bool name_variants = true;
  // proximity: among the top 100 matches of a plain query (no syntax), every pair of its words
  // (stop words left out) occurring within proximity_window positions of each other adds
  // `proximity` times the two words' idf, and those 100 are ordered again. 0: off; at most 10.
  double proximity = 0.1;
  unsigned proximity_window = 5;  // 2 to 1000
  // Pseudo-relevance feedback: the expand_terms most telling words of the top expand_docs
  // matches are added to the query at expand_weight of its own weight (0 terms: off; at most
  // 100 terms, 1 to 100 documents, weight above 0 and at most 10). Only with relevance order.
  unsigned expand_terms = 0;
  unsigned expand_docs = 5;
  double expand_weight = 0.1;

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

// A metadata value with where it came from (docs/output-schema.md, "Document metadata").
struct MetaValue {
  std::string name;      // display name, or the ISO date
  std::string slug;      // filter value (empty for dates)
  std::string how;       // "dateline", "front-matter", "gazetteer", ...
  std::string evidence;  // the text it was read from
};

struct ActorValue : MetaValue {
  std::string type;      // "person", "organisation", "country"
  unsigned mentions = 0;
  double salience = 0;
};

struct DocumentMeta {
  std::optional<MetaValue> source;
  std::optional<MetaValue> original_source;
  std::optional<MetaValue> date;  // name holds YYYY-MM-DD, YYYY-MM or YYYY
  std::string date_precision;     // "day", "month", "year" (empty without a date)
  std::vector<MetaValue> authors;
  std::string url;
  std::vector<ActorValue> actors;  // most salient first
};

// Another copy of a hit's story (collapsed under it).
struct Duplicate {
  std::string id;
  std::string source;  // display name, empty when unknown
};

struct Hit {
  std::size_t rank = 0;  // 1-based, counting from the first result of the whole query
  double score = 0;      // BM25 weight (0 when sorted by date without words)
  int percent = 0;       // Xapian's percentage of the best possible score
  std::string id;
  std::string title;
  Snippet snippet;
  DocumentMeta meta;
  std::vector<Duplicate> duplicates;  // near-duplicates collapsed under this hit
};

struct FacetValue {
  std::string value;  // what to filter on: a slug, YYYY or YYYY-MM
  std::string label;  // display name
  std::string type;   // actors: person, organisation, country
  std::uint64_t count = 0;
};

struct Facet {
  std::string name;  // "source", "actor", "year", "month"
  std::vector<FacetValue> values;  // source/actor by count (top facet_limit), year/month by date
  std::size_t more = 0;            // values left out by facet_limit
  bool exact = true;               // counts over every match (false only if the match stopped early)
};

struct SearchResult {
  std::string query;
  std::string like;          // the "more like this" document id, if any
  std::string parsed_query;  // the Xapian query it became, for debugging
  std::size_t offset = 0;
  std::size_t limit = 0;
  std::uint64_t total_estimate = 0;  // Xapian's estimate of all matching documents (copies included)
  std::uint64_t total_lower = 0;
  std::uint64_t total_upper = 0;
  std::uint64_t distinct_estimate = 0;  // matches left after near-duplicates are collapsed
  double elapsed_ms = 0;
  SortOrder sort = SortOrder::Relevance;
  bool collapsed = true;
  std::vector<Hit> hits;
  std::vector<Facet> facets;  // when requested
  std::string suggestion;     // "did you mean": the query with unknown words corrected, or empty
  std::vector<std::string> notes;  // what could not be done exactly as asked (e.g. over remote shards), one sentence each

  bool total_exact() const { return total_lower == total_upper; }
};

// One stored document with its metadata and where each field came from.
struct Document {
  std::string id;
  std::string title;
  std::string body;
  DocumentMeta meta;
};

struct IndexStats {
  std::uint64_t documents = 0;
  std::string language;
  int schema = 0;
  std::string corpus_root;
  std::uint64_t revision = 0;  // the index's commit number: grows with every ptindex commit
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

  // Throws QueryError for a malformed query, filter or out-of-range request values.
  SearchResult search(const SearchRequest& request);

  // Throws NotFoundError when no document has this id.
  Document document(const std::string& id);

  IndexStats stats() const;

  // Moves to the index's latest commit (a Searcher otherwise keeps reading the commit it opened,
  // until a DatabaseModifiedError makes it move on). Cheap when nothing changed.
  void reopen();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pt
