// Unit tests of the indexer's input side: content checks, text parsing, fingerprints, corpus walk.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "pt/error.h"
#include "pt/utf8.h"
#include "ptindex/article.h"
#include "ptindex/corpus.h"
#include "ptindex/fingerprint.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using pt::indexer::Article;
using pt::indexer::Fingerprint;
using pt::indexer::Freshness;

namespace {

struct ProblemCase {
  const char* name;
  std::string bytes;
  std::optional<std::string> problem;  // the exact documented message, or nullopt
};

struct ArticleCase {
  const char* name;
  std::string text;
  std::string title;
  std::string body;
};

using test::TempDir;

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
  REQUIRE(out.good());
}

std::vector<std::string> ids_of(const pt::indexer::CorpusListing& listing) {
  std::vector<std::string> ids;
  for (const auto& f : listing.files) ids.push_back(f.id);
  return ids;
}

}  // namespace

TEST_CASE("content_problem: what cannot be indexed, and why", "[indexer][content]") {
  const std::vector<ProblemCase> cases = {
      {"plain text", "Peace talks\nresumed.", std::nullopt},
      {"UTF-8 text", "Caf\xC3\xA9 \xD8\xA7\xD9\x84\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", std::nullopt},
      {"text after a BOM", "\xEF\xBB\xBFPeace", std::nullopt},
      {"empty", "", "empty file"},
      {"NUL byte", std::string("Peace\0talks", 11), "binary file (NUL byte at offset 5)"},
      {"NUL byte first", std::string("\0", 1), "binary file (NUL byte at offset 0)"},
      // Invalid UTF-8 is repaired (decode_text_file), not a reason to skip.
      {"bad byte", "Peace \xFF talks", std::nullopt},
      {"overlong encoding", "ab\xC0\xAF", std::nullopt},
      {"UTF-16 with a BOM is text", std::string("\xFF\xFEP\0e\0", 6), std::nullopt},
      {"UTF-16 without a BOM is binary", std::string("P\0e\0", 4), "binary file (NUL byte at offset 1)"},
      {"a NUL character in UTF-16", std::string("\xFE\xFF\0P\0\0", 6), "binary file (NUL character at offset 4 of UTF-16 text)"},
      {"UTF-16 white space only", std::string("\xFF\xFE \0\n\0", 6), "empty file (only white space)"},
      {"a lone UTF-16 BOM", "\xFF\xFE", "empty file"},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    CHECK(pt::indexer::content_problem(c.bytes) == c.problem);
  }
}

TEST_CASE("decode_text_file: UTF-16 decoded, invalid UTF-8 and UTF-16 replaced with U+FFFD", "[indexer][content]") {
  struct Case {
    std::string name, bytes, text, warning;
  };
  const std::string fffd = "\xEF\xBF\xBD";
  const std::vector<Case> cases = {
      {"valid UTF-8 unchanged", "caf\xC3\xA9\n", "caf\xC3\xA9\n", ""},
      {"UTF-8 BOM kept", "\xEF\xBB\xBFx", "\xEF\xBB\xBFx", ""},
      {"Latin-1 bytes", "Caf\xE9 cr\xE8me", "Caf" + fffd + " cr" + fffd + "me",
       "not valid UTF-8: 2 byte(s) replaced with U+FFFD (the first at offset 3)"},
      {"truncated at the end", "caf\xC3", "caf" + fffd, "not valid UTF-8: 1 byte(s) replaced with U+FFFD (the first at offset 3)"},
      {"overlong and surrogate encodings", "a\xC0\xAF\xED\xA0\x80" "b", "a" + fffd + fffd + fffd + fffd + fffd + "b",
       "not valid UTF-8: 5 byte(s) replaced with U+FFFD (the first at offset 1)"},
      {"UTF-16LE", std::string("\xFF\xFEP\0\xE9\0\r\0\n\0", 10), "P\xC3\xA9\r\n", ""},
      {"UTF-16BE with a surrogate pair", std::string("\xFE\xFF\xD8\x40\xDC\x0B\0x", 8), "\xF0\xA0\x80\x8Bx", ""},
      {"UTF-16 unpaired surrogates and an odd byte", std::string("\xFF\xFE\x00\xDC" "a\0\x00\xD8", 8) + "z",
       fffd + "a" + fffd + fffd, "not valid UTF-16LE: 3 code unit(s) replaced with U+FFFD (the first at offset 2)"},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    std::string text;
    std::vector<std::string> warnings;
    CHECK_FALSE(pt::indexer::decode_text_file(c.bytes, text, warnings));
    CHECK(text == c.text);
    CHECK(warnings == (c.warning.empty() ? std::vector<std::string>{} : std::vector<std::string>{c.warning}));
  }
}

