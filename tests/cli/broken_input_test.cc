// End-to-end: a corpus of broken, odd and hidden files is indexed without failing, each problem reported once.
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

#include "cli_support.h"

using namespace cli;

namespace {

// A string literal with its embedded NUL bytes.
template <std::size_t N>
std::string bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

}  // namespace

TEST_CASE("broken input: bad files are reported and skipped, good ones indexed", "[cli][broken]") {
  TempDir t;
  const auto c = t / "c";
  const auto idx = t / "idx";
  fs::create_directories(c);
  // Good files, two of them with a byte-order mark or Windows line ends.
  write_file(c / "good1.txt", "Good one\nThe alphaword body text.\n");
  write_file(c / "good2.md", "# Good two\n\nThe bravoword body.\n");
  write_file(c / "bom.txt", "\xEF\xBB\xBF" "Bom title\nThe charlieword body.\n");
  write_file(c / "crlf.txt", "Crlf title\r\nThe deltaword body.\r\nA second echoword line.\r\n");
  // Not UTF-8: indexed with the bad bytes replaced by U+FFFD, and a warning.
  write_file(c / "nonutf8.txt", "Latin-1 title\nCaf\xE9 cr\xE8me hotelword\n");
  // Bad files.
  write_file(c / "binary.txt", bytes("Binary\nindiaword\0\x01\x02 data\n"));
  write_file(c / "empty.txt", "");
  write_file(c / "ws.txt", "  \n\t\r\n   \n");
  std::string big = "Big title\n";
  while (big.size() < 2000) big += "julietword filler text ";
  write_file(c / "big.txt", big);
  std::filesystem::create_symlink("nowhere.txt", c / "x.txt");
  write_file(c / "unread.txt", "Unreadable\nkiloword\n");
  fs::create_directories(c / "secret");
  write_file(c / "secret" / "s.txt", "Secret\nlimaword\n");
  // Ignored without a word: hidden entries, other extensions, a loop of links to no folder.
  // A link back to a folder being walked is reported once, as a warning, and not followed.
  write_file(c / ".hidden.txt", "Hidden\nmikeword\n");
  fs::create_directories(c / ".hid");
  write_file(c / ".hid" / "a.txt", "Hidden too\nmikeword\n");
  write_file(c / ".bad.txt", bytes("bad\0"));
  write_file(c / "pic.jpg", bytes("\xFF\xD8\xFF\xE0\0\x10JFIF novemberword"));
  write_file(c / "notes", "No extension\nnovemberword\n");
  fs::create_directories(c / "loop");
  fs::create_directory_symlink("..", c / "loop" / "up");
  fs::create_symlink("ping", c / "pong");
  fs::create_symlink("pong", c / "ping");
  give_to_nobody(t.path());
  fs::permissions(c / "unread.txt", fs::perms::none);
  fs::permissions(c / "secret", fs::perms::none);

  const std::map<std::string, std::string> expected = {
      {"nonutf8.txt", "warning: not valid utf-8"}, {"binary.txt", "binary"}, {"empty.txt", "empty"},
      {"ws.txt", "empty"},      {"big.txt", "size"},      {"x.txt", "link"},
      {"unread.txt", "read"},   {"secret", "read"},       {"loop/up", "warning: symbolic link loop"}};

  const auto r = build_unprivileged(t, c, idx, {"--max-file-size", "1k"});
  REQUIRE(r.status == 0);
  check_reports(r.err, c, expected);
  const auto s = parse_summary(r.out);
  REQUIRE(s);
  CHECK(s->added == 5);
  CHECK(s->skipped == 7);
  CHECK(s->updated == 0);
  CHECK(s->removed == 0);
  CHECK(doc_count(idx) == 5u);
  CHECK(r.out.find("  2 warning(s), see above\n") != std::string::npos);

  CHECK(search_ids(idx, "alphaword") == std::vector<std::string>{"good1.txt"});
  CHECK(search_ids(idx, "bravoword") == std::vector<std::string>{"good2.md"});
  CHECK(search_ids(idx, "charlieword") == std::vector<std::string>{"bom.txt"});
  CHECK(search_ids(idx, "deltaword") == std::vector<std::string>{"crlf.txt"});
  CHECK(search_ids(idx, "echoword") == std::vector<std::string>{"crlf.txt"});
  CHECK(search_ids(idx, "hotelword") == std::vector<std::string>{"nonutf8.txt"});
  CHECK(search_json(idx, "hotelword").at("hits")[0].at("title") == "Latin-1 title");
  for (const char* w : {"indiaword", "julietword", "kiloword", "limaword", "mikeword", "novemberword"}) {
    INFO(w);
    CHECK(search_ids(idx, w).empty());
  }
  // The BOM and the CR are not part of the titles.
  CHECK(search_json(idx, "charlieword").at("hits")[0].at("title") == "Bom title");
  CHECK(search_json(idx, "deltaword").at("hits")[0].at("title") == "Crlf title");
  CHECK(search_json(idx, "title:bom").at("hits").size() == 1);
  CHECK(search_json(idx, "\"Crlf title\"").at("hits").size() == 1);

  SECTION("--strict exits 3 and still reports each file") {
    const auto st = build_unprivileged(t, c, idx, {"--max-file-size", "1k", "--strict"});
    CHECK(st.status == 3);
    auto again = expected;
    again.erase("nonutf8.txt");  // indexed, unchanged since: not read again, so no warning
    check_reports(st.err, c, again, "ptindex: ");
    const auto tail = lines(st.err);
    REQUIRE_FALSE(tail.empty());
    CHECK(tail.back().starts_with("ptindex: "));
    CHECK(tail.back().find("7") != std::string::npos);
    CHECK(tail.back().find("--strict") != std::string::npos);
    CHECK(parse_summary(st.out) == Summary{s->files, 0, 0, 5, 0, 7});
  }
  SECTION("without --max-file-size the big file is indexed") {
    const auto big_run = build_unprivileged(t, c, idx);
    CHECK(big_run.status == 0);
    CHECK(big_run.err.find("big.txt") == std::string::npos);
    CHECK(search_ids(idx, "julietword") == std::vector<std::string>{"big.txt"});
  }
}

