// End-to-end: error handling of ptindex and ptsearch (missing or foreign indexes, schema versions, bad queries and options, help).
#include <catch2/catch.hpp>
#include <regex>

#include "cli_support.h"
#include "pt/schema.h"

using namespace cli;

namespace {

// A failed run: the status, nothing on stdout, one line "PROGRAM: ..." on stderr.
void check_one_line_error(const RunResult& r, int status, const std::string& program) {
  CHECK(r.status == status);
  CHECK(r.out.empty());
  CHECK(is_one_line(r.err, program + ": "));
}

}  // namespace

TEST_CASE("ptsearch: a missing index", "[cli][errors]") {
  TempDir t;
  const auto r = ptsearch({"--index", (t / "nope").string(), "taliban"});
  check_one_line_error(r, 1, "ptsearch");
  CHECK(r.err.find((t / "nope").string()) != std::string::npos);
  CHECK(r.err.find("ptindex build") != std::string::npos);  // says how to make one

  SECTION("the default location, from an empty folder") {
    RunOptions here;
    here.cwd = t.path();
    const auto d = ptsearch({"taliban"}, here);
    check_one_line_error(d, 1, "ptsearch");
    CHECK(d.err.find(".ptsearch-index") != std::string::npos);
  }
}

TEST_CASE("ptsearch: a folder or file that is not an index", "[cli][errors]") {
  TempDir t;
  fs::create_directories(t / "empty");
  copy_sample_corpus(t / "corpus");
  write_file(t / "afile", "not an index\n");
  for (const auto& p : {t / "empty", t / "corpus", t / "afile"}) {
    INFO("index " << p);
    const auto r = ptsearch({"--index", p.string(), "taliban"});
    check_one_line_error(r, 1, "ptsearch");
    CHECK(r.err.find(p.string()) != std::string::npos);
  }
}

TEST_CASE("ptsearch: 'not an index' says so in plain words", "[cli][errors]") {
  // An empty folder or a corpus folder given as --index gets Xapian's internal
  // "DatabaseNotFoundError: Couldn't detect type of database" instead of saying that it is not a
  // ptsearch index and how to build one (as a plain file or a missing path do).
  TempDir t;
  fs::create_directories(t / "empty");
  copy_sample_corpus(t / "corpus");
  for (const auto& p : {t / "empty", t / "corpus"}) {
    INFO("index " << p);
    const auto r = ptsearch({"--index", p.string(), "taliban"});
    CHECK(r.status == 1);
    CHECK(std::regex_search(r.err, std::regex("not (a|an) (ptsearch )?index")));
    CHECK(r.err.find("ptindex build") != std::string::npos);
    CHECK(r.err.find("Error:") == std::string::npos);  // no Xapian exception class names
  }
}

TEST_CASE("schema version mismatch", "[cli][errors][schema]") {
  TempDir t;
  const auto idx = t / "idx";
  REQUIRE(ptindex({"build", kSampleCorpus.string(), "--index", idx.string(), "-q"}).status == 0);
  set_index_metadata(idx, "ptsearch.schema", "999");

  const auto r = ptsearch({"--index", idx.string(), "taliban"});
  check_one_line_error(r, 1, "ptsearch");
  CHECK(r.err.find("schema version 999") != std::string::npos);
  CHECK(r.err.find(idx.string()) != std::string::npos);
  CHECK(r.err.find("--rebuild") != std::string::npos);
  CHECK(r.err.find("ptindex build " + kSampleCorpus.string()) != std::string::npos);

  const auto b = ptindex({"build", kSampleCorpus.string(), "--index", idx.string()});
  check_one_line_error(b, 1, "ptindex");
  CHECK(b.err.find("schema version 999") != std::string::npos);
  CHECK(b.err.find("--rebuild") != std::string::npos);
  CHECK(get_index_metadata(idx, "ptsearch.schema") == "999");  // left alone

  const auto rb = ptindex({"build", kSampleCorpus.string(), "--index", idx.string(), "--rebuild"});
  CHECK(rb.status == 0);
  CHECK(parse_summary(rb.out) == Summary{5, 5, 0, 0, 0, 0});
  CHECK(get_index_metadata(idx, "ptsearch.schema") == std::to_string(pt::schema::kVersion));
  CHECK(ptsearch({"--index", idx.string(), "taliban"}).status == 0);

  SECTION("no schema at all") {
    set_index_metadata(idx, "ptsearch.schema", "garbage");
    const auto g = ptsearch({"--index", idx.string(), "taliban"});
    check_one_line_error(g, 1, "ptsearch");
    CHECK(g.err.find("--rebuild") != std::string::npos);
  }
}

