// End-to-end: JSONL corpora (.jsonl, .jsonl.zst) with ptindex/ptsearch: ids, metadata, bad lines, repeats, --field, incremental builds, --threads.
#include <catch2/catch.hpp>

#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli_support.h"

using namespace cli;
using nlohmann::json;

namespace {

// One zstd frame of `text`.
std::string zstd_compress(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

const std::vector<std::string> kFeedLines = {
    R"({"id": "j1", "title": "Quokka report", "body": "The quokka smiled near the harbour.", "source": "Alpha Wire", "date": "2019-09-09", "authors": ["Ann Lee"]})",
    R"({"id": "j2", "title": "Wombat digest", "body": "A wombat dug a burrow by the river.", "source": "Bravo Post", "date": "2019-10-01"})",
    R"({"_id": "j3", "title": "Platypus notes", "text": "The platypus swam at dawn.", "source": "Alpha Wire", "date": "2020-01-15"})",
    R"({"id": 4, "title": "Echidna brief", "body": "An echidna crossed the road.", "date": "26-FEB-1987 15:01:01.79"})",
};

const std::vector<std::string> kZstLines = {
    R"({"id": "z1", "title": "Dingo sighting", "body": "A dingo howled at the moon.", "source": "Charlie Times", "date": "2021-03"})",
    R"({"id": "z2", "body": "The kookaburra laughed loudly."})",
    R"({"id": "z3", "title": "Bilby update", "body": "Bilby numbers are rising.", "source": "Bravo Post"})",
};

// a.txt, b.md, feed.jsonl (4 records) and sub/more.jsonl.zst (3 records): 9 documents in 4 files.
fs::path make_mixed_corpus(const TempDir& t) {
  const auto c = t / "corpus";
  fs::create_directories(c / "sub");
  write_file(c / "a.txt", "Numbat story\nThe numbat ate termites all day.\n");
  write_file(c / "b.md", "# Wallaby news\n\nA wallaby hopped away from the fence.\n");
  write_file(c / "feed.jsonl", join_lines(kFeedLines));
  write_file(c / "sub" / "more.jsonl.zst", zstd_compress(join_lines(kZstLines)));
  return c;
}

// The word of each document of the mixed corpus that no other document has.
const std::map<std::string, std::string> kUniqueWord = {
    {"numbat", "a.txt"}, {"wallaby", "b.md"}, {"quokka", "j1"},     {"wombat", "j2"},  {"platypus", "j3"},
    {"echidna", "4"},    {"dingo", "z1"},     {"kookaburra", "z2"}, {"bilby", "z3"},
};

// A summary as "N files: A added, ..." (so that a failing check shows it); "none" when missing.
std::string shown(const Summary& s) { return to_string(s); }
std::string shown(const std::optional<Summary>& s) { return s ? to_string(*s) : "none"; }

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

json doc(const fs::path& idx, const std::string& id) {
  const auto r = ptsearch({"--index", idx.string(), "--json", "--doc", id});
  INFO("doc " << id << ": " << r.err);
  REQUIRE(r.status == 0);
  return json::parse(r.out).at("document");
}

// Every regular file of an index folder with its bytes and modification time (in ns). Xapian's
// empty flintlock is left out: every writable open of a database touches it.
std::map<std::string, std::pair<std::string, long long>> files_and_mtimes(const fs::path& dir) {
  std::map<std::string, std::pair<std::string, long long>> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().filename() == "flintlock") continue;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(e.last_write_time().time_since_epoch());
    out[fs::relative(e.path(), dir).string()] = {read_file(e.path()), static_cast<long long>(ns.count())};
  }
  return out;
}

