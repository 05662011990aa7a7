// Unit tests of JSONL reading: parse_jsonl_line, JsonlFields::map, is_jsonl_file and JsonlReader on plain and .zst files.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "pt/error.h"
#include "ptindex/jsonl.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using namespace pt::indexer;

namespace {

using test::TempDir;

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  REQUIRE(out);
}

// One complete zstd frame of `text`; with `checksum` the frame ends in a content checksum.
std::string zstd_frame(const std::string& text, bool checksum = false) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  REQUIRE(cctx != nullptr);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum ? 1 : 0);
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), text.data(), text.size());
  ZSTD_freeCCtx(cctx);
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

struct ReadLine {
  std::size_t number;
  std::string text;
  std::optional<std::string> problem;
};

// Every line of a file until the end or an error; `error` gets the IoError's text (empty when none).
std::vector<ReadLine> read_all(const fs::path& path, std::uint64_t max_line, std::string* error = nullptr) {
  std::vector<ReadLine> out;
  JsonlReader reader(path, max_line);
  try {
    while (auto line = reader.next()) out.push_back({line->number, line->text, line->problem});
  } catch (const pt::IoError& e) {
    if (!error) throw;
    *error = e.what();
    return out;
  }
  if (error) error->clear();
  return out;
}

std::vector<std::size_t> numbers(const std::vector<ReadLine>& lines) {
  std::vector<std::size_t> out;
  for (const auto& l : lines) out.push_back(l.number);
  return out;
}

std::vector<std::string> texts(const std::vector<ReadLine>& lines) {
  std::vector<std::string> out;
  for (const auto& l : lines) out.push_back(l.text);
  return out;
}

JsonlArticle parse_good(const std::string& line, const JsonlFields& fields = {},
                        std::vector<std::string>* warnings_out = nullptr) {
  std::string problem;
  std::vector<std::string> warnings;
  auto parsed = parse_jsonl_line(line, fields, problem, warnings);
  INFO("line: " << line << "\nproblem: " << problem);
  REQUIRE(parsed);
  CHECK(problem.empty());
  if (warnings_out) *warnings_out = warnings;
  else CHECK(warnings.empty());
  return *parsed;
}

std::vector<std::string> author_names(const Article& a) {
  std::vector<std::string> out;
  for (const auto& au : a.meta.authors) out.push_back(au.name);
  return out;
}

}  // namespace

TEST_CASE("parse_jsonl_line: ids, title and body of good lines", "[jsonl]") {
  struct Case {
    std::string line;
    std::string id, title, body;
  };
  const std::vector<Case> cases = {
      {R"({"id": "reuters-1", "title": "Oil prices", "body": "Crude rose today."})", "reuters-1", "Oil prices",
       "Crude rose today."},
      {R"({"id": 42, "title": "Integer id", "body": "Body."})", "42", "Integer id", "Body."},
      {R"({"id": -7, "body": "Negative id."})", "-7", "", "Negative id."},
      {R"({"id": 18446744073709551615, "body": "Big unsigned id."})", "18446744073709551615", "", "Big unsigned id."},
      {R"({"_id": "mongo-9", "title": "Underscore id", "text": "From text."})", "mongo-9", "Underscore id", "From text."},
      {R"({"id": "both", "body": "the body wins", "text": "not this"})", "both", "", "the body wins"},
      {R"({"id": "id-first", "_id": "not-this", "body": "x"})", "id-first", "", "x"},
      {R"({"id": "t", "title": "Title only"})", "t", "Title only", ""},
      {R"({"id": "t2", "title": "Title and null body", "body": null})", "t2", "Title and null body", ""},
      {R"({"id": "b", "body": "Body only, no title."})", "b", "", "Body only, no title."},
      {"{\"id\": \"crlf\", \"body\": \"line one\\r\\nline two\\rline three\"}", "crlf", "",
       "line one\nline two\nline three"},
      {R"({"id": "unicode é", "title": "Café", "body": "Naïve résumé"})", "unicode é", "Café", "Naïve résumé"},
      {R"(  {"id": "spaces", "body": "around"}  )", "spaces", "", "around"},
  };
  for (const auto& c : cases) {
    INFO(c.line);
    const auto a = parse_good(c.line);
    CHECK(a.id == c.id);
    CHECK(a.article.title == c.title);
    CHECK(a.article.body == c.body);
    CHECK_FALSE(a.article.meta.source);
    CHECK_FALSE(a.article.meta.date);
    CHECK(a.article.meta.authors.empty());
    CHECK(a.article.meta.url.empty());
  }
}

