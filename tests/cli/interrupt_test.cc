// End-to-end: ptindex killed (SIGKILL) or interrupted (SIGINT) mid-build leaves a usable index that a re-run completes.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <thread>

#include "cli_support.h"

using namespace cli;

namespace {

constexpr unsigned kFiles = 3000;
constexpr unsigned kBatch = 100;

std::string file_name(unsigned i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "d%04u.txt", i);
  return buf;
}

// kFiles small articles: "Document N", then "commonword fileidNNNN" and ~150 words of the sample corpus.
void make_corpus(const fs::path& dir) {
  std::vector<std::string> vocabulary;
  for (const auto& id : kSampleIds) {
    const auto text = read_file(kSampleCorpus / id);
    std::string word;
    for (char ch : text + " ") {
      if (std::isalpha(static_cast<unsigned char>(ch))) {
        word += ch;
      } else {
        if (word.size() > 3) vocabulary.push_back(word);
        word.clear();
      }
    }
  }
  REQUIRE(vocabulary.size() > 500);
  fs::create_directories(dir);
  std::uint64_t state = 42;
  for (unsigned i = 0; i < kFiles; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "%04u", i);
    std::string text = "Document " + std::to_string(i) + "\ncommonword fileid" + id;
    for (int w = 0; w < 150; ++w) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += (w % 12 == 11 ? ".\n" : " ") + vocabulary[(state >> 33) % vocabulary.size()];
    }
    write_file(dir / file_name(i), text + ".\n");
  }
}

// A re-run of the build completes the index: it redoes exactly the documents not committed.
void check_rerun_completes(const fs::path& corpus, const fs::path& idx, unsigned committed) {
  const auto r = ptindex({"build", corpus.string(), "--index", idx.string(), "--batch", std::to_string(kBatch)});
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  CHECK(parse_summary(r.out) == Summary{kFiles, kFiles - committed, 0, committed, 0, 0});
  CHECK(doc_count(idx) == kFiles);
  check_index_consistent(idx);
  for (const char* w : {"fileid0000", "fileid1500", "fileid2999"}) {
    INFO(w);
    const auto ids = hit_ids(search_json(idx, w));
    CHECK(ids == std::vector<std::string>{std::string("d").append(w + 6).append(".txt")});
  }
  const auto all = search_json(idx, "commonword", 0);
  CHECK(all.at("total").at("lower_bound") >= 1000);  // exact up to 1000, an estimate beyond
  CHECK(all.at("total").at("upper_bound") == kFiles);
  const auto titles = search_json(idx, "title:document", 0);
  CHECK(titles.at("total").at("upper_bound") == kFiles);
}

}  // namespace

TEST_CASE("interrupted build: SIGKILL keeps the committed batches", "[cli][interrupt]") {
  TempDir t;
  const auto corpus = t / "corpus";
  const auto idx = t / "idx";
  make_corpus(corpus);

  Process p({kPtindex, "build", corpus.string(), "--index", idx.string(), "--batch", std::to_string(kBatch)});
  const bool mid_build = wait_for_commit(p, idx, 3 * kBatch);
  if (mid_build) {
    // While it runs: searches work, a second writer is refused.
    const auto s = ptsearch({"--index", idx.string(), "--json", "-n", "1", "commonword"});
    CHECK(s.status == 0);
    const auto w = ptindex({"build", corpus.string(), "--index", idx.string()});
    if (p.running()) {  // the first build held the lock all the time the second one ran
      CHECK(w.status == 1);
      CHECK(w.out.empty());
      CHECK(is_one_line(w.err, "ptindex: "));
      CHECK(w.err.find("another process") != std::string::npos);
    }
  }
  p.signal(SIGKILL);
  const auto r = p.wait();
  if (!mid_build || r.status == 0) WARN("the build finished before it could be killed; checking the re-run only");
  else CHECK(r.status == 128 + SIGKILL);

  check_index_consistent(idx);
  const auto committed = doc_count(idx);
  REQUIRE(committed);
  INFO("documents committed before the kill: " << *committed);
  CHECK((*committed % kBatch == 0 || *committed == kFiles));  // whole batches only
  const auto s = ptsearch({"--index", idx.string(), "--json", "-n", "3", "commonword"});
  REQUIRE(s.status == 0);
  const auto j = nlohmann::json::parse(s.out);
  CHECK(j.at("total").at("upper_bound") == *committed);
  if (*committed <= 1000) CHECK(j.at("total").at("estimate") == *committed);

  check_rerun_completes(corpus, idx, *committed);
}

TEST_CASE("interrupted build: SIGINT commits, exits 130, and a re-run finishes", "[cli][interrupt]") {
  TempDir t;
  const auto corpus = t / "corpus";
  const auto idx = t / "idx";
  make_corpus(corpus);

  Process p({kPtindex, "build", corpus.string(), "--index", idx.string(), "--batch", std::to_string(kBatch)});
  REQUIRE(wait_for_commit(p, idx, kBatch));
  const auto t0 = std::chrono::steady_clock::now();
  p.signal(SIGINT);
  const auto r = p.wait();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(r.status == 130);
  CHECK(seconds < 10);  // stops after the current document
  CHECK(is_one_line(r.err, "ptindex: "));
  CHECK(r.err.find("interrupted") != std::string::npos);
  CHECK(r.out.starts_with("interrupted: indexed " + corpus.string() + " into " + idx.string() + "\n"));

  check_index_consistent(idx);
  const auto committed = doc_count(idx);
  REQUIRE(committed);
  CHECK(*committed >= kBatch);
  CHECK(*committed < kFiles);
  // Everything it did before stopping was committed.
  const auto s = parse_summary(r.out);
  REQUIRE(s);
  CHECK(*s == Summary{kFiles, *committed, 0, 0, 0, 0});

  check_rerun_completes(corpus, idx, *committed);
}