// Lines of stderr that contain `needle`.
std::vector<std::string> lines_with(const std::string& err, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& l : lines(err))
    if (l.find(needle) != std::string::npos) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("jsonl: text files, a .jsonl and a .jsonl.zst in one corpus, all searchable by id", "[cli][jsonl]") {
  TempDir t;
  const auto corpus = make_mixed_corpus(t);
  const auto idx = t / "idx";
  CHECK(shown(build(corpus, idx)) == to_string(Summary{4, 9, 0, 0, 0, 0}));
  CHECK(doc_count(idx) == 9u);
  for (const auto& [word, id] : kUniqueWord) {
    INFO(word);
    CHECK(search_ids(idx, word) == std::vector<std::string>{id});
  }
  // Titles from the title field; a record without one has no title.
  const auto j1 = search_json(idx, "quokka").at("hits").at(0);
  CHECK(j1.at("title") == "Quokka report");
  CHECK(doc(idx, "z2").at("body").get<std::string>().find("kookaburra") != std::string::npos);
  // All nine when browsing.
  CHECK(sorted(hit_ids(search_all_hits(idx, {"--", ""}))) ==
        std::vector<std::string>{"4", "a.txt", "b.md", "j1", "j2", "j3", "z1", "z2", "z3"});
}

TEST_CASE("jsonl: source, date and author fields work as filters and facets", "[cli][jsonl]") {
  TempDir t;
  const auto corpus = make_mixed_corpus(t);
  const auto idx = t / "idx";
  REQUIRE(shown(build(corpus, idx)) == to_string(Summary{4, 9, 0, 0, 0, 0}));

  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> ids;
  };
  const std::vector<Case> cases = {
      {{"--source", "Alpha Wire"}, {"j1", "j3"}},
      {{"--source", "bravo-post"}, {"j2", "z3"}},
      {{"--source", "Charlie Times"}, {"z1"}},
      {{"--source", "Nobody"}, {}},
      {{"--year", "2019"}, {"j1", "j2"}},
      {{"--year", "1987"}, {"4"}},
      {{"--month", "2021-03"}, {"z1"}},
      {{"--from", "2019-10", "--to", "2020-12-31"}, {"j2", "j3"}},
      {{"--author", "Ann Lee"}, {"j1"}},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = c.args;
    args.insert(args.end(), {"--", ""});
    INFO(args.front() << " " << args[1]);
    CHECK(sorted(hit_ids(search_all_hits(idx, args))) == c.ids);
  }
  // Words and a filter together.
  CHECK(hit_ids(search_all_hits(idx, {"--source", "Alpha Wire", "--", "platypus OR wombat"})) == std::vector<std::string>{"j3"});

  const auto all = search_all_hits(idx, {"--facets", "--facet-size", "100", "--", ""});
  const auto values = [&](const std::string& name) {
    std::map<std::string, std::uint64_t> out;
    for (const auto& v : all.at("facets").at(name).at("values")) out[v.at("value")] = v.at("count");
    return out;
  };
  CHECK(values("source") ==
        std::map<std::string, std::uint64_t>{{"alpha-wire", 2}, {"bravo-post", 2}, {"charlie-times", 1}});
  CHECK(values("year") == std::map<std::string, std::uint64_t>{{"1987", 1}, {"2019", 2}, {"2020", 1}, {"2021", 1}});
  CHECK(values("month") == std::map<std::string, std::uint64_t>{
                               {"1987-02", 1}, {"2019-09", 1}, {"2019-10", 1}, {"2020-01", 1}, {"2021-03", 1}});

  // --doc tells where each field came from.
  const auto d = doc(idx, "j1");
  CHECK(d.at("source").at("name") == "Alpha Wire");
  CHECK(d.at("source").at("how") == "jsonl");
  CHECK(d.at("date").at("iso") == "2019-09-09");
  CHECK(d.at("date").at("how") == "jsonl");
  CHECK(d.at("authors").at(0).at("name") == "Ann Lee");
  CHECK(d.at("authors").at(0).at("how") == "jsonl");
  CHECK(doc(idx, "4").at("date").at("iso") == "1987-02-26");
  CHECK(doc(idx, "z1").at("date").at("iso") == "2021-03");
  CHECK(doc(idx, "z1").at("date").at("precision") == "month");
}

