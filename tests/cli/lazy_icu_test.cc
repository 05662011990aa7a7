// End-to-end: ptsearch loads ICU (libicuuc) only when a query or a snippet has text beyond ASCII, simple Latin, Greek and Cyrillic letters and news punctuation.
#include <catch2/catch.hpp>

#include "cli_support.h"

using namespace cli;

namespace {

// glibc's loader names every library it loads on stderr under LD_DEBUG=files ("file=libicuuc.so.72").
bool loads_icu(const RunResult& r) { return r.err.find("file=libicuuc.so") != std::string::npos; }

RunResult traced_search(const fs::path& idx, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"--index", idx.string(), "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  options.env.emplace_back("LD_DEBUG", "files");
  return ptsearch(argv, options);
}

}  // namespace

TEST_CASE("ICU is loaded only for text beyond ASCII, letters that fold alone and news punctuation", "[cli][start-up]") {
  TempDir t;
  fs::create_directories(t / "corpus");
  write_file(t / "corpus" / "ascii.txt", "Ceasefire talks at Camp David\n\nNegotiators met for a ceasefire on Monday.\n");
  write_file(t / "corpus" / "accents.txt", "Talks in Zürich\n\nThe Zürich round of talks ended on Tuesday.\n");
  write_file(t / "corpus" / "cyrillic.txt", "Talks in Moscow\n\nThe Москва round of talks ended on Friday.\n");
  write_file(t / "corpus" / "mixed.txt", "Talks in Tokyo\n\nThe 東京 round of talks, with Straße and ß, ended on Sunday.\n");
  write_file(t / "corpus" / "prices.txt",
             "Brent in London\n\nBrent crude cost £52 (€61, ¥7,400) on Wednesday • up 2° – “firm” © Reuters ®.\n");
  write_file(t / "corpus" / "scripts.txt",
             "Talks in Seoul\n\nThe \xEC\x84\x9C\xEC\x9A\xB8 (\xE9\xA6\x96\xE5\xB0\x94) round, with "
             "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D and \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7, ended on Saturday.\n");
  const fs::path idx = t / "idx";
  build(t / "corpus", idx);

  struct Case {
    std::vector<std::string> args;
    bool icu;
    std::size_t hits;
  };
  // An ASCII query whose hits' snippets are ASCII never needs ICU, nor do words whose Latin, Greek
  // or Cyrillic letters fold alone ("Zürich", "Москва": letter_fold.h), nor the currency signs,
  // bullets and marks a run splits at (analyzer.cc, kSeparators); other non-ASCII text (CJK, ß,
  // which folds to two letters) does, in the query or in a snippet, unless the snippet looks for
  // ASCII words only and the text has no ASCII letter or digit and nothing that folds to ASCII
  // (Hangul, CJK, Hebrew, Arabic: snippet.cc, never_folds_to_ascii). --no-snippets leaves only
  // the query to analyse.
  const std::vector<Case> cases = {
      {{"ceasefire"}, false, 1},
      {{"negotiators", "--facets"}, false, 1},
      {{"talks", "--no-snippets"}, false, 5},
      {{"zürich"}, false, 1},
      {{"tuesday"}, false, 1},
      {{"wednesday"}, false, 1},
      {{"brent", "crude"}, false, 1},
      {{"friday"}, false, 1},
      {{"москва"}, false, 1},
      {{"МОСКВА"}, false, 1},
      {{"sunday"}, true, 1},
      {{"saturday"}, false, 1},
      {{"seoul"}, false, 1},
      {{"straße"}, true, 1},
      {{"tokyo", "--no-snippets"}, false, 1},
      {{"東京", "--no-snippets"}, true, 1},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    const RunResult r = traced_search(idx, c.args);
    REQUIRE(r.status == 0);
    CHECK(loads_icu(r) == c.icu);
    const auto json = nlohmann::json::parse(r.out);
    CHECK(hit_ids(json).size() == c.hits);
  }
  // A query with an accent in capitals finds what it names, folded without ICU.
  const RunResult capitals = traced_search(idx, {"ZÜRICH"});
  CHECK_FALSE(loads_icu(capitals));
  const auto accented = hit_ids(nlohmann::json::parse(capitals.out));
  REQUIRE(accented.size() == 1);
  CHECK(accented[0].find("accents") != std::string::npos);
  // The snippet next to Hangul, CJK, Hebrew and Arabic words still shows and marks the match.
  const auto saturday = nlohmann::json::parse(traced_search(idx, {"saturday"}).out);
  REQUIRE(saturday["hits"].size() == 1);
  const std::string text = saturday["hits"][0]["snippet"]["text"];
  const auto& marks = saturday["hits"][0]["snippet"]["highlights"];
  REQUIRE(marks.size() == 1);
  CHECK(text.substr(marks[0][0].get<std::size_t>(), marks[0][1].get<std::size_t>()) == "Saturday");
  CHECK(text.find("\xEC\x84\x9C\xEC\x9A\xB8") != std::string::npos);
}
