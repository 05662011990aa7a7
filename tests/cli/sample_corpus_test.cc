// End-to-end: indexing sample-corpus/, ranked search with JSON and text output, default index location, pagination.
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "cli_support.h"

using namespace cli;
using nlohmann::json;

namespace {

std::string lower_ascii(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string title_of(const std::string& id) {
  const auto text = read_file(kSampleCorpus / id);
  auto first = text.substr(0, text.find('\n'));
  if (first.empty()) {  // 001 starts with blank lines and a Markdown heading
    const auto at = text.find("# ");
    first = text.substr(at + 2, text.find('\n', at) - at - 2);
  }
  return first;
}

// Builds sample-corpus/ into DIR/idx and checks the run.
fs::path build_sample(const TempDir& t) {
  const auto idx = t / "idx";
  const auto r = ptindex({"build", kSampleCorpus.string(), "--index", idx.string()});
  REQUIRE(r.status == 0);
  REQUIRE(r.err.empty());
  return idx;
}

}  // namespace

TEST_CASE("sample corpus: build summary", "[cli][sample]") {
  TempDir t;
  const auto idx = t / "idx";
  const auto r = ptindex({"build", kSampleCorpus.string(), "--index", idx.string()});
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  const auto out = lines(r.out);
  REQUIRE(out.size() >= 3);
  CHECK(out[0] == "indexed " + kSampleCorpus.string() + " into " + idx.string());
  CHECK(out[1] == "  5 files: 5 added, 0 updated, 0 unchanged, 0 removed, 0 skipped");
  // A build from an empty index ends with a compaction, and says how long it took.
  CHECK(std::regex_match(
      out[2], std::regex(R"(  index [0-9.]+ (B|KiB|MiB), read [0-9.]+ (B|KiB|MiB), [0-9.]+ s \(of which compaction [0-9.]+ s\))")));
  CHECK(doc_count(idx) == 5u);

  SECTION("--no-compact: the same documents, no compaction, and a bigger index") {
    const auto n = ptindex({"build", kSampleCorpus.string(), "--index", (t / "idx3").string(), "--no-compact"});
    REQUIRE(n.status == 0);
    const auto nout = lines(n.out);
    REQUIRE(nout.size() >= 3);
    CHECK(std::regex_match(nout[2], std::regex(R"(  index [0-9.]+ (B|KiB|MiB), read [0-9.]+ (B|KiB|MiB), [0-9.]+ s)")));
    CHECK(doc_count(t / "idx3") == 5u);
    const auto bytes = [](const fs::path& dir) {
      std::uintmax_t total = 0;
      for (const auto& e : fs::directory_iterator(dir)) total += e.file_size();
      return total;
    };
    CHECK(bytes(t / "idx3") > bytes(idx));
    // Nothing of the compaction is left beside the index.
    for (const auto& e : fs::directory_iterator(t.path()))
      CHECK(e.path().filename().string().find("compacting") == std::string::npos);
  }

  SECTION("--quiet prints nothing") {
    const auto q = ptindex({"build", kSampleCorpus.string(), "--index", (t / "idx2").string(), "-q"});
    CHECK(q.status == 0);
    CHECK(q.out.empty());
    CHECK(q.err.empty());
    CHECK(doc_count(t / "idx2") == 5u);
  }
}

TEST_CASE("sample corpus: 'Camp David ceasefire' as JSON", "[cli][sample][json]") {
  TempDir t;
  const auto idx = build_sample(t);
  const json j = search_json(idx, "Camp David ceasefire");

  CHECK(j.at("version") == 2);
  CHECK(j.at("query") == "Camp David ceasefire");
  CHECK(j.at("parsed_query").is_string());
  CHECK(j.at("offset") == 0);
  CHECK(j.at("limit") == 10);
  CHECK(j.at("elapsed_ms").is_number());
  const auto& total = j.at("total");
  for (const char* k : {"estimate", "lower_bound", "upper_bound"}) CHECK(total.at(k).is_number_unsigned());
  REQUIRE(total.at("exact").is_boolean());
  CHECK(total.at("lower_bound") <= total.at("estimate"));
  CHECK(total.at("estimate") <= total.at("upper_bound"));
  CHECK(total.at("exact") == true);  // 5 documents: always exact

  const auto& hits = j.at("hits");
  REQUIRE(hits.size() >= 2);
  CHECK(total.at("estimate") == hits.size());
  // The two articles about the cancelled Camp David meeting rank first and second (in either order).
  const std::set<std::string> top{hits[0].at("id"), hits[1].at("id")};
  CHECK(top == std::set<std::string>{kSampleIds[0], kSampleIds[1]});
  // 004 has none of the words.
  for (const auto& h : hits) CHECK(h.at("id") != kSampleIds[4]);

  double last_score = 1e300;
  std::size_t rank = 0;
  for (const auto& h : hits) {
    const std::string id = h.at("id");
    INFO("hit " << h.dump());
    CHECK(h.at("rank") == ++rank);
    CHECK(h.at("title") == title_of(id));
    const double score = h.at("score");
    CHECK(score > 0);
    CHECK(score <= last_score);
    last_score = score;
    CHECK(h.at("percent") >= 0);
    CHECK(h.at("percent") <= 100);
    const std::string text = h.at("snippet").at("text");
    const auto& marks = h.at("snippet").at("highlights");
    CHECK_FALSE(text.empty());
    CHECK_FALSE(marks.empty());
    std::size_t end_of_previous = 0;
    for (const auto& m : marks) {
      REQUIRE(m.size() == 2);
      const std::size_t off = m[0], len = m[1];
      REQUIRE(off + len <= text.size());
      CHECK(off >= end_of_previous);  // in order, not overlapping
      end_of_previous = off + len;
      const auto word = lower_ascii(text.substr(off, len));
      CHECK((word == "camp" || word == "david" || word == "ceasefire"));
    }
  }
  // Percentages fall with rank. The best hit scores 100% when it matches every term of the query;
  // "ceasefire" also brings its open form "cease fire" (compounds), which the best hit lacks, so
  // 100% holds with --no-compounds.
  for (std::size_t i = 1; i < hits.size(); ++i) CHECK(hits[i].at("percent") <= hits[i - 1].at("percent"));
  CHECK(hits[0].at("percent") > 0);
  CHECK(search_json(idx, "Camp David ceasefire", 10, {"--no-compounds"}).at("hits")[0].at("percent") == 100);
}

TEST_CASE("sample corpus: text output", "[cli][sample][text]") {
  TempDir t;
  const auto idx = build_sample(t);
  const auto r = ptsearch({"Camp David ceasefire", "--index", idx.string(), "--color", "never"});
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  const json j = search_json(idx, "Camp David ceasefire");
  const auto n = j.at("hits").size();

  const auto out = lines(r.out);
  REQUIRE(out.size() >= 1);
  CHECK(std::regex_match(out[0], std::regex(std::to_string(n) +
                                            R"( matches for "Camp David ceasefire" \([0-9.]+ ms\); showing 1-)" +
                                            std::to_string(n))));
  CHECK(r.out.find("**Camp**") != std::string::npos);
  CHECK(r.out.find("**David**") != std::string::npos);
  CHECK(r.out.find('\033') == std::string::npos);
  // Every hit: "N. title", "   id  score S", and the snippet line, in the JSON's order.
  for (std::size_t i = 0; i < n; ++i) {
    const auto& h = j.at("hits")[i];
    const std::string block = std::string("\n")
                                  .append(std::to_string(i + 1))
                                  .append(". ")
                                  .append(h.at("title").get<std::string>())
                                  .append("\n   ")
                                  .append(h.at("id").get<std::string>())
                                  .append("  score ");
    CHECK(r.out.find(block) != std::string::npos);
  }
  CHECK(r.out.find("US - Taliban: Fragile peace!") != std::string::npos);
  CHECK(r.out.find("The Taliban's Recent Kabul Attack Inadvertently Tanked the Afghan Peace Talks") != std::string::npos);

  SECTION("--color always uses ANSI bold") {
    const auto c = ptsearch({"Camp David ceasefire", "--index", idx.string(), "--color", "always"});
    REQUIRE(c.status == 0);
    CHECK(c.out.find("\033[1mCamp\033[0m") != std::string::npos);
    CHECK(c.out.find("**Camp**") == std::string::npos);
  }
  SECTION("--color auto on a pipe is plain") {
    const auto c = ptsearch({"Camp David ceasefire", "--index", idx.string()});
    REQUIRE(c.status == 0);
    CHECK(c.out.find('\033') == std::string::npos);
    CHECK(c.out.find("**Camp**") != std::string::npos);
  }
  SECTION("no matches: exit 0 and says so") {
    const auto c = ptsearch({"xylophonequux", "--index", idx.string(), "--color", "never"});
    CHECK(c.status == 0);
    CHECK(std::regex_match(lines(c.out).at(0), std::regex(R"(0 matches for "xylophonequux" \([0-9.]+ ms\))")));
    const json none = search_json(idx, "xylophonequux");
    CHECK(none.at("hits").empty());
    CHECK(none.at("total").at("estimate") == 0);
  }
}

TEST_CASE("default index location and PTSEARCH_INDEX", "[cli][sample][paths]") {
  TempDir t;
  RunOptions here;
  here.cwd = t.path();

  const auto b = ptindex({"build", kSampleCorpus.string()}, here);
  REQUIRE(b.status == 0);
  CHECK(lines(b.out).at(0) == "indexed " + kSampleCorpus.string() + " into .ptsearch-index");
  REQUIRE(fs::is_directory(t / ".ptsearch-index"));
  CHECK(doc_count(t / ".ptsearch-index") == 5u);

  const auto s = ptsearch({"--json", "Camp David"}, here);
  REQUIRE(s.status == 0);
  CHECK(json::parse(s.out).at("hits").size() >= 2);

  SECTION("PTSEARCH_INDEX overrides the default for ptsearch") {
    RunOptions env = here;
    env.env = {{"PTSEARCH_INDEX", (t / "elsewhere").string()}};
    const auto r = ptsearch({"Camp David"}, env);
    CHECK(r.status == 1);
    CHECK(is_one_line(r.err, "ptsearch: "));
    CHECK(r.err.find((t / "elsewhere").string()) != std::string::npos);
    CHECK(r.out.empty());
    // --index beats the variable.
    const auto r2 = ptsearch({"--index", ".ptsearch-index", "Camp David"}, env);
    CHECK(r2.status == 0);
  }
  SECTION("PTSEARCH_INDEX overrides the default for ptindex") {
    RunOptions env = here;
    env.env = {{"PTSEARCH_INDEX", (t / "envidx").string()}};
    const auto before = snapshot(t / ".ptsearch-index");
    const auto r = ptindex({"build", kSampleCorpus.string()}, env);
    REQUIRE(r.status == 0);
    CHECK(lines(r.out).at(0) == "indexed " + kSampleCorpus.string() + " into " + (t / "envidx").string());
    CHECK(parse_summary(r.out) == Summary{5, 5, 0, 0, 0, 0});
    CHECK(doc_count(t / "envidx") == 5u);
    CHECK(snapshot(t / ".ptsearch-index") == before);
    const auto s2 = ptsearch({"--json", "Camp David"}, env);
    REQUIRE(s2.status == 0);
    CHECK(json::parse(s2.out).at("hits").size() >= 2);
  }
  SECTION("an empty PTSEARCH_INDEX means the default") {
    RunOptions env = here;
    env.env = {{"PTSEARCH_INDEX", ""}};
    CHECK(ptsearch({"Camp David"}, env).status == 0);
  }
}

TEST_CASE("index inside the corpus folder is not indexed itself", "[cli][sample][paths]") {
  TempDir t;
  copy_sample_corpus(t / "corpus");
  RunOptions here;
  here.cwd = t / "corpus";
  const auto r = ptindex({"build", "."}, here);
  REQUIRE(r.status == 0);
  CHECK(parse_summary(r.out) == Summary{5, 5, 0, 0, 0, 0});
  const auto again = ptindex({"build", "."}, here);
  REQUIRE(again.status == 0);
  CHECK(parse_summary(again.out) == Summary{5, 0, 0, 5, 0, 0});
  CHECK(again.err.empty());
}

TEST_CASE("pagination: --offset and -n give consistent ranks", "[cli][sample][pagination]") {
  TempDir t;
  const auto idx = build_sample(t);
  const std::string q = "Taliban peace talks";
  const json full = search_json(idx, q, 10);
  const auto& all = full.at("hits");
  REQUIRE(all.size() == 5);

  const json page = search_json(idx, q, 2, {"--offset", "1"});
  CHECK(page.at("offset") == 1);
  CHECK(page.at("limit") == 2);
  CHECK(page.at("total") == full.at("total"));
  REQUIRE(page.at("hits").size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& h = page.at("hits")[i];
    const auto& f = all[i + 1];
    CHECK(h.at("rank") == i + 2);
    CHECK(h.at("id") == f.at("id"));
    CHECK(h.at("score") == f.at("score"));
    CHECK(h.at("title") == f.at("title"));
  }

  SECTION("every page of 1 matches the full list") {
    for (std::size_t k = 0; k < 5; ++k) {
      const json one = search_json(idx, q, 1, {"--offset", std::to_string(k)});
      REQUIRE(one.at("hits").size() == 1);
      CHECK(one.at("hits")[0].at("rank") == k + 1);
      CHECK(one.at("hits")[0].at("id") == all[k].at("id"));
    }
  }
  SECTION("past the end: no hits, exit 0, same total") {
    const json end = search_json(idx, q, 10, {"--offset", "5"});
    CHECK(end.at("hits").empty());
    CHECK(end.at("total").at("estimate") == 5);
    const json last = search_json(idx, q, 10, {"--offset", "4"});
    REQUIRE(last.at("hits").size() == 1);
    CHECK(last.at("hits")[0].at("rank") == 5);
  }
  SECTION("-n 0 gives the total only") {
    const json zero = search_json(idx, q, 0);
    CHECK(zero.at("hits").empty());
    CHECK(zero.at("total").at("estimate") == 5);
  }
  SECTION("text mode says which ranks it shows") {
    const auto r = ptsearch({"--index", idx.string(), "--color", "never", "--offset", "1", "-n", "2", q});
    REQUIRE(r.status == 0);
    CHECK(std::regex_match(lines(r.out).at(0),
                           std::regex(R"(5 matches for "Taliban peace talks" \([0-9.]+ ms\); showing 2-3)")));
    for (std::size_t k : {1u, 2u}) {
      const std::string heading =
          std::string("\n").append(std::to_string(k + 1)).append(". ").append(all[k].at("title").get<std::string>()).append("\n");
      CHECK(r.out.find(heading) != std::string::npos);
    }
    CHECK(r.out.find("\n1. ") == std::string::npos);
    CHECK(r.out.find("\n4. ") == std::string::npos);
  }
}