TEST_CASE("jsonl: a bad line is skipped with its line number, the rest indexed; --strict exits 3", "[cli][jsonl]") {
  TempDir t;
  const auto corpus = t / "corpus";
  fs::create_directories(corpus);
  const auto file = corpus / "news.jsonl";
  write_file(file, join_lines({
                       R"({"id": "g1", "body": "First good line about a quokka."})",
                       R"(this is not json)",
                       R"({"id": "g3", "body": "Third line about a wombat."})",
                       R"({"id": "g4"})",
                       "",
                       R"({"id": "g6", "body": "Sixth line about a platypus.", "date": "2019-13-45"})",
                       R"(["an", "array"])",
                   }));
  const auto idx = t / "idx";
  for (const bool strict : {false, true}) {
    INFO((strict ? "--strict" : "lenient"));
    std::vector<std::string> extra;
    if (strict) extra = {"--strict", "--rebuild"};
    const auto r = run_build(corpus, idx, extra);
    CHECK(r.status == (strict ? 3 : 0));
    CHECK(shown(parse_summary(r.out)) == to_string(Summary{1, 3, 0, 0, 0, 3}));
    const std::string where = file.string() + ":";
    CHECK(lines_with(r.err, where + "2: invalid JSON: ").size() == 1);
    CHECK(lines_with(r.err, where + "4: neither title nor body").size() == 1);
    CHECK(lines_with(r.err, where + "7: expected a JSON object, got array").size() == 1);
    CHECK(lines_with(r.err, where + "6: warning: date: impossible or unrecognised date '2019-13-45'").size() == 1);
    CHECK(lines_with(r.err, where).size() == 4);  // nothing about the good or blank lines
    if (strict) CHECK(lines(r.err).back() == "ptindex: 3 file(s) skipped (--strict)");
    CHECK(r.out.find("1 warning(s)") != std::string::npos);

    CHECK(doc_count(idx) == 3u);
    CHECK(search_ids(idx, "quokka") == std::vector<std::string>{"g1"});
    CHECK(search_ids(idx, "wombat") == std::vector<std::string>{"g3"});
    CHECK(search_ids(idx, "platypus") == std::vector<std::string>{"g6"});
    CHECK(doc(idx, "g6").at("date").is_null());
  }

  SECTION("fixing the bad line adds its record") {
    std::string text = read_file(file);
    text.replace(text.find("this is not json"), 16, R"({"id": "g2", "body": "Second line about a dingo."})");
    write_file(file, text);
    const auto r = run_build(corpus, idx);
    CHECK(r.status == 0);
    CHECK(shown(parse_summary(r.out)) == to_string(Summary{1, 1, 0, 3, 0, 2}));
    CHECK(search_ids(idx, "dingo") == std::vector<std::string>{"g2"});
  }
}

TEST_CASE("jsonl: a truncated .jsonl.zst is skipped; lines before the cut are indexed, older records kept", "[cli][jsonl]") {
  TempDir t;
  const auto corpus = t / "corpus";
  fs::create_directories(corpus);
  const auto file = corpus / "cut.jsonl.zst";
  std::string first, second;
  for (int i = 0; i < 3; ++i) first += R"({"id": "a)" + std::to_string(i) + R"(", "body": "An early kangaroo."})" "\n";
  for (int i = 0; i < 2000; ++i) second += R"({"id": "b)" + std::to_string(i) + R"(", "body": "A later emu record."})" "\n";
  const std::string whole = zstd_compress(first) + zstd_compress(second);
  const std::string cut = zstd_compress(first) + zstd_compress(second).substr(0, 200);

  SECTION("a fresh build indexes the complete frame") {
    write_file(file, cut);
    const auto idx = t / "idx";
    for (const bool strict : {false, true}) {
      const auto r = run_build(corpus, idx, strict ? std::vector<std::string>{"--strict"} : std::vector<std::string>{});
      CHECK(r.status == (strict ? 3 : 0));
      const auto problem = lines_with(r.err, "truncated zstd data (the file ends inside a frame)");
      REQUIRE(problem.size() == 1);
      CHECK(problem[0].rfind(file.string() + ": ", 0) == 0);
      CHECK(parse_summary(r.out).value_or(Summary{}).skipped == 1);
    }
    CHECK(doc_count(idx) == 3u);
    CHECK(search_json(idx, "kangaroo").at("total").at("estimate") == 3);
  }

  SECTION("the records of an earlier complete read stay") {
    write_file(file, whole);
    const auto idx = t / "idx";
    REQUIRE(shown(build(corpus, idx)) == to_string(Summary{1, 2003, 0, 0, 0, 0}));
    write_file(file, cut);
    const auto r = run_build(corpus, idx);
    CHECK(r.status == 0);
    CHECK(lines_with(r.err, "truncated zstd data").size() == 1);
    CHECK(doc_count(idx) == 2003u);
    CHECK(search_json(idx, "emu", 10).at("total").at("estimate") == 2000);
    // Whole again: nothing changed in the index.
    write_file(file, whole);
    CHECK(shown(build(corpus, idx)) == to_string(Summary{1, 0, 0, 2003, 0, 0}));
  }
}