TEST_CASE("broken input: a file indexed before that turns bad keeps its old version", "[cli][broken]") {
  TempDir t;
  const auto c = t / "c";
  const auto idx = t / "idx";
  fs::create_directories(c);
  write_file(c / "a.txt", "Alpha\nalphaword\n");
  write_file(c / "b.txt", "Bravo\nbravoword\n");
  write_file(c / "c.txt", "Charlie\ncharlieword\n");
  write_file(c / "e.txt", "Echo\nechoword\n");
  write_file(c / "f.txt", "Foxtrot\nfoxtrotword\n");
  write_file(c / "g.txt", "Golf\ngolfword\n");
  auto r = build_unprivileged(t, c, idx, {"--max-file-size", "1k"});
  REQUIRE(r.status == 0);
  REQUIRE(parse_summary(r.out) == Summary{6, 6, 0, 0, 0, 0});

  // Each file goes bad in its own way (and gets a new mtime, so it must be read again).
  fs::permissions(c / "a.txt", fs::perms::none);
  write_file(c / "b.txt", bytes("Bravo\n\0\0\0"));
  write_file(c / "c.txt", "Charlie\n\xC3\x28 broken\n");
  write_file(c / "e.txt", "");
  std::string big = "Foxtrot\n";
  while (big.size() < 2000) big += "filler words ";
  write_file(c / "f.txt", big);
  for (const char* f : {"a.txt", "b.txt", "c.txt", "e.txt", "f.txt"}) shift_mtime(c / f, 60);

  r = build_unprivileged(t, c, idx, {"--max-file-size", "1k"});
  REQUIRE(r.status == 0);
  // Not UTF-8 is no longer a reason to skip: c.txt is indexed as it is now, its bad byte replaced.
  check_reports(r.err, c, {{"a.txt", "read"}, {"b.txt", "binary"}, {"c.txt", "warning: not valid utf-8"}, {"e.txt", "empty"}, {"f.txt", "size"}});
  CHECK(parse_summary(r.out) == Summary{6, 0, 1, 1, 0, 4});
  CHECK(doc_count(idx) == 6u);
  CHECK(search_ids(idx, "alphaword") == std::vector<std::string>{"a.txt"});
  CHECK(search_ids(idx, "bravoword") == std::vector<std::string>{"b.txt"});
  CHECK(search_ids(idx, "charlieword").empty());
  CHECK(search_ids(idx, "broken") == std::vector<std::string>{"c.txt"});
  CHECK(search_ids(idx, "echoword") == std::vector<std::string>{"e.txt"});
  CHECK(search_ids(idx, "foxtrotword") == std::vector<std::string>{"f.txt"});
  CHECK(search_ids(idx, "golfword") == std::vector<std::string>{"g.txt"});

  // Fixed again: re-indexed with the new content.
  fs::permissions(c / "a.txt", fs::perms::owner_read | fs::perms::owner_write);
  write_file(c / "a.txt", "Alpha\nalphanewword\n");
  r = build_unprivileged(t, c, idx, {"--max-file-size", "1k"});
  REQUIRE(r.status == 0);
  CHECK(parse_summary(r.out) == Summary{6, 0, 1, 2, 0, 3});
  CHECK(search_ids(idx, "alphaword").empty());
  CHECK(search_ids(idx, "alphanewword") == std::vector<std::string>{"a.txt"});

  // Deleted for real: removed.
  fs::remove(c / "b.txt");
  r = build_unprivileged(t, c, idx, {"--max-file-size", "1k"});
  REQUIRE(r.status == 0);
  CHECK(parse_summary(r.out) == Summary{5, 0, 0, 3, 1, 2});
  CHECK(search_ids(idx, "bravoword").empty());
}