TEST_CASE("parse_jsonl_line: metadata fields with origin jsonl", "[jsonl]") {
  const auto a = parse_good(
      R"({"id": "m1", "title": "T", "body": "B", "source": "Global Research", "date": "2019-09-09",)"
      R"( "authors": ["Andrew Korybko", "Jane Doe"], "url": "https://example.org/a"})");
  REQUIRE(a.article.meta.source);
  CHECK(a.article.meta.source->name == "Global Research");
  CHECK(a.article.meta.source->slug == "global-research");
  CHECK(a.article.meta.source->origin.how == "jsonl");
  CHECK(a.article.meta.source->origin.evidence == "source: Global Research");
  REQUIRE(a.article.meta.date);
  CHECK(a.article.meta.date->iso() == "2019-09-09");
  CHECK(a.article.meta.date->origin.how == "jsonl");
  CHECK(a.article.meta.date->origin.evidence == "date: 2019-09-09");
  CHECK(author_names(a.article) == std::vector<std::string>{"Andrew Korybko", "Jane Doe"});
  for (const auto& au : a.article.meta.authors) CHECK(au.origin.how == "jsonl");
  CHECK(a.article.meta.authors[0].slug == "andrew-korybko");
  CHECK(a.article.meta.url == "https://example.org/a");

  struct Case {
    std::string line;
    std::vector<std::string> authors;
  };
  const std::vector<Case> cases = {
      {R"({"id": 1, "body": "b", "authors": "Andrew Korybko"})", {"Andrew Korybko"}},
      {R"({"id": 1, "body": "b", "author": "Jane Doe and John Roe"})", {"Jane Doe", "John Roe"}},
      {R"({"id": 1, "body": "b", "author": ["Solo Writer"]})", {"Solo Writer"}},
      {R"({"id": 1, "body": "b", "authors": []})", {}},
      {R"({"id": 1, "body": "b", "authors": null})", {}},
      {R"({"id": 1, "body": "b", "authors": ["Same Name", "Same Name"]})", {"Same Name"}},
  };
  for (const auto& c : cases) {
    INFO(c.line);
    CHECK(author_names(parse_good(c.line).article) == c.authors);
  }

  // A month-only date keeps its precision.
  const auto month = parse_good(R"({"id": "m2", "body": "b", "date": "2019-09"})");
  REQUIRE(month.article.meta.date);
  CHECK(month.article.meta.date->iso() == "2019-09");
  CHECK(month.article.meta.date->precision == DatePrecision::Month);
}

TEST_CASE("parse_jsonl_line: lines that cannot be indexed", "[jsonl]") {
  struct Case {
    std::string line;
    std::string problem;  // the whole problem text, or its start when `prefix`
    bool prefix = false;
  };
  const std::vector<Case> cases = {
      {"not json at all", "invalid JSON: ", true},
      {R"({"id": "x", "body": "unterminated)", "invalid JSON: ", true},
      {"", "invalid JSON: ", true},
      {R"({"id": "a"} trailing)", "invalid JSON: ", true},
      {R"([{"id": "a", "body": "b"}])", "expected a JSON object, got array"},
      {R"("just a string")", "expected a JSON object, got string"},
      {"42", "expected a JSON object, got number"},
      {"null", "expected a JSON object, got null"},
      {R"({"title": "T", "body": "B"})", "no id ('id' or '_id'; see --field id=KEY)"},
      {R"({"ID": "upper", "body": "B"})", "no id ('id' or '_id'; see --field id=KEY)"},
      {R"({"id": "", "body": "B"})", "id: an id must be non-empty and one line"},
      {R"({"id": "two\nlines", "body": "B"})", "id: an id must be non-empty and one line"},
      {R"({"_id": "", "body": "B"})", "_id: an id must be non-empty and one line"},
      {R"({"id": {"oid": "1"}, "body": "B"})", "id: expected a string or an integer, got object"},
      {R"({"id": 1.5, "body": "B"})", "id: expected a string or an integer, got number"},
      {R"({"id": ["a"], "body": "B"})", "id: expected a string or an integer, got array"},
      {R"({"id": true, "body": "B"})", "id: expected a string or an integer, got boolean"},
      {R"({"id": null, "body": "B"})", "id: expected a string or an integer, got null"},
      {R"({"id": "e"})", "neither title nor body ('title', 'body' or 'text')"},
      {R"({"id": "e", "title": "", "body": "  \n\t "})", "neither title nor body ('title', 'body' or 'text')"},
      {R"({"id": "e", "body": null})", "neither title nor body ('title', 'body' or 'text')"},
      {R"({"id": "n", "body": 12})", "body: expected a string, got number"},
      {R"({"id": "n", "text": ["a", "b"]})", "text: expected a string, got array"},
      {R"({"id": "n", "body": {"p": "x"}})", "body: expected a string, got object"},
      {R"({"id": "z", "body": "nul \u0000 inside"})", "body holds a NUL character"},
  };
  for (const auto& c : cases) {
    INFO(c.line);
    std::string problem;
    std::vector<std::string> warnings;
    const auto parsed = parse_jsonl_line(c.line, JsonlFields{}, problem, warnings);
    CHECK_FALSE(parsed);
    if (c.prefix) {
      CHECK(problem.rfind(c.problem, 0) == 0);
      CHECK(problem.size() > c.problem.size());  // nlohmann's reason follows
      CHECK(problem.find("[json.exception") == std::string::npos);
    } else {
      CHECK(problem == c.problem);
    }
  }
}

TEST_CASE("parse_jsonl_line: a bad metadata field is a warning and the article is kept without it", "[jsonl]") {
  struct Case {
    std::string line;
    std::string warning;
  };
  const std::vector<Case> cases = {
      {R"({"id": "d", "title": "T", "body": "B", "date": "2019-13-45"})",
       "date: impossible or unrecognised date '2019-13-45' (left out)"},
      {R"({"id": "d", "title": "T", "body": "B", "date": "sometime soon"})",
       "date: impossible or unrecognised date 'sometime soon' (left out)"},
      {R"({"id": "d", "title": "T", "body": "B", "date": 20190909})", "date: expected a string, got number (left out)"},
      {R"({"id": "d", "title": "T", "body": "B", "source": 7})", "source: expected a string, got number (left out)"},
      {R"({"id": "d", "title": "T", "body": "B", "source": "!!!"})",
       "source: '!!!' has no letters or digits (left out)"},
      {R"({"id": "d", "title": "T", "body": "B", "authors": [1]})",
       "authors[0]: expected a string, got number (left out)"},
      {R"({"id": "d", "title": "T", "body": "B", "authors": {"a": 1}})",
       "authors: expected a string or an array of strings, got object (left out)"},
      {R"({"id": "d", "title": "T", "body": "B", "url": false})", "url: expected a string, got boolean (left out)"},
  };
  for (const auto& c : cases) {
    INFO(c.line);
    std::vector<std::string> warnings;
    const auto a = parse_good(c.line, {}, &warnings);
    CHECK(warnings == std::vector<std::string>{c.warning});
    CHECK(a.id == "d");
    CHECK(a.article.title == "T");
    CHECK(a.article.body == "B");
    CHECK_FALSE(a.article.meta.date);
    CHECK_FALSE(a.article.meta.source);
    CHECK(a.article.meta.authors.empty());
    CHECK(a.article.meta.url.empty());
  }

  // The other fields of the line are still read.
  std::vector<std::string> warnings;
  const auto a =
      parse_good(R"({"id": "d2", "body": "B", "date": "31-02-2019", "source": "Reuters"})", {}, &warnings);
  CHECK(warnings.size() == 1);
  CHECK_FALSE(a.article.meta.date);
  REQUIRE(a.article.meta.source);
  CHECK(a.article.meta.source->name == "Reuters");
}

TEST_CASE("JsonlFields::map sets the keys a field is read from", "[jsonl]") {
  SECTION("each field, read from its new key alone") {
    JsonlFields f;
    for (const char* m : {"id=newid", "title=headline", "body=content", "source=outlet", "date=published",
                          "authors=writers", "url=link"})
      f.map(m);
    CHECK(f.id == std::vector<std::string>{"newid"});
    CHECK(f.title == std::vector<std::string>{"headline"});
    CHECK(f.body == std::vector<std::string>{"content"});
    CHECK(f.source == std::vector<std::string>{"outlet"});
    CHECK(f.date == std::vector<std::string>{"published"});
    CHECK(f.authors == std::vector<std::string>{"writers"});
    CHECK(f.url == std::vector<std::string>{"link"});

    const auto a = parse_good(
        R"({"newid": 5, "id": "ignored", "headline": "H", "content": "C", "body": "old body", "outlet": "AP",)"
        R"( "published": "2020-01-02", "writers": "Ann Lee", "link": "u"})",
        f);
    CHECK(a.id == "5");
    CHECK(a.article.title == "H");
    CHECK(a.article.body == "C");
    REQUIRE(a.article.meta.source);
    CHECK(a.article.meta.source->name == "AP");
    CHECK(a.article.meta.source->origin.evidence == "outlet: AP");
    REQUIRE(a.article.meta.date);
    CHECK(a.article.meta.date->iso() == "2020-01-02");
    CHECK(author_names(a.article) == std::vector<std::string>{"Ann Lee"});
    CHECK(a.article.meta.url == "u");

    // The default keys are no longer tried, and problems name the mapped key.
    std::string problem;
    std::vector<std::string> warnings;
    CHECK_FALSE(parse_jsonl_line(R"({"id": "x", "body": "b"})", f, problem, warnings));
    CHECK(problem == "no id ('newid'; see --field id=KEY)");
    CHECK_FALSE(parse_jsonl_line(R"({"newid": "x", "body": "b", "text": "t"})", f, problem, warnings));
    CHECK(problem == "neither title nor body ('headline', 'content')");
    CHECK_FALSE(parse_jsonl_line(R"({"newid": "x", "content": 3})", f, problem, warnings));
    CHECK(problem == "content: expected a string, got number");
  }

  SECTION("a key may hold '=' after the first one") {
    JsonlFields f;
    f.map("body=a=b");
    CHECK(f.body == std::vector<std::string>{"a=b"});
  }

  SECTION("bad mappings throw ConfigError and leave the fields as they were") {
    struct Case {
      std::string assignment;
      std::string message;
    };
    const std::vector<Case> cases = {
        {"nope=x", "unknown field 'nope' in --field (choose one of: id, title, body, source, date, authors, url)"},
        {"Body=x", "unknown field 'Body' in --field (choose one of: id, title, body, source, date, authors, url)"},
        {"body", "field mapping 'body' is not NAME=KEY (e.g. body=content)"},
        {"body=", "field mapping 'body=' is not NAME=KEY (e.g. body=content)"},
        {"=content", "field mapping '=content' is not NAME=KEY (e.g. body=content)"},
        {"", "field mapping '' is not NAME=KEY (e.g. body=content)"},
    };
    for (const auto& c : cases) {
      INFO(c.assignment);
      JsonlFields f;
      try {
        f.map(c.assignment);
        FAIL("no ConfigError");
      } catch (const pt::ConfigError& e) {
        CHECK(std::string(e.what()) == c.message);
      }
      const JsonlFields defaults;
      CHECK(f.id == defaults.id);
      CHECK(f.body == defaults.body);
    }
  }

  CHECK(JsonlFields::field_names() == "id, title, body, source, date, authors, url");
}

TEST_CASE("is_jsonl_file by name, any letter case", "[jsonl]") {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"a.jsonl", true},         {"dir/b.JSONL", true},   {"c.jsonl.zst", true}, {"d.JsonL.ZST", true},
      {".jsonl", false},         {"a.json", false},       {"a.jsonl.gz", false}, {"a.zst", false},
      {"a.jsonl.txt", false},    {"jsonl", false},        {"a.txt", false},
  };
  for (const auto& [name, expected] : cases) {
    INFO(name);
    CHECK(is_jsonl_file(name) == expected);
  }
}