TEST_CASE("content_problem: white space and a lone BOM are empty files", "[indexer][content]") {
  for (const std::string bytes : {" ", "\n\n\n", " \t\r\n\f\v", "\xEF\xBB\xBF", "\xEF\xBB\xBF \n", "\r\n"}) {
    INFO("bytes of size " << bytes.size());
    const auto problem = pt::indexer::content_problem(bytes);
    REQUIRE(problem.has_value());
    CHECK(problem->starts_with("empty file"));
  }
}

TEST_CASE("normalize_text: BOM dropped, CRLF and lone CR become LF", "[indexer][parse]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},
      {"plain\ntext", "plain\ntext"},
      {"\xEF\xBB\xBFtitle", "title"},
      {"a\r\nb\r\n", "a\nb\n"},
      {"a\rb\rc", "a\nb\nc"},
      {"a\r\r\nb", "a\n\nb"},
      {"a\n\rb", "a\n\nb"},
      {"end\r", "end\n"},
      {"\r\n\r\n", "\n\n"},
      {"\xEF\xBB\xBF\r\nx", "\nx"},
      {"a\xEF\xBB\xBF" "b", "a\xEF\xBB\xBF" "b"},  // only a leading BOM is a BOM
      {"caf\xC3\xA9\r\n", "caf\xC3\xA9\n"},
  };
  for (const auto& [in, out] : cases) {
    INFO("input of size " << in.size());
    CHECK(pt::indexer::normalize_text(in) == out);
  }
}

TEST_CASE("parse_text_article: title is the first non-empty line", "[indexer][parse]") {
  const std::vector<ArticleCase> cases = {
      {"title and body", "Peace talks resume\nThe talks resumed in Doha.\n", "Peace talks resume", "The talks resumed in Doha."},
      {"blank line after the title", "Title\n\nBody one.\n\nBody two.\n\n", "Title", "Body one.\n\nBody two."},
      {"leading blank lines", "\n\n   \n\t\nTitle\nBody", "Title", "Body"},
      {"title trimmed", "   Indented title \t\nBody", "Indented title", "Body"},
      {"single line", "Just a headline", "Just a headline", ""},
      {"single line with newline", "Just a headline\n", "Just a headline", ""},
      {"empty text", "", "", ""},
      {"only blank lines", "\n \n\t\n", "", ""},
      {"Markdown ATX heading", "# Peace talks\n\nBody", "Peace talks", "Body"},
      {"Markdown level 2 with closing hashes", "## Peace talks ##\nBody", "Peace talks", "Body"},
      {"Markdown level 6", "###### Deep\nBody", "Deep", "Body"},
      {"heading after a tab", "#\tTabbed\nBody", "Tabbed", "Body"},
      {"closing sequence of another length", "# Title #####\nBody", "Title", "Body"},
      {"hashtag is not a heading", "#hashtag trends today\nBody", "#hashtag trends today", "Body"},
      {"seven hashes are not a heading", "####### seven\nBody", "####### seven", "Body"},
      {"inner layout of the body kept", "T\nline one\n\n  indented\nlast", "T", "line one\n\n  indented\nlast"},
      {"unicode title", "Caf\xC3\xA9 \xE2\x80\x9Ctalks\xE2\x80\x9D\nBody", "Caf\xC3\xA9 \xE2\x80\x9Ctalks\xE2\x80\x9D", "Body"},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    const Article a = pt::indexer::parse_text_article(c.text);
    CHECK(a.title == c.title);
    CHECK(a.body == c.body);
  }
}

