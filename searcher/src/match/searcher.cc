// Searcher: query text (filters taken out, words analysed), BM25 or date order, facets, collapse, hits.
#include "ptsearch/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "../query/query_filters.h"
#include "../query/query_text.h"
#include "../query/suggest.h"
#include "../rank/ranking.h"
#include "../snippets/snippet.h"
#include "deadline.h"
#include "doc_meta.h"
#include "facets.h"
#include "filters.h"
#include "pt/analyzer.h"
#include "pt/index_store.h"
#include "pt/record.h"
#include "pt/record_store.h"
#include "pt/schema.h"
#include "ptindex/gazetteer.h"
#include "table_bm25.h"

namespace pt {

namespace {
constexpr int kReopenAttempts = 3;  // DatabaseModifiedError: the index moved on under us
// Look at this many matches at least, so totals are exact up to here (Lucene counts to 1000 too).
constexpr Xapian::doccount kCheckAtLeast = 1000;
constexpr std::size_t kMaxDuplicatesListed = 10;
constexpr Xapian::termcount kLikeTerms = 25;  // words taken from a document for "more like this"
}  // namespace

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  IndexMeta meta;
  std::unique_ptr<Analyzer> analyzer;
  Xapian::QueryParser parser;
  std::map<std::string, FacetValue> label_cache;  // "facet\x1fvalue" -> labelled value
  // Facet values by docid (FacetColumns), made once this Searcher has counted facets twice: a
  // process that searches once never pays for reading every document's values. Dropped on reopen.
  std::shared_ptr<const FacetColumns> facet_columns;
  unsigned faceted_searches = 0;
  // Document lengths by docid (DocumentLengths), read once this Searcher has ranked twice on one
  // local database, and BM25 scored from them: same weights, without Xapian's length lookup for
  // every posting. Dropped on reopen. (Stays null for an index whose docids are mostly holes.)
  std::shared_ptr<const DocumentLengths> document_lengths;
  unsigned ranked_searches = 0;
  void database_changed() {
    label_cache.clear();
    facet_columns.reset();
    document_lengths.reset();
    ranked_searches = 0;
  }
  std::unique_ptr<indexer::Gazetteer> user_gazetteer;  // built-in + the index's --actors file, if any
  // Shares db's handle, so db.reopen() refreshes it too; cached dictionaries never go stale (an id
  // names one content), so it is made once, after db is opened.
  RecordDecoder records;

  // Loaded on first use (an actor filter): building the gazetteer costs more than everything
  // else a searcher does to start, and most queries never need it.
  const indexer::Gazetteer& gazetteer() {
    if (meta.user_actors.empty()) return indexer::Gazetteer::builtin();
    if (!user_gazetteer) {
      try {
        user_gazetteer = std::make_unique<indexer::Gazetteer>(
            indexer::Gazetteer::with_user_text(meta.user_actors, "the actors file kept in " + path));
      } catch (const ConfigError& e) {
        throw IndexError("index " + path + ": " + e.what());
      }
    }
    return *user_gazetteer;
  }