TEST_CASE("JsonlReader: lines of plain and zstd files", "[jsonl]") {
  TempDir t;
  struct Case {
    std::string name;
    std::string content;
    std::vector<std::size_t> numbers;
    std::vector<std::string> texts;
  };
  const std::vector<Case> cases = {
      {"simple", "{\"a\":1}\n{\"b\":2}\n", {1, 2}, {"{\"a\":1}", "{\"b\":2}"}},
      {"no final newline", "one\ntwo", {1, 2}, {"one", "two"}},
      {"blank lines skipped, numbering kept", "\none\n\n  \n\t\ntwo\n\n", {2, 6}, {"one", "two"}},
      {"CRLF stripped", "one\r\ntwo\r\nthree", {1, 2, 3}, {"one", "two", "three"}},
      {"only a CR line end is kept inside", "a\rb\n", {1}, {"a\rb"}},
      {"blank CRLF lines", "\r\none\r\n\r\n", {2}, {"one"}},
      {"empty file", "", {}, {}},
      {"only newlines", "\n\n\n", {}, {}},
      {"one line without newline", "solo", {1}, {"solo"}},
  };
  for (const auto& c : cases) {
    for (const bool zst : {false, true}) {
      INFO(c.name << (zst ? " (.zst)" : " (plain)"));
      const auto path = t / (zst ? "f.jsonl.zst" : "f.jsonl");
      write_bytes(path, zst ? zstd_frame(c.content) : c.content);
      const auto got = read_all(path, 1 << 20);
      CHECK(numbers(got) == c.numbers);
      CHECK(texts(got) == c.texts);
      for (const auto& l : got) CHECK_FALSE(l.problem);
      fs::remove(path);
    }
  }
}