// CommonMark: a closing sequence of '#' must be preceded by a space ("# Learn C#" is "Learn C#").
TEST_CASE("parse_text_article: a '#' ending a heading word is not a closing sequence", "[indexer][parse]") {
  CHECK(pt::indexer::parse_text_article("# Learn C#\nBody").title == "Learn C#");
  CHECK(pt::indexer::parse_text_article("## Why F# ##\nBody").title == "Why F#");
}

TEST_CASE("parse_text_article: a title of exactly the limit is kept whole", "[indexer][parse]") {
  const std::string line(pt::indexer::kMaxTitleBytes, 'a');
  const auto a = pt::indexer::parse_text_article(line + "\nBody");
  CHECK(a.title == line);
  CHECK(a.body == "Body");
}

TEST_CASE("parse_text_article: an over-long first line is cut at a word and kept in the body", "[indexer][parse]") {
  std::string line;
  for (int i = 0; line.size() < 400; ++i) line += "word" + std::to_string(i) + " ";
  line.pop_back();
  const std::string text = line + "\nSecond paragraph.";
  const auto a = pt::indexer::parse_text_article(text);
  const std::string ellipsis = "\xE2\x80\xA6";
  INFO("title: " << a.title);
  CHECK(a.title.size() <= pt::indexer::kMaxTitleBytes);
  REQUIRE(a.title.ends_with(ellipsis));
  const std::string head = a.title.substr(0, a.title.size() - ellipsis.size());
  CHECK(head.size() > pt::indexer::kMaxTitleBytes / 2);
  CHECK(line.starts_with(head));
  CHECK(line[head.size()] == ' ');  // cut at a word boundary
  CHECK(a.body == text);            // the whole paragraph stays in the body
}

TEST_CASE("parse_text_article: an over-long line without spaces is cut on a character boundary", "[indexer][parse]") {
  std::string line;
  while (line.size() < 500) line += "\xC3\xA9";  // é, two bytes each
  const auto a = pt::indexer::parse_text_article(line + "\nBody");
  CHECK(a.title.size() <= pt::indexer::kMaxTitleBytes);
  CHECK_FALSE(pt::utf8::first_invalid(a.title).has_value());
  CHECK(a.title.ends_with("\xE2\x80\xA6"));
  CHECK(a.body == line + "\nBody");
}

TEST_CASE("Fingerprint: serialize and parse round trip", "[indexer][fingerprint]") {
  const std::vector<Fingerprint> cases = {
      {0, 0, 0, "s"},
      {1234, 1568000000123456789, 0x0123456789abcdefULL, "0011223344556677"},
      {std::numeric_limits<std::uint64_t>::max(), std::numeric_limits<std::int64_t>::max(),
       std::numeric_limits<std::uint64_t>::max(), "settings"},
      {5, -1000000000, 42, "pre-1970"},
      {5, std::numeric_limits<std::int64_t>::min(), 42, "x"},
  };
  for (const auto& f : cases) {
    const auto text = f.serialize();
    INFO("serialized: " << text);
    const auto back = Fingerprint::parse(text);
    REQUIRE(back.has_value());
    CHECK(*back == f);
  }
}

TEST_CASE("Fingerprint::parse rejects what this version did not write", "[indexer][fingerprint]") {
  const std::string hash = "0123456789abcdef";
  REQUIRE(Fingerprint::parse("fp1 10 20 " + hash + " s").has_value());
  const std::vector<std::string> cases = {
      "",
      "fp1",
      "garbage",
      "fp2 10 20 " + hash + " s",
      "FP1 10 20 " + hash + " s",
      "fp1 x 20 " + hash + " s",
      "fp1 10 y " + hash + " s",
      "fp1 10 20 0123 s",
      "fp1 10 20 " + hash + "0 s",
      "fp1 10 20 0123456789abcdeg s",
      "fp1 10 20 -123456789abcdef s",
      "fp1 10 20 " + hash,
      "fp1 10 20 " + hash + " s extra",
      "fp1 10.5 20 " + hash + " s",
      "fp1 99999999999999999999999 20 " + hash + " s",
  };
  for (const auto& text : cases) {
    INFO("text: '" << text << "'");
    CHECK_FALSE(Fingerprint::parse(text).has_value());
  }
}