  Xapian::Query parse(const std::string& rewritten, bool match_all) {
    parser.set_default_op(match_all ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                           Xapian::QueryParser::FLAG_LOVEHATE;
    try {
      return parser.parse_query(rewritten, flags);
    } catch (const Xapian::QueryParserError& e) {
      throw QueryError("cannot parse query: " + e.get_msg());
    }
  }

  enum class Body { Wanted, NotWanted };
  // A document's record; without its body (empty) when not wanted (RecordDecoder::decode_head).
  Record record(const Xapian::Document& doc, Xapian::docid id, Body body) {
    try {
      return body == Body::Wanted ? records.decode(doc.get_data()) : records.decode_head(doc.get_data());
    } catch (const RecordError& e) {
      throw IndexError("index " + path + ": document " + std::to_string(id) + ": " + e.what());
    }
  }

  // The first document holding `term`, as a record (nullopt when none).
  std::optional<Record> first_with(const std::string& term, Body body) {
    const auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return std::nullopt;
    return record(db.get_document(*it), *it, body);
  }

  // Display names: an outlet's name or an actor's name and type, read from a document that has it.
  void label(const std::string& facet, FacetValue& v) {
    const std::string key = facet + '\x1f' + v.value;
    if (const auto it = label_cache.find(key); it != label_cache.end()) {
      v.label = it->second.label;
      v.type = it->second.type;
      return;
    }
    const bool source = facet == "source";
    if (const auto rec = first_with(std::string(source ? schema::kSourcePrefix : schema::kActorPrefix) + v.value, Body::NotWanted)) {
      const DocumentMeta m = read_document_meta(*rec);
      if (source && m.source) v.label = m.source->name;
      for (const auto& a : m.actors)
        if (!source && a.slug == v.value) {
          v.label = a.name;
          v.type = a.type;
        }
    }
    label_cache[key] = v;
  }

  static std::size_t lead_of(const Record& rec) {
    for (const auto& [k, v] : rec.fields)
      if (k == schema::kFieldLead) return std::strtoull(v.c_str(), nullptr, 10);
    return 0;
  }

  // The other documents of `collapse_term` (the XC term of a hit's collapse key), up to kMaxDuplicatesListed.
  std::vector<Duplicate> duplicates(const std::string& collapse_term, Xapian::docid self) {
    std::vector<Duplicate> out;
    for (auto it = db.postlist_begin(collapse_term); it != db.postlist_end(collapse_term) && out.size() < kMaxDuplicatesListed; ++it) {
      if (*it == self) continue;
      const Record rec = record(db.get_document(*it), *it, Body::NotWanted);
      const DocumentMeta m = read_document_meta(rec);
      out.push_back({rec.id, m.source ? m.source->name : std::string()});
    }
    return out;
  }

  // "More like this": the document's most telling stemmed words (Xapian's expand set over a
  // relevance set of that one document), OR-ed, the document itself left out.
  Xapian::Query like_query(const std::string& id) {
    const std::string id_term = schema::id_term(id);
    const auto posting = db.postlist_begin(id_term);
    if (posting == db.postlist_end(id_term)) throw NotFoundError("no document with id '" + id + "'");
    Xapian::RSet rset;
    rset.add_document(*posting);
    // Stemmed body words that some other document also has: a word only this document uses
    // weighs most in the expand set, yet can find nothing similar.
    struct SharedStems : Xapian::ExpandDecider {
      const Xapian::Database& db;
      explicit SharedStems(const Xapian::Database& d) : db(d) {}
      bool operator()(const std::string& term) const override {
        return schema::is_word_term(term) && db.get_termfreq(term) >= 2;
      }
    } stems_only(db);
    Xapian::Enquire enquire(db);
    // Exact term frequencies: over shards Xapian otherwise estimates them from the relevant
    // document's shard, and "more like this" would pick other words than on one database.
    const Xapian::ESet eset = enquire.get_eset(kLikeTerms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &stems_only);
    if (eset.empty()) throw QueryError("document '" + id + "' has no words to find similar articles by");
    const Xapian::Query words(Xapian::Query::OP_OR, eset.begin(), eset.end());
    return Xapian::Query(Xapian::Query::OP_AND_NOT, words, Xapian::Query(id_term));
  }

  // A remote shard's server closed the connection (xapian-tcpsrv drops idle ones after
  // --idle-timeout, 60 s by default) or restarted: open the whole index again, as at the start.
  void reconnect() {
    Searcher fresh(path);
    *this = std::move(*fresh.impl_);
  }

  static Xapian::BM25Weight bm25(const SearchRequest& req) { return bm25_weight(req.bm25_k1, req.bm25_b); }

  void cut_short(const SearchRequest& req, const MatchDeadline& cut, const Xapian::MSet& mset, SearchResult& r);
  std::optional<double> true_percent_factor(const SearchRequest& req, const Xapian::Query& query, const Xapian::MSet& mset,
                                            SortOrder sort);

  // What Searcher::search settled before matching: the whole query (filters, compounds,
  // expansion), whether it ranks, the order, and the words of the proximity pass.
  struct MatchPlan {
    Xapian::Query query;
    bool ranked = false;  // words or "more like this": the query's terms are the snippets' words
    SortOrder sort = SortOrder::Relevance;
    std::vector<std::string> proximity_words;
  };

  // The time limit, on local databases (MatchDeadline): a match still running at `watch` throws
  // MatchDeadline::Reached; one with a `cut` ends there, with what it has found by then. Over
  // remote shards neither can cross to xapian-tcpsrv, and Xapian's own limit bounds the counting.
  SearchResult run(const SearchRequest& req, const MatchPlan& plan, MatchDeadline* watch = nullptr,
                   const MatchDeadline* cut = nullptr) {
    const Xapian::Query& query = plan.query;
    const SortOrder sort = plan.sort;
    SearchResult r;
    Xapian::Enquire enquire(db);
    // Read on the second ranked search since the database was opened, once: an index whose table
    // would be mostly holes (DocumentLengths::of gives none) is not asked again at every search.
    if (plan.ranked && meta.remote_shards == 0 && db.size() == 1 && ++ranked_searches == 2)
      document_lengths = DocumentLengths::of(db);
    const Xapian::Query scored =
        plan.ranked && document_lengths ? with_table_bm25(query, document_lengths, req.bm25_k1, req.bm25_b, watch) : query;
    enquire.set_query(cut ? cut->applied_to(scored) : scored);
    if (watch)
      watch->watch(enquire, req.bm25_k1, req.bm25_b);
    else
      enquire.set_weighting_scheme(bm25(req));
    if (req.time_limit_ms > 0 && meta.remote_shards > 0) enquire.set_time_limit(req.time_limit_ms / 1000.0);
    Xapian::MultiValueKeyMaker by_date;
    if (sort != SortOrder::Relevance) {
      // Documents without a date go last either way.
      const bool newest = sort == SortOrder::Newest;
      if (meta.remote_shards == 0) {
        by_date.add_value(schema::kSlotDateFirst, newest, newest ? "" : "99999999");
        enquire.set_sort_by_key_then_relevance(&by_date, false);
      } else {
        // A KeyMaker cannot cross the remote backend (UnimplementedError); a plain value sort
        // can. Newest first it is the same order (an undated document's empty value sorts last
        // when descending); oldest first it lists undated documents first.
        enquire.set_sort_by_value_then_relevance(schema::kSlotDateFirst, newest);
        if (!newest) r.notes.push_back("over remote shards, oldest-first order lists undated articles first, not last");
      }
    }
    if (req.collapse) enquire.set_collapse_key(schema::kSlotCollapse);
    // Counts matching documents before collapsing, as facet spies see them (and over remote
    // shards). Without collapsing, Xapian's own bounds say the same, and a spy costs a value read
    // per match.
    // Stock xapian-tcpsrv runs only Xapian's own match spies; ours are cheaper where they can run.
    const MatchSpies spies = meta.remote_shards == 0 ? MatchSpies::Local : MatchSpies::Xapian;
    const auto facet_counter = [&](Xapian::Enquire& e) {
      if (spies == MatchSpies::Local && !facet_columns && db.size() == 1 && ++faceted_searches >= 2)
        facet_columns = FacetColumns::of(db);
      return std::make_unique<FacetCounter>(e, req.facet_names, spies, facet_columns);
    };
    // Facets with collapsing are counted in a match of their own, which scores and collapses
    // nothing: exact facet counts need every match seen, and Xapian's collapsing of every match
    // (check_at_least = all documents) cost ~4,200 instructions a match (40 M more for a word in
    // 9,426 of 100,000 documents), where the page needs only kCheckAtLeast looked at. A match cut
    // at its deadline keeps to one pass (its share of the index is one measure).
    const bool counts_apart = req.facets && req.collapse && cut == nullptr;
    std::optional<MatchCounter> counter;
    if (req.collapse && !counts_apart) counter.emplace(enquire, spies);
    std::unique_ptr<FacetCounter> facets;
    if (req.facets && !counts_apart) facets = facet_counter(enquire);
    // Facet counts must see every match to be exact.
    const Xapian::doccount check_all = std::max(db.get_doccount(), kCheckAtLeast);
    // A lone term's bounds are exact whatever the match looks at (they are its term frequency):
    // checking past the page would only stop Xapian from skipping documents that cannot make it.
    const bool exact_anyway = query.get_type() == Xapian::Query::LEAF_TERM && !req.collapse;
    const Xapian::doccount check = req.facets && !counts_apart ? check_all : exact_anyway ? 0 : kCheckAtLeast;
    // Proximity reorders the top kProximityDepth: they are fetched whatever the page, so the pages
    // of one query agree (a document outside them scores no more than any inside).
    const bool rerank = plan.proximity_words.size() >= 2 && sort == SortOrder::Relevance;
    const std::size_t first = rerank ? 0 : req.offset;
    const std::size_t wanted = rerank ? std::max(kProximityDepth + 1, req.offset + req.limit) : req.limit;
    const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(first), static_cast<Xapian::doccount>(wanted), check);
    std::vector<std::pair<double, Xapian::doccount>> order;  // score, index in mset
    if (rerank) {
      order = rerank_by_proximity(db, mset, plan.proximity_words, *analyzer, Proximity{req.proximity, req.proximity_window},
                                  req.offset, req.limit);
    } else {
      for (Xapian::doccount i = 0; i < mset.size(); ++i) order.emplace_back(mset[i].get_weight(), i);
    }
    // Totals count matching documents, duplicates included, as the facet counts do (match spies
    // see documents before collapsing): a facet value with count N filters to a total of N.
    // When the match saw every candidate (it checked at least as many documents as the index
    // holds, or its bounds agree), the counter is exact; otherwise Xapian's estimate is all there
    // is. (With collapsing, Xapian's own bounds stay loose whenever a page holds fewer rows than
    // there are matches, though it looked at them all.)
    r.distinct_estimate = mset.get_matches_estimated();
    const auto totals = [&r](std::uint64_t estimate, std::uint64_t lower, std::uint64_t upper) {
      r.total_estimate = estimate;
      r.total_lower = lower;
      r.total_upper = upper;
    };
    if (counts_apart) {
      Xapian::Enquire counting(db);
      counting.set_query(query);
      counting.set_weighting_scheme(Xapian::BoolWeight());
      if (watch) watch->watch_counting(counting);
      facets = facet_counter(counting);
      // Without collapsing, Xapian's bounds are exact once every document was checked.
      const Xapian::MSet all = counting.get_mset(0, 0, check_all);
      totals(all.get_matches_estimated(), all.get_matches_lower_bound(), all.get_matches_upper_bound());
      // A page that saw every match knows the collapsed count exactly; its estimate cannot exceed the total.
      r.distinct_estimate = std::min<std::uint64_t>(r.distinct_estimate, r.total_estimate);
    } else if (counter && (check >= db.get_doccount() || mset.get_matches_lower_bound() == mset.get_matches_upper_bound())) {
      totals(counter->documents(), counter->documents(), counter->documents());
    } else {
      totals(mset.get_uncollapsed_matches_estimated(), mset.get_uncollapsed_matches_lower_bound(),
             mset.get_uncollapsed_matches_upper_bound());
    }
    if (cut && cut->reached()) cut_short(req, *cut, mset, r);
    if (facets)
      r.facets = facets->read(req.facet_limit, r.total_exact(), [this](const std::string& f, FacetValue& v) { label(f, v); });
    const std::set<std::string> terms(query.get_terms_begin(), query.get_terms_end());
    const QueryWords words = plan.ranked ? query_words(terms) : QueryWords{};
    double percent_factor = 1;
    if (cut) {
      if (const auto f = true_percent_factor(req, query, mset, sort))
        percent_factor = *f;
      else
        r.notes.push_back("percentages on this page overstate how many query words the hits match");
    }
    // Each hit's snippet looks only for the query words it holds (over remote shards, where that
    // would cost a round trip per word, for all of them).
    std::vector<QueryWords> words_of_hit;
    if (req.snippets && !words.empty() && meta.remote_shards == 0) {
      std::vector<Xapian::docid> docs;
      for (const auto& [score, index] : order) docs.push_back(*mset[index]);
      words_of_hit = query_words_in(db, terms, docs);
    }
    std::optional<SnippetMaker> snippets;
    if (req.snippets) snippets.emplace(*analyzer, words);
    std::size_t rank = req.offset;
    for (const auto& [score, index] : order) {
      const auto it = mset[index];
      Hit hit;
      hit.rank = ++rank;
      hit.score = score;
      hit.percent = percent_factor == 1 ? it.get_percent() : static_cast<int>(std::lround(it.get_percent() * percent_factor));
      const Xapian::Document doc = it.get_document();
      const Record rec = record(doc, *it, req.snippets ? Body::Wanted : Body::NotWanted);
      hit.id = rec.id;
      hit.title = rec.title;
      if (req.snippets) {
        const QueryWords& look_for = words_of_hit.empty() ? words : words_of_hit[r.hits.size()];
        hit.snippet = snippets->make(rec.body, look_for, req.snippet_bytes, lead_of(rec));
      }
      hit.meta = read_document_meta(rec);
      // Xapian counts only the copies its match looked at (kCheckAtLeast): a copy scored below
      // them is found by the key's term.
      if (const std::string key = req.collapse ? it.get_collapse_key() : std::string(); !key.empty()) {
        const std::string term = std::string(schema::kCollapsePrefix) + key;
        if (it.get_collapse_count() > 0 || db.get_termfreq(term) > 1) hit.duplicates = duplicates(term, *it);
      }
      r.hits.push_back(std::move(hit));
    }
    return r;
  }
};

