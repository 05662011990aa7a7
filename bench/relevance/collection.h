// A test collection's queries and qrels read from their files, and a query's text made a bag of words, as bench/relevance sends it.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "trec_metrics.h"

namespace pt::relevance {

// "qid TAB text" lines. Throws std::runtime_error naming the file and line.
inline std::vector<std::pair<std::string, std::string>> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::pair<std::string, std::string>> out;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) throw std::runtime_error(path + ":" + std::to_string(n) + ": expected 'qid TAB text'");
    out.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  if (out.empty()) throw std::runtime_error(path + " holds no queries");
  return out;
}

// "qid 0 docno grade" lines. Throws std::runtime_error naming the file and line.
inline Qrels read_qrels(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  Qrels out;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    std::istringstream fields(line);
    std::string qid, iteration, docno;
    int grade = 0;
    if (!(fields >> qid)) continue;  // a blank line
    if (!(fields >> iteration >> docno >> grade))
      throw std::runtime_error(path + ":" + std::to_string(n) + ": expected 'qid 0 docno grade'");
    out[qid][docno] = grade;
  }
  if (out.empty()) throw std::runtime_error(path + " holds no judgments");
  return out;
}

// The query as a bag of words: ASCII lower-cased, every byte that is not a letter or digit made
// a space, so no operator, phrase or filter of ptsearch's syntax survives.
inline std::string bag_of_words(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) out += c;
    else if (c >= 'A' && c <= 'Z') out += static_cast<char>(c + 32);
    else out += ' ';
  }
  return out;
}

// "More like this" on a collection: per query with at least two relevant documents, its top
// relevant document (highest grade, then lowest docno) as the seed, and the qrels left to find
// (the seed itself removed: a search like it leaves it out).
struct LikeSeeds {
  std::map<std::string, std::string> seed;  // qid -> docno
  Qrels qrels;                               // the judgments of those queries, seeds removed
};

inline LikeSeeds like_seeds(const Qrels& qrels) {
  LikeSeeds out;
  for (const auto& [qid, judged] : qrels) {
    const std::string* best = nullptr;
    int best_grade = 0, relevant = 0;
    for (const auto& [docno, grade] : judged) {
      if (grade <= 0) continue;
      ++relevant;
      if (grade > best_grade) best = &docno, best_grade = grade;
    }
    if (relevant < 2) continue;
    out.seed[qid] = *best;
    auto rest = judged;
    rest.erase(*best);
    out.qrels[qid] = std::move(rest);
  }
  return out;
}

}  // namespace pt::relevance