TEST_CASE("JsonlReader: many lines, several zstd frames, bytes_read", "[jsonl]") {
  TempDir t;
  std::string text;
  for (int i = 1; i <= 30000; ++i)
    text += "{\"id\": " + std::to_string(i) + ", \"body\": \"line number " + std::to_string(i) + " padding padding\"}\n";
  const std::string half1 = text.substr(0, text.size() / 2), half2 = text.substr(text.size() / 2);
  struct Case {
    std::string name;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {"big.jsonl", text},
      {"big.jsonl.zst", zstd_frame(text)},
      {"check.jsonl.zst", zstd_frame(text, true)},
      // Cut mid-line: a frame boundary inside a line joins the halves.
      {"two.jsonl.zst", zstd_frame(half1) + zstd_frame(half2, true)},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    write_bytes(t / c.name, c.bytes);
    JsonlReader reader(t / c.name, 1 << 20);
    std::size_t n = 0, wrong = 0;
    while (auto line = reader.next()) {
      ++n;
      const std::string expected =
          "{\"id\": " + std::to_string(n) + ", \"body\": \"line number " + std::to_string(n) + " padding padding\"}";
      if (line->number != n || line->problem || line->text != expected) {
        if (wrong++ == 0) FAIL_CHECK("line " << n << ": number " << line->number << ", text " << line->text);
      }
    }
    CHECK(n == 30000);
    CHECK(wrong == 0);
    CHECK(reader.bytes_read() == c.bytes.size());
  }
}

