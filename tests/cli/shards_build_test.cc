// End-to-end: ptindex build --shards N (XAPIANDB stub + shard-K folders): same results as one database, spread, incremental updates, changing the count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cli_support.h"

using namespace cli;
using nlohmann::json;

namespace {

// 150 JSONL records in one file and 30 text files (two in a subfolder), from a small vocabulary
// so that queries match many documents with different scores.
fs::path make_corpus(const TempDir& t) {
  RandomWords words({"harbour", "river",   "market", "election", "treaty",  "storm",
                                          "bridge",  "festival", "court", "mine",     "railway", "drought"}, 987654321);
  auto next = [&] { return words.next(); };
  auto text = [&](std::size_t n) { return words.text(n); };
  const auto c = t / "corpus";
  fs::create_directories(c / "sub");
  std::string jsonl;
  const std::vector<std::string> sources = {"Alpha Wire", "Bravo Post", "Charlie Times"};
  for (int i = 0; i < 150; ++i) {
    json rec = {{"id", "r" + std::to_string(i)},
                {"title", text(3)},
                {"body", text(10 + next() % 40) + "."},
                {"source", sources[next() % sources.size()]},
                {"date", "2019-0" + std::to_string(1 + next() % 9) + "-1" + std::to_string(next() % 9)}};
    jsonl += rec.dump() + "\n";
  }
  write_file(c / "records.jsonl", jsonl);
  for (int i = 0; i < 30; ++i) {
    const fs::path dir = i < 2 ? c / "sub" : c;
    write_file(dir / ("doc" + std::to_string(i) + ".txt"), text(3) + "\n" + text(20 + next() % 30) + ".\n");
  }
  return c;
}

constexpr unsigned kDocs = 180;
constexpr long kFiles = 31;

// A summary as "N files: A added, ..." (so that a failing check shows it).
std::string shown(const Summary& s) { return to_string(s); }

// (score, id) of every hit, scores rounded to 1e-6, sorted: equal for equal result sets.
std::vector<std::pair<long long, std::string>> scored(const json& result) {
  std::vector<std::pair<long long, std::string>> out;
  for (const auto& h : result.at("hits"))
    out.emplace_back(std::llround(h.at("score").get<double>() * 1e6), h.at("id").get<std::string>());
  std::sort(out.begin(), out.end());
  return out;
}

// The shard-N folders of a sharded index, in name order.
std::vector<std::string> shard_folders(const fs::path& idx) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(idx))
    if (e.is_directory() && e.path().filename().string().starts_with("shard-")) out.push_back(e.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

const std::vector<std::string> kQueries = {"harbour",          "river treaty",     "election AND storm",
                                           "bridge OR festival", "\"court mine\"",   "railway -drought",
                                           "source:alpha-wire market", ""};

// The sharded index gives the same totals and the same scored hits as the plain one.
void check_same_results(const fs::path& plain, const fs::path& sharded) {
  for (const auto& q : kQueries) {
    INFO("query: " << q);
    const auto a = search_all_hits(plain, {"--", q});
    const auto b = search_all_hits(sharded, {"--", q});
    CHECK(a.at("total") == b.at("total"));
    CHECK_FALSE(a.at("hits").empty());
    CHECK(scored(a) == scored(b));
    // The ranks agree wherever scores differ (ties may come in another order).
    const auto& ha = a.at("hits");
    const auto& hb = b.at("hits");
    REQUIRE(ha.size() == hb.size());
    for (std::size_t i = 0; i < ha.size(); ++i)
      CHECK(std::llround(ha[i].at("score").get<double>() * 1e6) == std::llround(hb[i].at("score").get<double>() * 1e6));
  }
  const auto fa = search_all_hits(plain, {"--facets", "--", ""}).at("facets");
  const auto fb = search_all_hits(sharded, {"--facets", "--", ""}).at("facets");
  CHECK(fa.at("source") == fb.at("source"));
  CHECK(fa.at("month") == fb.at("month"));
}

}  // namespace