TEST_CASE("ptsearch: malformed queries exit 2 with one line", "[cli][errors][query]") {
  const SampleIndex sample;
  const auto idx = sample.path.string();
  for (const std::string q : {"\"peace talks", "(camp david", "camp david)", "-x", "-kabul -doha", "a AND", "taliban OR",
                              "NOT qatar", "\xE2\x80\x9Cpeace talks", "date:2019-13-45", "taliban date:2019-02-30",
                              "date:2019-09-30..2019-09-01", "year:19", "month:2019-13", "source:"}) {
    INFO("query [" << q << "]");
    const auto r = ptsearch({"--index", idx, "--", q});
    check_one_line_error(r, 2, "ptsearch");
  }
  SECTION("the messages name the problem") {
    CHECK(ptsearch({"--index", idx, "--", "\"peace talks"}).err.find("quote") != std::string::npos);
    CHECK(ptsearch({"--index", idx, "--", "(camp"}).err.find("parenthes") != std::string::npos);
    CHECK(ptsearch({"--index", idx, "--", "-x"}).err.find("exclude") != std::string::npos);
    CHECK(ptsearch({"--index", idx, "--", "date:2019-13-45"}).err.find("impossible") != std::string::npos);
  }
  SECTION("over-long and invalid UTF-8 queries") {
    check_one_line_error(ptsearch({"--index", idx, "--", std::string(5000, 'a')}), 2, "ptsearch");
    check_one_line_error(ptsearch({"--index", idx, "--", "caf\xE9"}), 2, "ptsearch");
  }
  SECTION("a query of punctuation only") {
    check_one_line_error(ptsearch({"--index", idx, "--", "***"}), 2, "ptsearch");
  }
  SECTION("JSON mode prints nothing on stdout either") {
    check_one_line_error(ptsearch({"--index", idx, "--json", "--", "(camp"}), 2, "ptsearch");
  }
}

TEST_CASE("bad options exit non-zero with one line", "[cli][errors][options]") {
  TempDir t;
  const SampleIndex sample;
  const auto idx = sample.path.string();
  SECTION("ptsearch") {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"-n", "-5", "taliban"},
             {"-n", "abc", "taliban"},
             {"-n", "1001", "taliban"},
             {"--offset", "-1", "taliban"},
             {"--offset", "x", "taliban"},
             {"--bogus", "taliban"},
             {"--color", "sometimes", "taliban"},
             {"--proximity", "11", "taliban"},
             {"--proximity", "near", "taliban"},
             {"--expand", "101", "taliban"},
             {"--expand", "-1", "taliban"},
             {},  // no query
         }) {
      std::vector<std::string> full{"--index", idx};
      full.insert(full.end(), args.begin(), args.end());
      INFO("args: " << [&] {
        std::string s;
        for (const auto& a : args) s += a + " ";
        return s;
      }());
      check_one_line_error(ptsearch(full), 2, "ptsearch");
    }
  }
  SECTION("ptindex") {
    const auto out = (t / "idx").string();
    const auto missing = ptindex({"build", (t / "missing").string(), "--index", out});
    check_one_line_error(missing, 1, "ptindex");
    CHECK(missing.err.find((t / "missing").string()) != std::string::npos);
    CHECK_FALSE(fs::exists(t / "idx"));

    write_file(t / "file.txt", "Not a folder\n");
    const auto file = ptindex({"build", (t / "file.txt").string(), "--index", out});
    check_one_line_error(file, 1, "ptindex");
    CHECK(file.err.find("folder") != std::string::npos);

    check_one_line_error(ptindex({}), 2, "ptindex");
    check_one_line_error(ptindex({"frobnicate"}), 2, "ptindex");
    check_one_line_error(ptindex({"build"}), 2, "ptindex");
    const auto lang = ptindex({"build", kSampleCorpus.string(), "--index", out, "--language", "klingon"});
    check_one_line_error(lang, 2, "ptindex");
    CHECK(lang.err.find("klingon") != std::string::npos);
    CHECK(lang.err.find("english") != std::string::npos);  // lists the choices
    for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
             {"--batch", "0"}, {"--batch", "x"}, {"--title-weight", "0"}, {"--max-file-size", "abc"}, {"--bogus"}}) {
      std::vector<std::string> full{"build", kSampleCorpus.string(), "--index", out};
      full.insert(full.end(), bad.begin(), bad.end());
      INFO("option " << bad[0]);
      check_one_line_error(ptindex(full), 2, "ptindex");
    }
    CHECK_FALSE(fs::exists(t / "idx"));  // no bad invocation created an index
  }
}