TEST_CASE("JsonlReader: a line over the limit is reported with its number, the next line still read", "[jsonl]") {
  TempDir t;
  // Longer than one read (64 KiB plain, 128 KiB decoded zstd), so the reader meets it while filling.
  const std::string huge(300000, 'x');
  const std::string content = "{\"id\":1}\n" + huge + "\n{\"id\":3}\n\n" + huge + "\n{\"id\":6}";
  for (const bool zst : {false, true}) {
    INFO((zst ? ".zst" : "plain"));
    const auto path = t / (zst ? "long.jsonl.zst" : "long.jsonl");
    write_bytes(path, zst ? zstd_frame(content) : content);
    const auto got = read_all(path, 1000);
    REQUIRE(got.size() == 5);
    CHECK(numbers(got) == std::vector<std::size_t>{1, 2, 3, 5, 6});
    CHECK(got[0].text == "{\"id\":1}");
    CHECK_FALSE(got[0].problem);
    for (const std::size_t i : {1, 3}) {
      REQUIRE(got[i].problem);
      CHECK(*got[i].problem == "line longer than the size limit (1000 bytes; see --max-file-size)");
      CHECK(got[i].text.empty());
    }
    CHECK(got[2].text == "{\"id\":3}");
    CHECK_FALSE(got[2].problem);
    CHECK(got[4].text == "{\"id\":6}");
    CHECK_FALSE(got[4].problem);
  }

  // An over-long last line without a newline.
  write_bytes(t / "tail.jsonl", "{\"id\":1}\n" + huge);
  const auto tail = read_all(t / "tail.jsonl", 1000);
  REQUIRE(tail.size() == 2);
  CHECK(tail[1].number == 2);
  CHECK(tail[1].problem);
}