TEST_CASE("shards: --shards 3 writes a stub and three shards that search like one database", "[cli][shards]") {
  TempDir t;
  const auto corpus = make_corpus(t);
  const auto plain = t / "plain", sharded = t / "sharded";
  REQUIRE(shown(build(corpus, plain)) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
  REQUIRE(shown(build(corpus, sharded, {"--shards", "3"})) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));

  CHECK(fs::is_regular_file(sharded / "XAPIANDB"));
  CHECK(shard_folders(sharded) == std::vector<std::string>{"shard-0", "shard-1", "shard-2"});
  CHECK_FALSE(fs::exists(sharded / "iamglass"));
  const std::string stub = read_file(sharded / "XAPIANDB");
  for (const std::string shard : {"auto shard-0\n", "auto shard-1\n", "auto shard-2\n"})
    CHECK(stub.find(shard) != std::string::npos);

  // Every document in exactly one shard, and more than one shard holds some.
  unsigned total = 0, used = 0;
  for (const auto& s : shard_folders(sharded)) {
    const auto n = doc_count(sharded / s);
    REQUIRE(n);
    total += *n;
    used += *n > 0;
    CHECK(*n < kDocs);
  }
  CHECK(total == kDocs);
  CHECK(used >= 2);
  CHECK(doc_count(sharded) == kDocs);  // through the stub

  // Every shard holds both record dictionaries, the same ones (a stub reads the first shard's
  // metadata only, so each must hold what any shard's records name).
  const std::string head_id = get_index_metadata(sharded / "shard-0", "ptsearch.record_head_dictionary");
  const std::string body_id = get_index_metadata(sharded / "shard-0", "ptsearch.record_dictionary");
  CHECK(head_id.size() == 8);
  CHECK(body_id.size() == 8);
  CHECK(head_id != body_id);
  for (const auto& s : shard_folders(sharded)) {
    INFO(s);
    CHECK(get_index_metadata(sharded / s, "ptsearch.record_head_dictionary") == head_id);
    CHECK(get_index_metadata(sharded / s, "ptsearch.record_dictionary") == body_id);
    CHECK(get_index_metadata(sharded / s, "ptsearch.record_dictionary." + head_id).size() > 100);
    CHECK(get_index_metadata(sharded / s, "ptsearch.record_dictionary." + body_id).size() > 100);
  }

  check_same_results(plain, sharded);
  // Fetching single documents works whichever shard holds them.
  for (const std::string id : {"r0", "r77", "r149", "doc5.txt", "sub/doc1.txt"}) {
    INFO(id);
    const auto r = ptsearch({"--index", sharded.string(), "--json", "--doc", id});
    CHECK(r.status == 0);
    CHECK(json::parse(r.out).at("document").at("id") == id);
  }
}