// A match cut at its deadline covers the documents reached by then: at least the matches counted,
// at most those plus every document not reached; the share reached gives the estimate.
void Searcher::Impl::cut_short(const SearchRequest& req, const MatchDeadline& cut, const Xapian::MSet& mset, SearchResult& r) {
  const double share = cut.share_matched();
  const auto seen = r.total_lower;
  const auto not_reached = static_cast<std::uint64_t>(std::ceil(static_cast<double>(db.get_doccount()) * (1 - share)));
  r.total_upper = std::max(seen + not_reached, seen + 1);
  r.total_estimate = std::clamp(share > 0 ? static_cast<std::uint64_t>(static_cast<double>(seen) / share) : r.total_upper, seen,
                                r.total_upper);
  r.distinct_estimate = std::min<std::uint64_t>(std::max<std::uint64_t>(r.distinct_estimate, mset.size()), r.total_estimate);
  char ms[32];
  std::snprintf(ms, sizeof ms, "%g", req.time_limit_ms);
  r.notes.push_back(std::string("the search reached its time limit (") + ms +
                    " ms) and answers from the part of the index it could match in time; totals and facet counts are estimates");
}

// The cut's posting source counts as one more query part matched by every document, so Xapian's
// percentages of a cut match are too high. The best document's true percentage is what the query
// alone gives it (a match of that one document); the others scale with it. Known when the page
// holds the best document (the first page by relevance); otherwise nullopt.
std::optional<double> Searcher::Impl::true_percent_factor(const SearchRequest& req, const Xapian::Query& query,
                                                          const Xapian::MSet& mset, SortOrder sort) {
  if (mset.empty() || mset.begin().get_percent() == 0) return 1;
  if (req.offset != 0 || sort != SortOrder::Relevance) return std::nullopt;
  Xapian::Enquire alone(db);
  const Xapian::Query only_best(Xapian::Query::OP_FILTER, query,
                                Xapian::Query(schema::id_term(record(mset.begin().get_document(), *mset.begin(), Body::NotWanted).id)));
  alone.set_query(only_best);
  alone.set_weighting_scheme(bm25(req));
  const Xapian::MSet best = alone.get_mset(0, 1);
  if (best.empty()) return std::nullopt;
  return best.begin().get_percent() / static_cast<double>(mset.begin().get_percent());
}

