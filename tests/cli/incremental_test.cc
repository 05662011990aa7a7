// End-to-end: incremental ptindex builds (unchanged, touched, modified, deleted, added, language change, other corpus).
#include <catch2/catch.hpp>

#include "cli_support.h"

using namespace cli;

TEST_CASE("incremental builds", "[cli][incremental]") {
  TempDir t;
  const auto corpus = t / "corpus";
  const auto idx = t / "idx";
  copy_sample_corpus(corpus);
  REQUIRE(build(corpus, idx) == Summary{5, 5, 0, 0, 0, 0});

  SECTION("an unchanged corpus: nothing to do, index untouched byte for byte") {
    const auto before = snapshot(idx);
    CHECK(build(corpus, idx) == Summary{5, 0, 0, 5, 0, 0});
    CHECK(snapshot(idx) == before);
  }

  SECTION("touched but identical: unchanged, also on the next run") {
    shift_mtime(corpus / kSampleIds[0], 3600);
    CHECK(build(corpus, idx) == Summary{5, 0, 0, 5, 0, 0});
    const auto r = ptindex({"build", corpus.string(), "--index", idx.string()});
    REQUIRE(r.status == 0);
    CHECK(parse_summary(r.out) == Summary{5, 0, 0, 5, 0, 0});
    CHECK(r.out.find("read 0 B") != std::string::npos);  // not even read again
    CHECK(search_ids(idx, "Camp David").size() >= 2);
  }

  SECTION("a modified file is updated and its new word is found") {
    const auto file = corpus / kSampleIds[3];
    write_file(file, read_file(file) + "\nA late addendum mentions zanzibarquokka here.\n");
    CHECK(search_ids(idx, "zanzibarquokka").empty());
    CHECK(build(corpus, idx) == Summary{5, 0, 1, 4, 0, 0});
    CHECK(search_ids(idx, "zanzibarquokka") == std::vector<std::string>{kSampleIds[3]});
    CHECK(doc_count(idx) == 5u);
    // Same size, different content, a new modification time (as an editor leaves it).
    std::string text = read_file(file);
    text.replace(text.find("zanzibarquokka"), 14, "zanzibarwombat");
    write_file(file, text);
    shift_mtime(file, 10);
    CHECK(build(corpus, idx) == Summary{5, 0, 1, 4, 0, 0});
    CHECK(search_ids(idx, "zanzibarquokka").empty());
    CHECK(search_ids(idx, "zanzibarwombat") == std::vector<std::string>{kSampleIds[3]});
  }

  SECTION("a deleted file is removed") {
    CHECK(search_ids(idx, "Obama") == std::vector<std::string>{kSampleIds[4]});
    fs::remove(corpus / kSampleIds[4]);
    CHECK(build(corpus, idx) == Summary{4, 0, 0, 4, 1, 0});
    CHECK(search_ids(idx, "Obama").empty());
    CHECK(search_ids(idx, "Taliban").size() == 4);
    CHECK(doc_count(idx) == 4u);
  }

  SECTION("an added file (also in a subfolder) is added, with its relative path as id") {
    write_file(corpus / "new.md", "# A quokka story\n\nThe quokka smiled at the camera.\n");
    CHECK(build(corpus, idx) == Summary{6, 1, 0, 5, 0, 0});
    CHECK(search_ids(idx, "quokka") == std::vector<std::string>{"new.md"});
    const auto j = search_json(idx, "quokka");
    CHECK(j.at("hits")[0].at("title") == "A quokka story");
    fs::create_directories(corpus / "2019" / "09");
    write_file(corpus / "2019" / "09" / "wombat.txt", "Wombat news\nA wombat dug a burrow.\n");
    CHECK(build(corpus, idx) == Summary{7, 1, 0, 6, 0, 0});
    CHECK(search_ids(idx, "wombat") == std::vector<std::string>{"2019/09/wombat.txt"});
  }

  SECTION("a new --language re-indexes everything, and the index remembers it") {
    CHECK(build(corpus, idx, {"--language", "french"}) == Summary{5, 0, 5, 0, 0, 0});
    CHECK(get_index_metadata(idx, "ptsearch.language") == "french");
    CHECK(search_ids(idx, "Camp David").size() >= 2);
    CHECK(search_ids(idx, "Obama") == std::vector<std::string>{kSampleIds[4]});
    // Without --language the index's language is kept: nothing to redo.
    CHECK(build(corpus, idx) == Summary{5, 0, 0, 5, 0, 0});
    CHECK(get_index_metadata(idx, "ptsearch.language") == "french");
    // Back to english: everything again.
    CHECK(build(corpus, idx, {"--language", "english"}) == Summary{5, 0, 5, 0, 0, 0});
    CHECK(search_ids(idx, "talk").size() >= 3);  // English stemming: "talks" again
  }

  SECTION("a new --title-weight re-indexes everything") {
    CHECK(build(corpus, idx, {"--title-weight", "5"}) == Summary{5, 0, 5, 0, 0, 0});
    CHECK(search_ids(idx, "Camp David").size() >= 2);
  }

  SECTION("another corpus into the same index needs --rebuild") {
    TempDir other;
    write_file(other / "only.txt", "Only article\nA lonely platypus.\n");
    const auto r = ptindex({"build", other.path().string(), "--index", idx.string()});
    CHECK(r.status == 1);
    CHECK(is_one_line(r.err, "ptindex: "));
    CHECK(r.err.find("--rebuild") != std::string::npos);
    CHECK(r.err.find(idx.string()) != std::string::npos);
    CHECK(r.out.empty());
    CHECK(doc_count(idx) == 5u);  // untouched
    CHECK(search_ids(idx, "platypus").empty());

    CHECK(build(other.path(), idx, {"--rebuild"}) == Summary{1, 1, 0, 0, 0, 0});
    CHECK(doc_count(idx) == 1u);
    CHECK(search_ids(idx, "platypus") == std::vector<std::string>{"only.txt"});
    CHECK(search_ids(idx, "Taliban").empty());
  }
}

TEST_CASE("an empty corpus gives an empty index that can be searched", "[cli][incremental]") {
  TempDir t;
  fs::create_directories(t / "corpus");
  const auto idx = t / "idx";
  CHECK(build(t / "corpus", idx) == Summary{0, 0, 0, 0, 0, 0});
  const auto r = ptsearch({"--index", idx.string(), "--color", "never", "taliban"});
  CHECK(r.status == 0);
  CHECK(r.out.starts_with("0 matches for \"taliban\""));
  CHECK(search_json(idx, "taliban").at("hits").empty());

  // Files that come and all go again.
  write_file(t / "corpus" / "a.txt", "Alpha\nalphaword\n");
  CHECK(build(t / "corpus", idx) == Summary{1, 1, 0, 0, 0, 0});
  fs::remove(t / "corpus" / "a.txt");
  CHECK(build(t / "corpus", idx) == Summary{0, 0, 0, 0, 1, 0});
  CHECK(search_json(idx, "alphaword").at("hits").empty());
  CHECK(doc_count(idx) == 0u);
}