TEST_CASE("ptsearch: output that cannot be written is an error", "[cli][errors]") {
  if (!fs::exists("/dev/full")) return;
  const SampleIndex sample;
  RunOptions full;
  full.stdout_path = "/dev/full";
  for (const auto& mode : {"--json", "--color=never"}) {
    INFO(mode);
    const auto r = ptsearch({"--index", sample.path.string(), mode, "taliban"}, full);
    CHECK(r.status == 1);
    CHECK(is_one_line(r.err, "ptsearch: "));
  }
}

TEST_CASE("--help and --version", "[cli][errors][help]") {
  const auto ih = ptindex({"--help"});
  CHECK(ih.status == 0);
  CHECK(ih.out.find("build") != std::string::npos);
  CHECK(ih.out.find("--version") != std::string::npos);
  CHECK(ih.out.find("Exit status") != std::string::npos);

  const auto bh = ptindex({"build", "--help"});
  CHECK(bh.status == 0);
  for (const char* opt : {"DIR", "--index", "--language", "--max-file-size", "--batch", "--title-weight", "--rebuild",
                          "--strict", "--quiet", "PTSEARCH_INDEX"}) {
    INFO(opt);
    CHECK(bh.out.find(opt) != std::string::npos);
  }

  const auto sh = ptsearch({"--help"});
  CHECK(sh.status == 0);
  for (const char* opt : {"QUERY", "--index", "--limit", "-n", "--offset", "--all", "--json", "--color", "--version",
                          "PTSEARCH_INDEX", "Exit status"}) {
    INFO(opt);
    CHECK(sh.out.find(opt) != std::string::npos);
  }
  CHECK(ptsearch({"-h"}).status == 0);
  CHECK(ptindex({"-h"}).status == 0);

  // ptindex also names its memory allocator: jemalloc as jemalloc reports itself when the build
  // found libjemalloc-dev (CMakeLists.txt, PT_JEMALLOC), else the C library's.
  const std::regex version_line(R"(\d+\.\d+\.\d+\n)");
  const auto iv = ptindex({"--version"});
  CHECK(iv.status == 0);
  const auto first_end = iv.out.find('\n') + 1;
  const std::string iv_first = iv.out.substr(0, first_end), iv_allocator = iv.out.substr(first_end);
  CHECK(iv_first.starts_with("ptindex "));
  CHECK(std::regex_match(iv_first.substr(8), version_line));
  if (PTINDEX_JEMALLOC)
    CHECK(std::regex_match(iv_allocator, std::regex(R"(memory allocator: jemalloc \d+\.\d+\.\d+\n)")));
  else
    CHECK(iv_allocator == "memory allocator: the C library's malloc\n");
  const auto sv = ptsearch({"--version"});
  CHECK(sv.status == 0);
  CHECK(sv.out.starts_with("ptsearch "));
  CHECK(std::regex_match(sv.out.substr(9), version_line));
  CHECK(iv_first.substr(8) == sv.out.substr(9));
}
