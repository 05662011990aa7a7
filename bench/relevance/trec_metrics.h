// TREC runs and qrels, and the measures trec_eval computes from them: nDCG@k, MAP, Recall@k, P@k.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace pt::relevance {

// qid -> docno -> grade (qrels lines "qid 0 docno grade"; a grade of 1 or more is relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

struct Scored {
  std::string docno;
  double score = 0;
};
// qid -> the documents retrieved, in any order (trec_eval sorts them itself).
using Run = std::map<std::string, std::vector<Scored>>;

struct Measures {
  double ndcg_10 = 0, map = 0, recall_100 = 0, p_10 = 0, recall_1000 = 0;
};

// trec_eval's order: score descending, equal scores by docno descending (strcmp).
inline void sort_as_trec_eval(std::vector<Scored>& docs) {
  std::sort(docs.begin(), docs.end(), [](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.docno > b.docno;
  });
}

// One query's measures, as trec_eval computes them: MAP over every relevant document judged
// (those not retrieved count as precision 0), nDCG with the grade as linear gain and log2(rank+1)
// discount (ndcg_cut), recall against every relevant document judged.
inline Measures measure(std::vector<Scored> retrieved, const std::map<std::string, int>& judged) {
  sort_as_trec_eval(retrieved);
  Measures m;
  std::size_t relevant = 0;
  std::vector<int> grades;
  for (const auto& [doc, grade] : judged)
    if (grade > 0) {
      ++relevant;
      grades.push_back(grade);
    }
  if (relevant == 0) return m;
  std::sort(grades.rbegin(), grades.rend());
  double dcg = 0, ideal = 0, precision_sum = 0;
  std::size_t found = 0, in_10 = 0, in_100 = 0, in_1000 = 0;
  for (std::size_t i = 0; i < retrieved.size(); ++i) {
    const auto it = judged.find(retrieved[i].docno);
    const int grade = it == judged.end() ? 0 : it->second;
    if (grade <= 0) continue;
    ++found;
    precision_sum += static_cast<double>(found) / static_cast<double>(i + 1);
    if (i < 10) {
      dcg += grade / std::log2(static_cast<double>(i) + 2);
      ++in_10;
    }
    in_100 += i < 100;
    in_1000 += i < 1000;
  }
  for (std::size_t i = 0; i < grades.size() && i < 10; ++i) ideal += grades[i] / std::log2(static_cast<double>(i) + 2);
  m.ndcg_10 = ideal > 0 ? dcg / ideal : 0;
  m.map = precision_sum / static_cast<double>(relevant);
  m.p_10 = static_cast<double>(in_10) / 10;
  m.recall_100 = static_cast<double>(in_100) / static_cast<double>(relevant);
  m.recall_1000 = static_cast<double>(in_1000) / static_cast<double>(relevant);
  return m;
}

// Means over every query of the qrels that has a relevant document (trec_eval -c: a query with
// nothing retrieved counts as 0), and how many queries that is.
inline std::pair<Measures, std::size_t> mean_measures(const Run& run, const Qrels& qrels) {
  Measures sum;
  std::size_t n = 0;
  for (const auto& [qid, judged] : qrels) {
    if (std::none_of(judged.begin(), judged.end(), [](const auto& j) { return j.second > 0; })) continue;
    const auto it = run.find(qid);
    const Measures m = measure(it == run.end() ? std::vector<Scored>{} : it->second, judged);
    sum.ndcg_10 += m.ndcg_10;
    sum.map += m.map;
    sum.recall_100 += m.recall_100;
    sum.recall_1000 += m.recall_1000;
    sum.p_10 += m.p_10;
    ++n;
  }
  if (n == 0) throw std::runtime_error("the qrels judge no document relevant");
  const double d = static_cast<double>(n);
  return {Measures{sum.ndcg_10 / d, sum.map / d, sum.recall_100 / d, sum.p_10 / d, sum.recall_1000 / d}, n};
}

}  // namespace pt::relevance