TEST_CASE("jsonl: a repeated id is a warning and the later record wins", "[cli][jsonl]") {
  TempDir t;
  const auto corpus = t / "corpus";
  fs::create_directories(corpus);
  const auto file = corpus / "dup.jsonl";
  write_file(file, join_lines({
                       R"({"id": "dup", "body": "The firstversion of the story."})",
                       R"({"id": "other", "body": "An unrelated wombat."})",
                       R"({"id": "dup", "body": "The secondversion of the story."})",
                   }));
  const auto idx = t / "idx";
  const auto r = run_build(corpus, idx);
  REQUIRE(r.status == 0);
  CHECK(lines(r.err) == std::vector<std::string>{file.string() + ":3: warning: id 'dup' repeats " + file.string() +
                                                 ":1; the later record wins"});
  const auto s = parse_summary(r.out);
  REQUIRE(s);
  CHECK(s->skipped == 0);
  CHECK(doc_count(idx) == 2u);
  CHECK(search_ids(idx, "secondversion") == std::vector<std::string>{"dup"});
  CHECK(search_ids(idx, "firstversion").empty());
  CHECK(doc(idx, "dup").at("body").get<std::string>().find("secondversion") != std::string::npos);

  SECTION("an id repeated in another file: the later file in corpus order wins") {
    write_file(corpus / "zz.jsonl", R"({"id": "dup", "body": "The thirdversion from another file."})" "\n");
    const auto fresh = t / "idx-fresh";
    const auto again = run_build(corpus, fresh);
    REQUIRE(again.status == 0);
    CHECK(lines_with(again.err, (corpus / "zz.jsonl").string() + ":1: warning: id 'dup' repeats " + file.string() +
                                    ":3; the later record wins")
              .size() == 1);
    CHECK(doc_count(fresh) == 2u);
    CHECK(search_ids(fresh, "thirdversion") == std::vector<std::string>{"dup"});
    CHECK(search_ids(fresh, "secondversion").empty());
    CHECK(search_ids(fresh, "firstversion").empty());
  }
}