// serialize() writes sizes as unsigned decimal, so a '-' size was never written by this version.
TEST_CASE("Fingerprint::parse rejects a negative size", "[indexer][fingerprint]") {
  CHECK_FALSE(Fingerprint::parse("fp1 -1 20 0123456789abcdef s").has_value());
}

TEST_CASE("check_freshness and same_content decide what to re-read and re-analyse", "[indexer][fingerprint]") {
  const Fingerprint stored{100, 5000, 0xabc, "settings-A"};
  struct Row {
    const char* name;
    std::optional<Fingerprint> stored;
    std::uint64_t size;
    std::int64_t mtime;
    std::uint64_t hash;
    const char* settings;
    Freshness freshness;
    bool same;  // same_content() after reading a Changed (or any) file
  };
  const std::vector<Row> rows = {
      {"new file", std::nullopt, 100, 5000, 0xabc, "settings-A", Freshness::New, false},
      {"unchanged", stored, 100, 5000, 0xabc, "settings-A", Freshness::Unchanged, true},
      {"touched, same content", stored, 100, 9999, 0xabc, "settings-A", Freshness::Changed, true},
      {"touched, content changed", stored, 100, 9999, 0xdef, "settings-A", Freshness::Changed, false},
      {"size changed", stored, 101, 5000, 0xdef, "settings-A", Freshness::Changed, false},
      {"settings changed", stored, 100, 5000, 0xabc, "settings-B", Freshness::Changed, false},
      {"mtime went backwards", stored, 100, 4000, 0xabc, "settings-A", Freshness::Changed, true},
  };
  for (const auto& r : rows) {
    INFO("case: " << r.name);
    CHECK(pt::indexer::check_freshness(r.stored, r.size, r.mtime, r.settings) == r.freshness);
    CHECK(pt::indexer::same_content(r.stored, r.hash, r.settings) == r.same);
  }
}

TEST_CASE("is_article_file accepts .txt, .md, .markdown, .html and .htm in any case", "[indexer][corpus]") {
  const std::vector<std::pair<const char*, bool>> cases = {
      {"a.txt", true},          {"A.TXT", true},          {"dir/b.md", true},    {"c.Markdown", true},
      {"d.MD", true},           {"x.y.txt", true},        {"e.html", true},      {"f.txt.bak", false},
      {"g.HTM", true},          {"h.meta.json", false},   {"i.xhtml", false},
      {"README", false},        {"notes.mdx", false},     {"g.text", false},     {"archive.tar.gz", false},
      {".txt", false},          {"dir.txt/file", false},  {"", false},
  };
  for (const auto& [path, expected] : cases) {
    INFO("path '" << path << "'");
    CHECK(pt::indexer::is_article_file(path) == expected);
  }
}