Searcher::Searcher(const std::string& index_path) : impl_(std::make_unique<Impl>()) {
  impl_->path = index_path;
  impl_->db = open_index_for_reading(index_path, &impl_->meta);
  impl_->records = record_decoder_for(impl_->db, index_path);
  try {
    impl_->analyzer = std::make_unique<Analyzer>(AnalyzerSettings{impl_->meta.language.empty() ? "english" : impl_->meta.language});
  } catch (const ConfigError& e) {
    throw IndexError("index " + index_path + " records an analysis this program cannot do: " + e.what());
  }
  auto& qp = impl_->parser;
  qp.set_database(impl_->db);
  qp.set_stemmer(Xapian::Stem(impl_->analyzer->settings().language));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  qp.add_prefix(std::string(schema::kTitleField), std::string(schema::kTitlePrefix));
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResult Searcher::search(const SearchRequest& req) {
  const auto t0 = std::chrono::steady_clock::now();
  if (req.limit > SearchRequest::kMaxLimit)
    throw QueryError("limit " + std::to_string(req.limit) + " is too large (at most " + std::to_string(SearchRequest::kMaxLimit) + ")");
  if (req.offset > SearchRequest::kMaxOffset)
    throw QueryError("offset " + std::to_string(req.offset) + " is too large (at most " + std::to_string(SearchRequest::kMaxOffset) + ")");
  if (!(req.bm25_k1 >= 0) || !(req.bm25_b >= 0 && req.bm25_b <= 1))
    throw QueryError("BM25 parameters out of range: k1 must be >= 0 and b between 0 and 1");
  if (!(req.proximity >= 0 && req.proximity <= 10) || req.proximity_window < 2 || req.proximity_window > 1000)
    throw QueryError("proximity out of range: weight 0 to 10, window 2 to 1000 positions");
  if (req.expand_terms > 100 || req.expand_docs < 1 || req.expand_docs > 100 ||
      !(req.expand_weight > 0 && req.expand_weight <= 10))
    throw QueryError("query expansion out of range: at most 100 terms, from 1 to 100 documents, weight above 0 and at most 10");
  if (req.query.size() > SearchRequest::kMaxQueryBytes)
    throw QueryError("query too long: " + std::to_string(req.query.size()) + " bytes (at most " +
                     std::to_string(SearchRequest::kMaxQueryBytes) + ")");
  std::string text = req.query;
  SearchFilters filters = req.filters;
  take_query_filters(text, filters);
  const bool has_words = text.find_first_not_of(" \t\n\r\f\v") != std::string::npos;
  if (has_words) check_query_text(text, SearchRequest::kMaxQueryBytes);
  const std::string rewritten = has_words ? rewrite_for_queryparser(text, *impl_->analyzer) : std::string();
  const bool ranked = has_words || !req.like.empty();
  const bool stop = req.stop_words && stop_words_apply(impl_->analyzer->settings().language);
  const SortOrder sort = req.sort.value_or(ranked ? SortOrder::Relevance : SortOrder::Newest);
  // The time limit's deadlines, `share` of it from the start (MatchDeadline; none over remote
  // shards, where Xapian's own limit applies).
  const auto deadline_at = [&](double share) -> std::optional<MatchDeadline> {
    if (req.time_limit_ms <= 0 || impl_->meta.remote_shards > 0) return std::nullopt;
    return MatchDeadline(t0 + std::chrono::duration_cast<MatchDeadline::Clock::duration>(
                                  std::chrono::duration<double, std::milli>(req.time_limit_ms * share)));
  };
  SearchResult result;
  for (int attempt = 1;; ++attempt) {
    try {
      // Not Xapian::Query::MatchAll: that is one static object whose (non-atomic) reference count
      // threads would race on when each copies it; an empty term matches all documents too.
      Impl::MatchPlan plan{Xapian::Query(std::string()), ranked, sort, {}};
      Xapian::Query& query = plan.query;
      if (has_words) {
        impl_->parser.set_stopper(stop ? &english_stopper() : nullptr);
        query = impl_->parse(rewritten, req.match_all);
        if (query.empty()) throw QueryError("the query has no words to search for");
        // Parts of compounds are never stop words ("therapist" is not "the rapist"), nor are the
        // words of proximity pairs ("of" near anything says nothing; with them CISI lost 0.026
        // nDCG@10 when stop words rank), even when stop words rank.
        const Xapian::Stopper* never = stop_words_apply(impl_->analyzer->settings().language) ? &english_stopper() : nullptr;
        if (!req.match_all && (req.compounds || req.name_variants || req.proximity > 0)) {
          const auto words = plain_query_words(text, *impl_->analyzer, nullptr);
          if (req.compounds) query = with_compounds(query, impl_->db, words, *impl_->analyzer, never);
          if (req.name_variants)
            query = with_name_variants(query, impl_->db, without_stop_words(words, stop ? never : nullptr), *impl_->analyzer);
          if (req.proximity > 0) plan.proximity_words = without_stop_words(words, never);
        }
      }
      if (!req.like.empty()) {
        const Xapian::Query like = impl_->like_query(req.like);
        query = has_words ? Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, like) : like;
      }
      const auto filter = build_filter(impl_->db, filters, [this]() -> const indexer::Gazetteer& { return impl_->gazetteer(); });
      if (filter) query = Xapian::Query(Xapian::Query::OP_FILTER, query, *filter);
      if (req.expand_terms > 0 && ranked && sort == SortOrder::Relevance) {
        Feedback how{req.expand_docs, req.expand_terms, req.expand_weight,
                     req.collapse ? schema::kSlotCollapse : Xapian::BAD_VALUENO};
        // The first pass gets half the time, and gives the best documents it found by then.
        const auto first_pass = deadline_at(0.5);
        Xapian::Query more = feedback_query(impl_->db, Impl::bm25(req), first_pass ? first_pass->applied_to(query) : query, how);
        if (!more.empty()) {
          if (filter) more = Xapian::Query(Xapian::Query::OP_FILTER, more, *filter);
          query = Xapian::Query(Xapian::Query::OP_OR, query, more);
        }
      }
      auto watch = deadline_at(1.0);
      try {
        result = impl_->run(req, plan, watch ? &*watch : nullptr);
      } catch (const MatchDeadline::Reached&) {
        // Still matching at the time limit: the best documents of what half as long again can match.
        const auto cut = deadline_at(1.5);
        result = impl_->run(req, plan, nullptr, &*cut);
      }
      result.parsed_query = query.get_description();
      // One term lookup per word when every word is known: the scan, and the reading of documents
      // for a word's written form, run only for unknown ones.
      if (has_words && req.suggest) {
        const auto text_of = [this](Xapian::docid id) {
          const Record r = impl_->record(impl_->db.get_document(id), id, Impl::Body::Wanted);
          return r.title + '\n' + r.body;
        };
        result.suggestion = suggest_query(impl_->db, req.query, text, *impl_->analyzer, text_of);
      }
      break;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= kReopenAttempts) rethrow_xapian(e, "index " + impl_->path + " keeps changing during the search");
      impl_->db.reopen();
      impl_->database_changed();
    } catch (const Xapian::NetworkError& e) {
      if (attempt >= kReopenAttempts) rethrow_xapian(e, "search in " + impl_->path + " failed");
      impl_->reconnect();
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "search in " + impl_->path + " failed");
    }
  }
  result.query = req.query;
  result.like = req.like;
  result.offset = req.offset;
  result.limit = req.limit;
  result.sort = sort;
  result.collapsed = req.collapse;
  result.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