TEST_CASE("jsonl: --field maps fields to other keys; a bad mapping is one line on stderr", "[cli][jsonl]") {
  TempDir t;
  const auto corpus = t / "corpus";
  fs::create_directories(corpus);
  write_file(corpus / "mapped.jsonl",
             join_lines({
                 R"({"newid": "m1", "id": "wrong1", "content": "The cassowary ran fast.", "body": "old body emu"})",
                 R"({"newid": 2, "content": "A lyrebird sang.", "outlet": "Delta Daily"})",
             }));
  const auto idx = t / "idx";
  CHECK(shown(build(corpus, idx, {"--field", "id=newid", "--field", "body=content", "--field", "source=outlet"})) ==
        to_string(Summary{1, 2, 0, 0, 0, 0}));
  CHECK(search_ids(idx, "cassowary") == std::vector<std::string>{"m1"});
  CHECK(search_ids(idx, "lyrebird") == std::vector<std::string>{"2"});
  CHECK(search_ids(idx, "emu").empty());
  CHECK(hit_ids(search_all_hits(idx, {"--source", "Delta Daily", "--", ""})) == std::vector<std::string>{"2"});

  SECTION("the default keys read the same file differently") {
    const auto other = t / "idx-default";
    const auto r = run_build(corpus, other);
    CHECK(r.status == 0);
    CHECK(shown(parse_summary(r.out)) == to_string(Summary{1, 1, 0, 0, 0, 1}));
    CHECK(search_ids(other, "emu") == std::vector<std::string>{"wrong1"});
    CHECK(lines_with(r.err, "mapped.jsonl:2: no id").size() == 1);
  }

  SECTION("bad mappings") {
    for (const std::string bad : {"nope=x", "body", "=content", "body="}) {
      INFO(bad);
      const auto fresh = t / ("idx-" + std::to_string(std::hash<std::string>{}(bad)));
      const auto r = run_build(corpus, fresh, {"--field", bad});
      CHECK(r.status != 0);
      CHECK(is_one_line(r.err, "ptindex: "));
      const bool names_it = r.err.find("'" + bad + "'") != std::string::npos ||
                            r.err.find("'" + bad.substr(0, bad.find('=')) + "'") != std::string::npos;
      CHECK(names_it);
      CHECK(r.out.empty());
      CHECK_FALSE(fs::exists(fresh));
    }
    const auto r = run_build(corpus, t / "idx-nope", {"--field", "nope=x"});
    CHECK(r.err.find("id, title, body, source, date, authors, url") != std::string::npos);
  }
}

