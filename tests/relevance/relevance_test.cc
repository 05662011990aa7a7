// Ranking regression: Cranfield's measures, as ptsearch ships and in the flat BM25 setting, must stay what they are.
#include <catch2/catch.hpp>

#include <cmath>

#include "cli_support.h"
#include "ptsearch/searcher.h"
#include "collection.h"

using namespace cli;
namespace rel = pt::relevance;

namespace {

const fs::path kCran = CRANFIELD_DIR;

rel::Qrels qrels() { return rel::read_qrels((kCran / "qrels.txt").string()); }

// Cranfield's queries as bench/relevance/relevance_eval.cc sends them: bags of words, top 1000.
rel::Run search_all(const fs::path& index, double k1, double b) {
  pt::Searcher searcher(index.string());
  rel::Run run;
  for (const auto& [qid, text] : rel::read_queries((kCran / "queries.tsv").string())) {
    pt::SearchRequest req;
    req.query = rel::bag_of_words(text);
    req.limit = 1000;
    req.snippets = false;
    req.collapse = false;
    req.bm25_k1 = k1;
    req.bm25_b = b;
    auto& docs = run[qid];
    for (const auto& h : searcher.search(req).hits) docs.push_back({h.id, h.score});
  }
  return run;
}

fs::path build_cranfield(const TempDir& t, const std::vector<std::string>& extra) {
  const auto corpus = t / "corpus";
  fs::create_directories(corpus);
  fs::copy_file(kCran / "docs.jsonl", corpus / "docs.jsonl");
  const auto index = t / "index";
  // Two threads, so two parts whatever the machine: ties at the depth-1000 cut follow document numbers.
  std::vector<std::string> args = {"build", corpus.string(), "--index", index.string(), "--threads", "2", "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = ptindex(args);
  REQUIRE(r.status == 0);
  return index;
}

}  // namespace

// The figures bench/relevance/run printed for this commit (2026-11-23); a ranking change that moves
// them must say so here, with the new table in bench/relevance/README.md.
TEST_CASE("relevance: Cranfield as ptsearch ships", "[relevance]") {
  TempDir t;
  const auto [m, n] = rel::mean_measures(search_all(build_cranfield(t, {}), 1.0, 0.5), qrels());
  CHECK(n == 225);
  CHECK(m.ndcg_10 == Approx(0.3650).margin(5e-5));
  CHECK(m.map == Approx(0.3003).margin(5e-5));
  CHECK(m.recall_100 == Approx(0.7280).margin(5e-5));
  CHECK(m.p_10 == Approx(0.2293).margin(5e-5));
}

TEST_CASE("relevance: Cranfield flat BM25 (k1 0.9, b 0.4) matches Lucene's published MAP", "[relevance]") {
  TempDir t;
  const auto [m, n] = rel::mean_measures(search_all(build_cranfield(t, {"--title-weight", "1"}), 0.9, 0.4), qrels());
  CHECK(n == 225);
  CHECK(m.map == Approx(0.2879).margin(5e-5));  // Lucene 8.8.1 BM25: 0.2879 (../shared/data/README.md)
  CHECK(m.ndcg_10 == Approx(0.3507).margin(5e-5));
  CHECK(m.recall_100 == Approx(0.7189).margin(5e-5));
}

TEST_CASE("relevance: BM25 parameters out of range are a QueryError", "[relevance][error]") {
  TempDir t;
  const auto corpus = t / "corpus";
  fs::create_directories(corpus);
  write_file(corpus / "a.txt", "Wing flutter\nFlutter of a swept wing at high speed.\n");
  const auto index = t / "index";
  REQUIRE(ptindex({"build", corpus.string(), "--index", index.string(), "-q"}).status == 0);
  pt::Searcher searcher(index.string());
  for (const auto& [k1, b] : std::vector<std::pair<double, double>>{{-0.1, 0.5}, {1.0, -0.1}, {1.0, 1.5}, {NAN, 0.5}}) {
    INFO(k1 << " " << b);
    pt::SearchRequest req;
    req.query = "flutter";
    req.bm25_k1 = k1;
    req.bm25_b = b;
    CHECK_THROWS_AS(searcher.search(req), pt::QueryError);
  }
  pt::SearchRequest ok;
  ok.query = "flutter";
  ok.bm25_k1 = 0;  // no term-frequency saturation: allowed
  ok.bm25_b = 1;
  CHECK(searcher.search(ok).hits.size() == 1);
}