TEST_CASE("shards: incremental builds of a sharded index", "[cli][shards]") {
  TempDir t;
  const auto corpus = make_corpus(t);
  const auto idx = t / "idx";
  REQUIRE(shown(build(corpus, idx, {"--shards", "3"})) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));

  SECTION("unchanged: nothing to do, shards untouched") {
    const auto before = snapshot(idx);
    CHECK(shown(build(corpus, idx)) == to_string(Summary{kFiles, 0, 0, kDocs, 0, 0}));
    CHECK(shown(build(corpus, idx, {"--shards", "3"})) == to_string(Summary{kFiles, 0, 0, kDocs, 0, 0}));
    CHECK(snapshot(idx) == before);
  }

  SECTION("an edited text file and an edited record: one update each, without --shards") {
    write_file(corpus / "doc7.txt", "Edited\nThe zanzibarquokka arrived.\n");
    CHECK(shown(build(corpus, idx)) == to_string(Summary{kFiles, 0, 1, kDocs - 1, 0, 0}));
    CHECK(search_ids(idx, "zanzibarquokka") == std::vector<std::string>{"doc7.txt"});
    CHECK(shard_folders(idx) == std::vector<std::string>{"shard-0", "shard-1", "shard-2"});

    // Rewrite record r41's line.
    std::vector<std::string> ls = lines(read_file(corpus / "records.jsonl"));
    bool edited = false;
    for (auto& l : ls)
      if (json::parse(l).at("id") == "r41") {
        l = R"({"id": "r41", "title": "Edited record", "body": "A zanzibarwombat story."})";
        edited = true;
      }
    REQUIRE(edited);
    std::string out;
    for (const auto& l : ls) out += l + "\n";
    write_file(corpus / "records.jsonl", out);
    CHECK(shown(build(corpus, idx, {"--shards", "3"})) == to_string(Summary{kFiles, 0, 1, kDocs - 1, 0, 0}));
    CHECK(search_ids(idx, "zanzibarwombat") == std::vector<std::string>{"r41"});
    CHECK(doc_count(idx) == kDocs);
  }

  SECTION("a deleted file and an added one") {
    fs::remove(corpus / "doc3.txt");
    write_file(corpus / "new.txt", "New\nA fresh platypus.\n");
    CHECK(shown(build(corpus, idx)) == to_string(Summary{kFiles, 1, 0, kDocs - 1, 1, 0}));
    CHECK(search_ids(idx, "platypus") == std::vector<std::string>{"new.txt"});
    CHECK(doc_count(idx) == kDocs);
    // The removal reached the shard holding it.
    const auto r = ptsearch({"--index", idx.string(), "--json", "--doc", "doc3.txt"});
    CHECK(r.status != 0);
  }

  SECTION("deleted records, then the whole JSONL file") {
    std::vector<std::string> ls = lines(read_file(corpus / "records.jsonl"));
    std::string out;
    for (const auto& l : ls) {
      const std::string id = json::parse(l).at("id");
      if (id != "r10" && id != "r20" && id != "r30") out += l + "\n";
    }
    write_file(corpus / "records.jsonl", out);
    CHECK(shown(build(corpus, idx)) == to_string(Summary{kFiles, 0, 0, kDocs - 3, 3, 0}));
    CHECK(doc_count(idx) == kDocs - 3);
    for (const std::string id : {"r10", "r20", "r30"})
      CHECK(ptsearch({"--index", idx.string(), "--json", "--doc", id}).status != 0);
    CHECK(ptsearch({"--index", idx.string(), "--json", "--doc", "r11"}).status == 0);

    fs::remove(corpus / "records.jsonl");
    CHECK(shown(build(corpus, idx)) == to_string(Summary{kFiles - 1, 0, 0, 30, kDocs - 33, 0}));
    unsigned left = 0;
    for (const auto& s : shard_folders(idx)) left += doc_count(idx / s).value_or(1000);
    CHECK(left == 30u);
    CHECK(search_all_hits(idx, {"--source", "Alpha Wire", "--", ""}).at("hits").empty());
  }
}