TEST_CASE("jsonl: incremental builds skip unchanged files and rewrite only changed lines", "[cli][jsonl][incremental]") {
  TempDir t;
  const auto corpus = make_mixed_corpus(t);
  const auto idx = t / "idx";
  REQUIRE(shown(build(corpus, idx)) == to_string(Summary{4, 9, 0, 0, 0, 0}));

  SECTION("an unchanged corpus: all unchanged, index files byte-identical and untouched") {
    const auto before = files_and_mtimes(idx);
    const auto r = run_build(corpus, idx);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    CHECK(shown(parse_summary(r.out)) == to_string(Summary{4, 0, 0, 9, 0, 0}));
    CHECK(r.out.find("read 0 B") != std::string::npos);
    CHECK(files_and_mtimes(idx) == before);
  }

  SECTION("a touched but identical JSONL file: unchanged, also on the next run") {
    shift_mtime(corpus / "feed.jsonl", 3600);
    shift_mtime(corpus / "sub" / "more.jsonl.zst", 3600);
    CHECK(shown(build(corpus, idx)) == to_string(Summary{4, 0, 0, 9, 0, 0}));
    const auto before = files_and_mtimes(idx);
    const auto r = run_build(corpus, idx);
    REQUIRE(r.status == 0);
    CHECK(shown(parse_summary(r.out)) == to_string(Summary{4, 0, 0, 9, 0, 0}));
    CHECK(r.out.find("read 0 B") != std::string::npos);
    CHECK(files_and_mtimes(idx) == before);
    CHECK(search_ids(idx, "quokka") == std::vector<std::string>{"j1"});
  }

  SECTION("one edited line: exactly one update") {
    auto lines = kFeedLines;
    lines[1] = R"({"id": "j2", "title": "Wombat digest", "body": "A wombat met a bandicoot by the river.", "source": "Bravo Post", "date": "2019-10-01"})";
    write_file(corpus / "feed.jsonl", join_lines(lines));
    shift_mtime(corpus / "feed.jsonl", 10);
    CHECK(search_ids(idx, "bandicoot").empty());
    CHECK(shown(build(corpus, idx)) == to_string(Summary{4, 0, 1, 8, 0, 0}));
    CHECK(search_ids(idx, "bandicoot") == std::vector<std::string>{"j2"});
    CHECK(search_ids(idx, "quokka") == std::vector<std::string>{"j1"});
    CHECK(doc_count(idx) == 9u);
  }

  SECTION("one edited line in the .zst file: exactly one update") {
    auto lines = kZstLines;
    lines[2] = R"({"id": "z3", "title": "Bilby update", "body": "Bilby numbers are falling near the quoll colony.", "source": "Bravo Post"})";
    write_file(corpus / "sub" / "more.jsonl.zst", zstd_compress(join_lines(lines)));
    shift_mtime(corpus / "sub" / "more.jsonl.zst", 10);
    CHECK(shown(build(corpus, idx)) == to_string(Summary{4, 0, 1, 8, 0, 0}));
    CHECK(search_ids(idx, "quoll") == std::vector<std::string>{"z3"});
  }

  SECTION("a deleted line: its record is removed, the others unchanged") {
    auto lines = kFeedLines;
    lines.erase(lines.begin());  // j1: the lines after it move up
    write_file(corpus / "feed.jsonl", join_lines(lines));
    CHECK(shown(build(corpus, idx)) == to_string(Summary{4, 0, 0, 8, 1, 0}));
    CHECK(search_ids(idx, "quokka").empty());
    CHECK(search_ids(idx, "wombat") == std::vector<std::string>{"j2"});
    CHECK(doc_count(idx) == 8u);
  }

  SECTION("an added line: one added") {
    auto lines = kFeedLines;
    lines.push_back(R"({"id": "j5", "body": "A new koala record."})");
    write_file(corpus / "feed.jsonl", join_lines(lines));
    CHECK(shown(build(corpus, idx)) == to_string(Summary{4, 1, 0, 9, 0, 0}));
    CHECK(search_ids(idx, "koala") == std::vector<std::string>{"j5"});
  }

  SECTION("a deleted JSONL file: its documents are removed") {
    fs::remove(corpus / "feed.jsonl");
    CHECK(shown(build(corpus, idx)) == to_string(Summary{3, 0, 0, 5, 4, 0}));
    CHECK(doc_count(idx) == 5u);
    for (const std::string word : {"quokka", "wombat", "platypus", "echidna"}) CHECK(search_ids(idx, word).empty());
    CHECK(search_ids(idx, "dingo") == std::vector<std::string>{"z1"});
    // Back again: added again.
    write_file(corpus / "feed.jsonl", join_lines(kFeedLines));
    CHECK(shown(build(corpus, idx)) == to_string(Summary{4, 4, 0, 5, 0, 0}));
    CHECK(search_ids(idx, "quokka") == std::vector<std::string>{"j1"});
  }

  SECTION("a record moved to another file: updated, and gone with neither file") {
    auto lines = kFeedLines;
    const std::string moved = lines.back();
    lines.pop_back();
    write_file(corpus / "feed.jsonl", join_lines(lines));
    write_file(corpus / "moved.jsonl", moved + "\n");
    CHECK(shown(build(corpus, idx)) == to_string(Summary{5, 0, 1, 8, 0, 0}));
    CHECK(search_ids(idx, "echidna") == std::vector<std::string>{"4"});
    fs::remove(corpus / "moved.jsonl");
    CHECK(shown(build(corpus, idx)) == to_string(Summary{4, 0, 0, 8, 1, 0}));
    CHECK(search_ids(idx, "echidna").empty());
  }
}