TEST_CASE("list_corpus walks nested folders, skips hidden and excluded ones, ids sorted", "[indexer][corpus]") {
  TempDir tmp;
  const fs::path root = tmp.path() / "corpus";
  write_file(root / "a.txt", "alpha");
  write_file(root / "Z.txt", "zulu!");
  write_file(root / "b.md", "bravo body");
  write_file(root / "page.html", "<p>an HTML article</p>");
  write_file(root / "page.meta.json", "{}");  // a sidecar, not an article
  write_file(root / "notes", "no extension");
  write_file(root / ".hidden.txt", "hidden file");
  write_file(root / ".git" / "x.txt", "hidden folder");
  write_file(root / "sub" / "c.txt", "charlie");
  write_file(root / "sub" / "deeper" / "d.markdown", "delta");
  write_file(root / "sub" / ".cache" / "e.txt", "hidden nested folder");
  write_file(root / "sub-x.txt", "sorts before sub/");
  write_file(root / "index" / "f.txt", "inside the excluded index");
  fs::create_directories(root / "empty");
  fs::create_symlink(root, root / "sub" / "loop");            // back to the root: a loop
  fs::create_symlink(root / "sub", root / "sub" / "self");    // to its own folder
  fs::create_directory_symlink("..", root / "sub" / "deeper" / "up");

  const auto listing = pt::indexer::list_corpus(root, {root / "index"});
  CHECK(ids_of(listing) == std::vector<std::string>{"Z.txt", "a.txt", "b.md", "page.html", "sub-x.txt", "sub/c.txt",
                                                    "sub/deeper/d.markdown"});
  // Each link back to a folder being walked is reported once, as a warning (nothing is left out).
  std::vector<std::string> loops;
  for (const auto& p : listing.problems) {
    INFO(p.path << ": " << p.reason);
    CHECK(p.warning);
    CHECK(p.reason.starts_with("symbolic link loop (leads back to "));
    loops.push_back(fs::path(p.path).lexically_relative(root).string());
  }
  std::sort(loops.begin(), loops.end());
  CHECK(loops == std::vector<std::string>{"sub/deeper/up", "sub/loop", "sub/self"});
  for (const auto& f : listing.files) {
    INFO("id " << f.id);
    CHECK(f.path == root / f.id);
    CHECK(f.size == fs::file_size(root / f.id));
    CHECK(f.mtime_ns > 0);
  }
}

TEST_CASE("list_corpus without exclusions includes every visible article folder", "[indexer][corpus]") {
  TempDir tmp;
  const fs::path root = tmp.path();
  write_file(root / "index" / "f.txt", "x");
  write_file(root / "a.txt", "x");
  CHECK(ids_of(pt::indexer::list_corpus(root)) == std::vector<std::string>{"a.txt", "index/f.txt"});
}

TEST_CASE("list_corpus follows a symlink to a folder outside the root once", "[indexer][corpus]") {
  TempDir tmp;
  write_file(tmp.path() / "outside" / "o.txt", "outside");
  const fs::path root = tmp.path() / "corpus";
  write_file(root / "a.txt", "x");
  fs::create_directory_symlink(tmp.path() / "outside", root / "linked");
  fs::create_directory_symlink(tmp.path() / "outside", root / "linked-again");
  const auto ids = ids_of(pt::indexer::list_corpus(root));
  // The same real folder is visited once; the first name in sorted order wins.
  CHECK(ids == std::vector<std::string>{"a.txt", "linked/o.txt"});
}

TEST_CASE("list_corpus reports a broken symlink to an article as a problem", "[indexer][corpus]") {
  TempDir tmp;
  write_file(tmp.path() / "a.txt", "x");
  fs::create_symlink(tmp.path() / "missing.txt", tmp.path() / "broken.txt");
  const auto listing = pt::indexer::list_corpus(tmp.path());
  CHECK(ids_of(listing) == std::vector<std::string>{"a.txt"});
  REQUIRE(listing.problems.size() == 1);
  CHECK(listing.problems[0].path == (tmp.path() / "broken.txt").string());
  CHECK_FALSE(listing.problems[0].reason.empty());
}

TEST_CASE("list_corpus on an empty folder finds nothing", "[indexer][corpus]") {
  TempDir tmp;
  const auto listing = pt::indexer::list_corpus(tmp.path());
  CHECK(listing.files.empty());
  CHECK(listing.problems.empty());
}

TEST_CASE("list_corpus throws IoError when the root is not a readable folder", "[indexer][corpus][error]") {
  TempDir tmp;
  CHECK_THROWS_AS(pt::indexer::list_corpus(tmp.path() / "does-not-exist"), pt::IoError);
  write_file(tmp.path() / "file.txt", "x");
  CHECK_THROWS_AS(pt::indexer::list_corpus(tmp.path() / "file.txt"), pt::IoError);
  CHECK_THROWS_AS(pt::indexer::list_corpus(""), pt::IoError);
}