Document Searcher::document(const std::string& id) {
  for (int attempt = 1;; ++attempt) {
    try {
      const auto rec = impl_->first_with(schema::id_term(id), Impl::Body::Wanted);
      if (!rec) throw NotFoundError("no document with id '" + id + "'");
      return Document{rec->id, rec->title, rec->body, read_document_meta(*rec)};
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= kReopenAttempts) rethrow_xapian(e, "index " + impl_->path + " keeps changing");
      impl_->db.reopen();
    } catch (const Xapian::NetworkError& e) {
      if (attempt >= kReopenAttempts) rethrow_xapian(e, "reading document '" + id + "' from " + impl_->path + " failed");
      impl_->reconnect();
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "reading document '" + id + "' from " + impl_->path + " failed");
    }
  }
}

IndexStats Searcher::stats() const {
  IndexStats s;
  s.documents = impl_->db.get_doccount();
  s.language = impl_->meta.language;
  s.schema = impl_->meta.schema;
  s.corpus_root = impl_->meta.corpus_root;
  try {
    s.revision = impl_->db.get_revision();
  } catch (const Xapian::Error&) {
    s.revision = 0;  // several shards have no one revision
  }
  return s;
}

void Searcher::reopen() {
  try {
    if (impl_->db.reopen()) impl_->database_changed();
  } catch (const Xapian::Error& e) {
    rethrow_xapian(e, "reopening " + impl_->path + " failed");
  }
}

}  // namespace pt