namespace {

// A generated corpus of 240 JSONL records over two files and 20 text files, from a small
// vocabulary so that queries match many documents with different scores.
fs::path make_generated_corpus(const TempDir& t) {
  RandomWords words({"harbour", "river", "market", "election", "treaty", "storm",  "bridge",
                                          "festival", "court", "mine",   "railway",  "drought", "senate", "border"}, 12345);
  auto next = [&] { return words.next(); };
  auto text = [&](std::size_t n) { return words.text(n); };
  const auto c = t / "gen";
  fs::create_directories(c / "feeds");
  for (int f = 0; f < 2; ++f) {
    std::string jsonl;
    for (int i = 0; i < 120; ++i) {
      json rec = {{"id", "rec-" + std::to_string(f) + "-" + std::to_string(i)},
                  {"title", text(3)},
                  {"body", text(10 + next() % 40) + "."}};
      jsonl += rec.dump() + "\n";
    }
    write_file(c / "feeds" / ("feed" + std::to_string(f) + ".jsonl"), jsonl);
  }
  for (int i = 0; i < 20; ++i)
    write_file(c / ("doc" + std::to_string(i) + ".txt"), text(3) + "\n" + text(20 + next() % 30) + ".\n");
  return c;
}

}  // namespace

TEST_CASE("jsonl: --threads 1 and --threads 3 index the same documents", "[cli][jsonl][threads]") {
  TempDir t;
  const auto corpus = make_generated_corpus(t);
  const auto one = t / "idx1", three = t / "idx3";
  const auto s1 = build(corpus, one, {"--threads", "1"});
  const auto s3 = build(corpus, three, {"--threads", "3"});
  CHECK(shown(s1) == to_string(Summary{22, 260, 0, 0, 0, 0}));
  CHECK(shown(s3) == shown(s1));
  CHECK(doc_count(one) == 260u);
  CHECK(doc_count(three) == doc_count(one));
  for (const std::string q : {"harbour", "river treaty", "election AND storm", "bridge OR festival -court",
                              "\"senate border\"", ""}) {
    INFO(q);
    // Every hit, so no cut falls among equal scores, whose order follows document numbers: one
    // writer numbers documents in corpus order, three parallel parts merged do not.
    const auto a = search_all_hits(one, {"--", q});
    const auto b = search_all_hits(three, {"--", q});
    CHECK(a.at("total") == b.at("total"));
    CHECK_FALSE(hit_ids(a).empty());
    CHECK(comparable_answer(a) == comparable_answer(b));
  }
}

TEST_CASE("jsonl: a truncated .jsonl.zst is named once in its message", "[cli][jsonl]") {
  TempDir t;
  const auto corpus = t / "corpus";
  fs::create_directories(corpus);
  const auto file = corpus / "cut.jsonl.zst";
  std::string text;
  for (int i = 0; i < 2000; ++i) text += R"({"id": "b)" + std::to_string(i) + R"(", "body": "A later emu record."})" "\n";
  write_file(file, zstd_compress(text).substr(0, 200));
  const auto r = run_build(corpus, t / "idx");
  CHECK(r.status == 0);
  CHECK(lines(r.err) == std::vector<std::string>{file.string() +
                                                 ": truncated zstd data (the file ends inside a frame); the file's "
                                                 "other documents are kept"});
}

TEST_CASE("jsonl: an id repeated in a new file is found also when the other file is unchanged", "[cli][jsonl]") {
  TempDir t;
  const auto corpus = t / "corpus";
  fs::create_directories(corpus);
  write_file(corpus / "dup.jsonl", R"({"id": "dup", "body": "The secondversion of the story."})" "\n");
  const auto idx = t / "idx";
  REQUIRE(run_build(corpus, idx).status == 0);
  // A new file earlier in corpus order repeats the id: dup.jsonl (later) must still win, as in a fresh build.
  write_file(corpus / "aa.jsonl", R"({"id": "dup", "body": "The earlyversion of the story."})" "\n");
  const auto r = run_build(corpus, idx);
  REQUIRE(r.status == 0);
  CHECK(lines_with(r.err, "warning: id 'dup' repeats").size() == 1);
  const auto fresh = t / "fresh";
  REQUIRE(run_build(corpus, fresh).status == 0);
  CHECK(search_ids(fresh, "secondversion") == std::vector<std::string>{"dup"});
  CHECK(search_ids(idx, "secondversion") == search_ids(fresh, "secondversion"));
  CHECK(search_ids(idx, "earlyversion") == search_ids(fresh, "earlyversion"));
}
