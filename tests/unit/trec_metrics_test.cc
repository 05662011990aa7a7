// Unit tests of bench/relevance/trec_metrics.h against measures computed by hand, the way trec_eval computes them.
#include <catch2/catch.hpp>

#include "collection.h"
#include "trec_metrics.h"

using pt::relevance::measure;
using pt::relevance::mean_measures;
using pt::relevance::Qrels;
using pt::relevance::Run;
using pt::relevance::Scored;

namespace {

// Judged: a (grade 2), b (1), c (1), z (0: judged, not relevant). Retrieved, by score: a, x, c,
// z, y — b never. By hand:
//   P@10 = 2/10; MAP = (1/1 + 2/3) / 3 = 0.5556; R@100 = 2/3;
//   DCG@10 = 2/log2(2) + 1/log2(4) = 2.5; ideal = 2/log2(2) + 1/log2(3) + 1/log2(4) = 3.1309;
//   nDCG@10 = 0.7985.
const std::map<std::string, int> kJudged = {{"a", 2}, {"b", 1}, {"c", 1}, {"z", 0}};
const std::vector<Scored> kRetrieved = {{"y", 1.0}, {"c", 3.0}, {"a", 5.0}, {"z", 2.0}, {"x", 4.0}};

}  // namespace

TEST_CASE("trec metrics: one query computed by hand", "[relevance]") {
  const auto m = measure(kRetrieved, kJudged);
  CHECK(m.p_10 == Approx(0.2));
  CHECK(m.map == Approx((1.0 + 2.0 / 3.0) / 3.0));
  CHECK(m.recall_100 == Approx(2.0 / 3.0));
  CHECK(m.ndcg_10 == Approx(2.5 / (2.0 + 1.0 / std::log2(3.0) + 0.5)).epsilon(1e-9));
  CHECK(m.ndcg_10 == Approx(0.7985).margin(1e-4));
}

TEST_CASE("trec metrics: equal scores are ordered by docno descending, as trec_eval does", "[relevance]") {
  // Both score 1: trec_eval ranks "b" before "a", so the relevant "a" is second.
  const auto m = measure({{"a", 1.0}, {"b", 1.0}}, {{"a", 1}});
  CHECK(m.map == Approx(0.5));
  CHECK(m.ndcg_10 == Approx(1.0 / std::log2(3.0)));
  // The same with the relevant document last in docno order: first.
  CHECK(measure({{"a", 1.0}, {"b", 1.0}}, {{"b", 1}}).map == Approx(1.0));
}

TEST_CASE("trec metrics: cut-offs at 10 and 100", "[relevance]") {
  std::vector<Scored> docs;
  for (int i = 0; i < 150; ++i) {
    std::string docno = "d";
    docno += std::to_string(1000 + i);
    docs.push_back({docno, 1000.0 - i});
  }
  // Relevant at ranks 1, 11 and 101 (scores 1000, 990, 900).
  const std::map<std::string, int> judged = {{"d1000", 1}, {"d1010", 1}, {"d1100", 1}};
  const auto m = measure(docs, judged);
  CHECK(m.p_10 == Approx(0.1));
  CHECK(m.recall_100 == Approx(2.0 / 3.0));
  CHECK(m.recall_1000 == Approx(1.0));
  CHECK(m.ndcg_10 == Approx(1.0 / (1.0 + 1.0 / std::log2(3.0) + 0.5)));
  CHECK(m.map == Approx((1.0 + 2.0 / 11.0 + 3.0 / 101.0) / 3.0));
}

TEST_CASE("trec metrics: means count judged queries with nothing retrieved as 0 (trec_eval -c)", "[relevance]") {
  const Qrels qrels = {{"q1", kJudged}, {"q2", {{"a", 1}}}, {"q3", {{"a", 0}}}};  // q3: nothing relevant
  const Run run = {{"q1", kRetrieved}, {"q9", {{"a", 1.0}}}};                       // q2 missing, q9 unjudged
  const auto [mean, n] = mean_measures(run, qrels);
  CHECK(n == 2);
  const auto q1 = measure(kRetrieved, kJudged);
  CHECK(mean.ndcg_10 == Approx(q1.ndcg_10 / 2));
  CHECK(mean.map == Approx(q1.map / 2));
  CHECK(mean.p_10 == Approx(q1.p_10 / 2));
  CHECK_THROWS(mean_measures(run, Qrels{{"q3", {{"a", 0}}}}));
}

TEST_CASE("more like this seeds: the top relevant document of queries with two or more", "[relevance]") {
  const Qrels qrels = {{"1", {{"d3", 1}, {"d1", 1}, {"d9", 0}}},   // tie on grade: lowest docno
                       {"2", {{"d5", 1}, {"d4", 3}, {"d2", 2}}},   // highest grade
                       {"3", {{"d7", 1}, {"d8", 0}}},              // one relevant: nothing left to find
                       {"4", {{"d6", 0}}}};
  const auto s = pt::relevance::like_seeds(qrels);
  CHECK(s.seed == std::map<std::string, std::string>{{"1", "d1"}, {"2", "d4"}});
  CHECK(s.qrels == Qrels{{"1", {{"d3", 1}, {"d9", 0}}}, {"2", {{"d5", 1}, {"d2", 2}}}});
}