TEST_CASE("JsonlReader: a short line over the limit is reported too", "[jsonl]") {
  TempDir t;
  // The whole file fits in one read: the limit must still apply to each line.
  const std::string content = "{\"id\":1}\n" + std::string(200, 'y') + "\n{\"id\":3}\n";
  write_bytes(t / "short.jsonl", content);
  const auto got = read_all(t / "short.jsonl", 100);
  REQUIRE(got.size() == 3);
  CHECK(got[0].text == "{\"id\":1}");
  CHECK(got[1].number == 2);
  CHECK(got[1].problem);
  CHECK(got[1].text.empty());
  CHECK(got[2].text == "{\"id\":3}");
}

TEST_CASE("JsonlReader: truncated or corrupt zstd data is an IoError after the good lines", "[jsonl]") {
  TempDir t;
  const std::string good = "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n";
  std::string more;
  for (int i = 4; i <= 2000; ++i) more += "{\"id\":" + std::to_string(i) + ", \"body\": \"more text here\"}\n";
  const std::string second = zstd_frame(more, true);
  std::string flipped = second;
  flipped[flipped.size() - 2] = static_cast<char>(flipped[flipped.size() - 2] ^ 0x5a);  // in the checksum

  struct Case {
    std::string name;
    std::string bytes;
    std::string message;  // what the error says after the path
  };
  const std::vector<Case> cases = {
      {"truncated", zstd_frame(good) + second.substr(0, second.size() / 2),
       "truncated zstd data (the file ends inside a frame)"},
      {"garbage after a frame", zstd_frame(good) + std::string("this is not zstd at all, just bytes"),
       "corrupt zstd data ("},
      {"bad checksum", zstd_frame(good) + flipped, "corrupt zstd data ("},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto path = t / "bad.jsonl.zst";
    write_bytes(path, c.bytes);
    std::string error;
    const auto got = read_all(path, 1 << 20, &error);
    CHECK(texts(got) == std::vector<std::string>{"{\"id\":1}", "{\"id\":2}", "{\"id\":3}"});
    CHECK(error.rfind(path.string() + ": " + c.message, 0) == 0);
  }

  SECTION("a single frame cut short gives no line, only the error") {
    const auto frame = zstd_frame(more);
    write_bytes(t / "cut.jsonl.zst", frame.substr(0, frame.size() - 10));
    std::string error;
    read_all(t / "cut.jsonl.zst", 1 << 20, &error);
    CHECK(error == (t / "cut.jsonl.zst").string() + ": truncated zstd data (the file ends inside a frame)");
  }

  SECTION("not zstd at all") {
    write_bytes(t / "plain.jsonl.zst", good);
    std::string error;
    const auto got = read_all(t / "plain.jsonl.zst", 1 << 20, &error);
    CHECK(got.empty());
    CHECK(error.rfind((t / "plain.jsonl.zst").string() + ": corrupt zstd data (", 0) == 0);
  }

  SECTION("a missing file cannot be opened") {
    CHECK_THROWS_AS(JsonlReader(t / "missing.jsonl", 100), pt::IoError);
    try {
      JsonlReader r(t / "missing.jsonl", 100);
    } catch (const pt::IoError& e) {
      CHECK(std::string(e.what()).find("missing.jsonl") != std::string::npos);
    }
  }
}