TEST_CASE("broken input: files in a folder that turns unreadable keep their old version", "[cli][broken]") {
  // README: "A file indexed before stays in the index while it exists."; ARCHITECTURE.md: "Files
  // that exist but cannot be read now keep their old version."
  TempDir t;
  const auto c = t / "c";
  const auto idx = t / "idx";
  fs::create_directories(c / "sub");
  write_file(c / "a.txt", "Alpha\nalphaword\n");
  write_file(c / "sub" / "d.txt", "Delta\ndeltaword\n");
  auto r = build_unprivileged(t, c, idx);
  REQUIRE(r.status == 0);
  REQUIRE(parse_summary(r.out) == Summary{2, 2, 0, 0, 0, 0});

  fs::permissions(c / "sub", fs::perms::none);
  r = build_unprivileged(t, c, idx);
  CHECK(r.status == 0);
  check_reports(r.err, c, {{"sub", "read"}});
  const auto s = parse_summary(r.out);
  REQUIRE(s);
  CHECK(s->removed == 0);
  CHECK(doc_count(idx) == 2u);
  CHECK(search_ids(idx, "deltaword") == std::vector<std::string>{"sub/d.txt"});
}

TEST_CASE("broken input: an unreadable corpus folder is an error and empties nothing", "[cli][broken]") {
  // README: exit status 1 for an "unreadable corpus". Reading no file at all must not be taken
  // for "every file was deleted".
  TempDir t;
  const auto c = t / "c";
  const auto idx = t / "idx";
  fs::create_directories(c);
  write_file(c / "a.txt", "Alpha\nalphaword\n");
  write_file(c / "b.txt", "Bravo\nbravoword\n");
  auto r = build_unprivileged(t, c, idx);
  REQUIRE(r.status == 0);
  REQUIRE(parse_summary(r.out) == Summary{2, 2, 0, 0, 0, 0});

  fs::permissions(c, fs::perms::none);
  r = build_unprivileged(t, c, idx);
  CHECK(r.status == 1);
  CHECK(is_one_line(r.err, "ptindex: "));
  CHECK(r.err.find(c.string()) != std::string::npos);
  CHECK(doc_count(idx) == 2u);
  CHECK(search_ids(idx, "alphaword") == std::vector<std::string>{"a.txt"});
}
