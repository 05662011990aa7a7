// Searcher: query parsing with our analyser in front of QueryParser, BM25 matching, hits and snippets.
#include "ptsearch/searcher.h"

#include <xapian.h>

#include <chrono>
#include <set>

#include "../query/query_text.h"
#include "../snippets/snippet.h"
#include "pt/analyzer.h"
#include "pt/index_store.h"
#include "pt/record.h"
#include "pt/schema.h"

namespace pt {

namespace {
constexpr int kReopenAttempts = 3;  // DatabaseModifiedError: the index moved on under us
// Look at this many matches at least, so totals are exact up to here (Lucene counts to 1000 too).
constexpr Xapian::doccount kCheckAtLeast = 1000;
}

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  IndexMeta meta;
  std::unique_ptr<Analyzer> analyzer;
  Xapian::QueryParser parser;

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

  SearchResult run(const SearchRequest& req, const Xapian::Query& query) {
    SearchResult r;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(req.offset),
                                               static_cast<Xapian::doccount>(req.limit), kCheckAtLeast);
    r.total_estimate = mset.get_matches_estimated();
    r.total_lower = mset.get_matches_lower_bound();
    r.total_upper = mset.get_matches_upper_bound();
    std::set<std::string> terms(query.get_terms_begin(), query.get_terms_end());
    const QueryWords words = query_words(terms);
    std::size_t rank = req.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit;
      hit.rank = ++rank;
      hit.score = it.get_weight();
      hit.percent = it.get_percent();
      const Xapian::Document doc = it.get_document();
      Record rec;
      try {
        rec = decode_record(doc.get_data());
      } catch (const RecordError& e) {
        throw IndexError("index " + path + ": document " + std::to_string(*it) + ": " + e.what());
      }
      hit.id = rec.id;
      hit.title = rec.title;
      hit.snippet = make_snippet(rec.body, *analyzer, words, req.snippet_bytes);
      r.hits.push_back(std::move(hit));
    }
    return r;
  }
};

Searcher::Searcher(const std::string& index_path) : impl_(std::make_unique<Impl>()) {
  impl_->path = index_path;
  impl_->db = open_index_for_reading(index_path, &impl_->meta);
  try {
    impl_->analyzer = std::make_unique<Analyzer>(AnalyzerSettings{impl_->meta.language.empty() ? "english" : impl_->meta.language});
  } catch (const ConfigError& e) {
    throw IndexError("index " + index_path + " records an analysis this program cannot do: " + e.what());
  }
  auto& qp = impl_->parser;
  qp.set_database(impl_->db);
  qp.set_stemmer(Xapian::Stem(impl_->analyzer->settings().language));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
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
  check_query_text(req.query, SearchRequest::kMaxQueryBytes);
  const std::string rewritten = rewrite_for_queryparser(req.query, *impl_->analyzer);
  SearchResult result;
  for (int attempt = 1;; ++attempt) {
    try {
      const Xapian::Query query = impl_->parse(rewritten, req.match_all);
      if (query.empty()) throw QueryError("the query has no words to search for");
      result = impl_->run(req, query);
      result.parsed_query = query.get_description();
      break;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= kReopenAttempts) rethrow_xapian(e, "index " + impl_->path + " keeps changing during the search");
      impl_->db.reopen();
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "search in " + impl_->path + " failed");
    }
  }
  result.query = req.query;
  result.offset = req.offset;
  result.limit = req.limit;
  result.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

IndexStats Searcher::stats() const {
  IndexStats s;
  s.documents = impl_->db.get_doccount();
  s.language = impl_->meta.language;
  s.schema = impl_->meta.schema;
  s.corpus_root = impl_->meta.corpus_root;
  return s;
}

}  // namespace pt
