// pt_relevance: runs a test collection's queries through the Searcher API, writes a TREC run and prints trec_eval's measures as JSON.
//
// pt_relevance --index DIR --queries FILE.tsv --qrels FILE [--run OUT] [--tag NAME] [--depth N]
//              [--k1 X] [--b Y] [--stop-words 0|1] [--compounds 0|1] [--proximity W]
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
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) fail(a + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "--index") index = value();
      else if (a == "--queries") queries_path = value();
      else if (a == "--qrels") qrels_path = value();
      else if (a == "--run") run_path = value();
      else if (a == "--tag") tag = value();
      else if (a == "--depth") depth = std::stoul(value());
      else if (a == "--k1") base.bm25_k1 = std::stod(value());
      else if (a == "--b") base.bm25_b = std::stod(value());
      else if (a == "--like-seed") like_seed = true;
      else if (a == "--stop-words") base.stop_words = std::stoi(value()) != 0;
      else if (a == "--compounds") base.compounds = std::stoi(value()) != 0;
      else if (a == "--proximity") base.proximity = std::stod(value());
      else if (a == "--proximity-window") base.proximity_window = static_cast<unsigned>(std::stoul(value()));
      else if (a == "--expand-terms") base.expand_terms = static_cast<unsigned>(std::stoul(value()));
      else if (a == "--expand-docs") base.expand_docs = static_cast<unsigned>(std::stoul(value()));
      else if (a == "--expand-weight") base.expand_weight = std::stod(value());
      else if (a == "-h" || a == "--help") {
        std::cout << "usage: pt_relevance --index DIR --queries FILE.tsv --qrels FILE [--run OUT] [--tag NAME]"
                     " [--depth N] [--k1 X] [--b Y] [--stop-words 0|1] [--compounds 0|1] [--proximity W]"
                     " [--proximity-window N] [--expand-terms N] [--expand-docs N] [--expand-weight W] [--like-seed]\n";
        return 0;
      } else {
        fail("unknown argument " + a + " (see --help)");
      }
    } catch (const std::logic_error&) {
      fail("bad value for " + a);
    }
  }
  if (index.empty() || queries_path.empty() || qrels_path.empty()) fail("--index, --queries and --qrels are required (see --help)");
  if (depth < 1 || depth > pt::SearchRequest::kMaxLimit)
    fail("--depth must be 1 to " + std::to_string(pt::SearchRequest::kMaxLimit));
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
