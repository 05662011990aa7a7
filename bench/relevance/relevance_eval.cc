// pt_relevance: runs a test collection's queries through the Searcher API, writes a TREC run and prints trec_eval's measures as JSON.
//
// pt_relevance --index DIR --queries FILE.tsv --qrels FILE [--run OUT] [--tag NAME] [--depth N]
//              [--k1 X] [--b Y] [--stop-words 0|1] [--compounds 0|1] [--name-variants 0|1] [--proximity W]
//              [--proximity-window N] [--expand-terms N] [--expand-docs N] [--expand-weight W]
//              [--like-seed]
//
// Queries are "qid TAB text" lines; each is searched as a bag of words (ranked OR, as the
// published BM25 baselines do): ASCII letters lower-cased, every byte that is not a letter or
// digit (query syntax included) made a space. The top --depth hits (default 1000) form the run.
// Measures: nDCG@10, MAP, Recall@100, Recall@1000, P@10 over every judged query (trec_eval -c).
// --like-seed measures "more like this" instead: per query with two or more relevant documents,
// a search like its top relevant one (SearchRequest::like, no words), judged on the others.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "ptsearch/searcher.h"
#include "collection.h"

namespace {

namespace rel = pt::relevance;

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "pt_relevance: " << message << "\n";
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  std::string index, queries_path, qrels_path, run_path, tag = "ptsearch";
  std::size_t depth = 1000;
  bool like_seed = false;
  pt::SearchRequest base;
  base.snippets = false;
  base.collapse = false;
  CLI::App app{"pt_relevance: a test collection's queries through the searcher, scored as trec_eval -c does", "pt_relevance"};
  app.add_option("--index", index, "Index of the collection")->required();
  app.add_option("--queries", queries_path, "Queries, qid TAB text per line")->required();
  app.add_option("--qrels", qrels_path, "Relevance judgements (TREC qrels)")->required();
  app.add_option("--run", run_path, "Write the TREC run file here");
  app.add_option("--tag", tag, "Run tag in the run file")->default_val(tag);
  app.add_option("--depth", depth, "Hits per query in the run")
      ->check(CLI::Range(std::size_t{1}, pt::SearchRequest::kMaxLimit))
      ->default_val(depth);
  app.add_option("--k1", base.bm25_k1, "BM25 k1")->default_val(base.bm25_k1);
  app.add_option("--b", base.bm25_b, "BM25 b")->default_val(base.bm25_b);
  app.add_option("--stop-words", base.stop_words, "Leave English stop words out of ranking (0 or 1)")->default_val(base.stop_words);
  app.add_option("--compounds", base.compounds, "Match closed and open compounds (0 or 1)")->default_val(base.compounds);
  app.add_option("--name-variants", base.name_variants, "Match other written forms of names, bcl2 and Bcl-2 (0 or 1)")
      ->default_val(base.name_variants);
  app.add_option("--proximity", base.proximity, "Proximity weight (0: off)")->default_val(base.proximity);
  app.add_option("--proximity-window", base.proximity_window, "Proximity window, positions")->default_val(base.proximity_window);
  app.add_option("--expand-terms", base.expand_terms, "Pseudo-relevance feedback terms (0: off)")->default_val(base.expand_terms);
  app.add_option("--expand-docs", base.expand_docs, "Pseudo-relevance feedback documents")->default_val(base.expand_docs);
  app.add_option("--expand-weight", base.expand_weight, "Pseudo-relevance feedback weight")->default_val(base.expand_weight);
  app.add_flag("--like-seed", like_seed, "Measure \"more like this\" from each query's top relevant document");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  base.limit = depth;

  try {
    const auto queries = rel::read_queries(queries_path);
    const auto all_qrels = rel::read_qrels(qrels_path);
    // --like-seed: each query's top relevant document is the seed of a "more like this" search,
    // measured on what is left of its qrels.
    const auto seeds = rel::like_seeds(all_qrels);
    const auto& qrels = like_seed ? seeds.qrels : all_qrels;
    pt::Searcher searcher(index);
    std::ofstream run_file;
    if (!run_path.empty()) {
      run_file.open(run_path);
      if (!run_file) fail("cannot write " + run_path);
      run_file << std::setprecision(10);
    }
    rel::Run run;
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& [qid, text] : queries) {
      auto& docs = run[qid];
      pt::SearchRequest req = base;
      if (like_seed) {
        const auto seed = seeds.seed.find(qid);
        if (seed == seeds.seed.end()) continue;
        req.like = seed->second;
      } else {
        req.query = rel::bag_of_words(text);
        if (req.query.find_first_not_of(' ') == std::string::npos) continue;  // nothing to search for
      }
      const auto result = searcher.search(req);
      for (const auto& hit : result.hits) {
        docs.push_back({hit.id, hit.score});
        if (run_file) run_file << qid << " Q0 " << hit.id << ' ' << hit.rank << ' ' << hit.score << ' ' << tag << '\n';
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto [m, judged] = rel::mean_measures(run, qrels);
    nlohmann::json out = {{"queries", queries.size()},   {"judged_queries", judged}, {"ndcg_10", m.ndcg_10},
                          {"map", m.map},                {"recall_100", m.recall_100}, {"recall_1000", m.recall_1000},
                          {"p_10", m.p_10},              {"k1", base.bm25_k1},       {"b", base.bm25_b},
                          {"depth", depth},              {"seconds", seconds}};
    std::cout << out.dump() << "\n";
  } catch (const std::exception& e) {
    fail(e.what());
  }
  return 0;
}