TEST_CASE("shards: changing the shard count needs --rebuild", "[cli][shards]") {
  TempDir t;
  const auto corpus = make_corpus(t);
  const auto idx = t / "idx";
  REQUIRE(shown(build(corpus, idx, {"--shards", "3"})) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
  const auto before = snapshot(idx);

  const auto r = run_build(corpus, idx, {"--shards", "2"});
  CHECK(r.status == 1);
  CHECK(is_one_line(r.err, "ptindex: "));
  CHECK(r.err.find("--rebuild") != std::string::npos);
  CHECK(r.err.find("3 shards") != std::string::npos);
  CHECK(r.out.empty());
  CHECK(snapshot(idx) == before);  // untouched

  // Also one shard (a plain index) from a sharded one.
  const auto to_one = run_build(corpus, idx, {"--shards", "1"});
  CHECK(to_one.status == 1);
  CHECK(to_one.err.find("--rebuild") != std::string::npos);
  CHECK(snapshot(idx) == before);

  CHECK(shown(build(corpus, idx, {"--shards", "2", "--rebuild"})) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
  CHECK(shard_folders(idx) == std::vector<std::string>{"shard-0", "shard-1"});
  CHECK_FALSE(fs::exists(idx / "shard-2"));
  const std::string stub = read_file(idx / "XAPIANDB");
  CHECK(stub.find("auto shard-1\n") != std::string::npos);
  CHECK(stub.find("shard-2") == std::string::npos);
  CHECK(doc_count(idx) == kDocs);
  CHECK(*doc_count(idx / "shard-0") + *doc_count(idx / "shard-1") == kDocs);
  // Without --shards the index keeps its two.
  CHECK(shown(build(corpus, idx)) == to_string(Summary{kFiles, 0, 0, kDocs, 0, 0}));
  CHECK(shard_folders(idx) == std::vector<std::string>{"shard-0", "shard-1"});

  TempDir plain_dir;
  const auto plain = plain_dir / "plain";
  REQUIRE(shown(build(corpus, plain)) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
  check_same_results(plain, idx);

  SECTION("back to one database with --rebuild: the shards go") {
    CHECK(shown(build(corpus, idx, {"--shards", "1", "--rebuild"})) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
    CHECK(shard_folders(idx).empty());
    CHECK_FALSE(fs::exists(idx / "XAPIANDB"));
    CHECK(fs::exists(idx / "iamglass"));
    check_same_results(plain, idx);
  }
}

TEST_CASE("shards: --shards on an existing plain index needs --rebuild", "[cli][shards]") {
  TempDir t;
  const auto corpus = make_corpus(t);
  const auto idx = t / "idx";
  REQUIRE(shown(build(corpus, idx)) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
  const auto before = snapshot(idx);

  const auto r = run_build(corpus, idx, {"--shards", "2"});
  CHECK(r.status == 1);
  CHECK(is_one_line(r.err, "ptindex: "));
  CHECK(r.err.find("--rebuild") != std::string::npos);
  CHECK(r.out.empty());
  CHECK(snapshot(idx) == before);
  CHECK_FALSE(fs::exists(idx / "XAPIANDB"));

  // --shards 1 is what it has: fine.
  CHECK(shown(build(corpus, idx, {"--shards", "1"})) == to_string(Summary{kFiles, 0, 0, kDocs, 0, 0}));

  CHECK(shown(build(corpus, idx, {"--shards", "2", "--rebuild"})) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
  CHECK(shard_folders(idx) == std::vector<std::string>{"shard-0", "shard-1"});
  CHECK(fs::is_regular_file(idx / "XAPIANDB"));
  CHECK_FALSE(fs::exists(idx / "iamglass"));
  CHECK(doc_count(idx) == kDocs);
}

TEST_CASE("parts: a build from empty writes parts in parallel and leaves one database", "[cli][shards][parts]") {
  TempDir t;
  const auto corpus = make_corpus(t);
  const auto one = t / "one", parts = t / "parts";
  REQUIRE(shown(build(corpus, one, {"--threads", "1"})) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
  REQUIRE(shown(build(corpus, parts, {"--threads", "3"})) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
  // Merged: a plain database, no stub, no parts left.
  CHECK(fs::exists(parts / "iamglass"));
  CHECK_FALSE(fs::exists(parts / "XAPIANDB"));
  CHECK(shard_folders(parts).empty());
  CHECK_FALSE(fs::exists(parts / ".merging"));
  CHECK(doc_count(parts) == kDocs);
  check_same_results(one, parts);
  for (const auto& q : kQueries) {
    INFO(q);
    CHECK(comparable_answer(search_all_hits(parts, {"--facets", "--", q})) == comparable_answer(search_all_hits(one, {"--facets", "--", q})));
  }
  // It updates in place like any plain index: one writer, nothing to do.
  CHECK(shown(build(corpus, parts, {"--threads", "3"})) == to_string(Summary{kFiles, 0, 0, kDocs, 0, 0}));
  CHECK(shard_folders(parts).empty());

  SECTION("--rebuild of a plain index goes through parts too, and leaves nothing of the old one") {
    write_file(corpus / "extra.txt", "Extra harbour story\nA harbour and a river in one late story.\n");
    CHECK(shown(build(corpus, parts, {"--threads", "2", "--rebuild"})) == to_string(Summary{kFiles + 1, kDocs + 1, 0, 0, 0, 0}));
    CHECK(fs::exists(parts / "iamglass"));
    CHECK_FALSE(fs::exists(parts / "XAPIANDB"));
    CHECK(shard_folders(parts).empty());
    CHECK(doc_count(parts) == kDocs + 1);
    CHECK(search_all_hits(parts, {"--", "extra"}).at("hits").size() == 1);
  }
  SECTION("an index left in parts (a killed build) is resumed in them and merged") {
    // What a killed build leaves: the stub of the parts, some of them written.
    const auto left = t / "left";
    REQUIRE(shown(build(corpus, left, {"--threads", "2", "--shards", "2"})) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
    const std::string stub = read_file(left / "XAPIANDB");
    write_file(left / "XAPIANDB", "# ptsearch index in parts: ptindex build merges them into one database when it completes\n" +
                                      stub.substr(stub.find('\n') + 1));
    CHECK(doc_count(left) == kDocs);
    CHECK(shown(build(corpus, left, {"--threads", "3"})) == to_string(Summary{kFiles, 0, 0, kDocs, 0, 0}));
    CHECK(fs::exists(left / "iamglass"));
    CHECK_FALSE(fs::exists(left / "XAPIANDB"));
    CHECK(shard_folders(left).empty());
    check_same_results(one, left);
  }
  SECTION("a part whose creation a kill cut off (tables, no iamglass) is created again, its documents indexed again") {
    const auto left = t / "left";
    REQUIRE(shown(build(corpus, left, {"--threads", "2", "--shards", "2"})) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
    const std::string stub = read_file(left / "XAPIANDB");
    write_file(left / "XAPIANDB", "# ptsearch index in parts: ptindex build merges them into one database when it completes\n" +
                                      stub.substr(stub.find('\n') + 1));
    const fs::path cut_off = left / shard_folders(left).back();
    const auto in_it = doc_count(cut_off);
    REQUIRE(in_it.value_or(0) > 0);
    fs::remove(cut_off / "iamglass");  // glass writes it last when it creates a database
    const auto s = build(corpus, left, {"--threads", "3"});
    CHECK(s.added == static_cast<long>(*in_it));
    CHECK(s.unchanged == static_cast<long>(kDocs - *in_it));
    CHECK(fs::exists(left / "iamglass"));
    CHECK(shard_folders(left).empty());
    check_same_results(one, left);
  }
  SECTION("--no-compact writes one database in place, no parts") {
    const auto direct = t / "direct";
    REQUIRE(shown(build(corpus, direct, {"--threads", "3", "--no-compact"})) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
    CHECK(fs::exists(direct / "iamglass"));
    CHECK(shard_folders(direct).empty());
    check_same_results(one, direct);
  }
}

TEST_CASE("dictionaries: an index without a head dictionary gets one on its next build", "[cli][shards][dictionary]") {
  // As an index from before head dictionaries: a body dictionary, records naming it alone.
  TempDir t;
  const auto corpus = make_corpus(t);
  const auto idx = t / "idx";
  REQUIRE(shown(build(corpus, idx)) == to_string(Summary{kFiles, kDocs, 0, 0, 0, 0}));
  const std::string first_head = get_index_metadata(idx, "ptsearch.record_head_dictionary");
  REQUIRE(first_head.size() == 8);
  set_index_metadata(idx, "ptsearch.record_head_dictionary", "");  // an empty value deletes the key
  REQUIRE(get_index_metadata(idx, "ptsearch.record_head_dictionary").empty());

  write_file(corpus / "late.txt", "A late harbour story\nThe harbour market opened late.\n");
  CHECK(shown(build(corpus, idx)) == to_string(Summary{kFiles + 1, 1, 0, kDocs, 0, 0}));
  const std::string head = get_index_metadata(idx, "ptsearch.record_head_dictionary");
  CHECK(head.size() == 8);
  CHECK(get_index_metadata(idx, "ptsearch.record_dictionary." + head).size() > 100);
  // Every record reads back, those of the first build and the new one.
  const auto all = search_all_hits(idx, {"--", ""});
  CHECK(all.at("total").at("estimate") == kDocs + 1);
  std::set<std::string> ids;
  for (const auto& h : all.at("hits")) {
    CHECK_FALSE(h.at("title").get<std::string>().empty());
    ids.insert(h.at("id").get<std::string>());
  }
  CHECK(ids.size() == kDocs + 1);
  CHECK(ids.count("late.txt") == 1);
}
