// Unit tests of the explicit-metadata readers: metadata dates, front matter, HTML pages, sidecars.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "parse/explicit_meta.h"
#include "pt/error.h"
#include "pt/utf8.h"

namespace fs = std::filesystem;
using namespace pt::indexer;

namespace {

// One line per value, so a failing CHECK prints everything that differs.
std::string show(const std::optional<Outlet>& o) {
  if (!o) return "(none)";
  return o->name + " | " + o->slug + " | " + o->origin.how + " | " + o->origin.evidence;
}

std::string show(const std::optional<PubDate>& d) {
  if (!d) return "(none)";
  return d->iso() + " | " + std::string(to_string(d->precision)) + " | " + d->origin.how + " | " + d->origin.evidence;
}

std::vector<std::string> show(const std::vector<Author>& authors) {
  std::vector<std::string> out;
  for (const auto& a : authors) out.push_back(a.name + " | " + a.slug + " | " + a.origin.how + " | " + a.origin.evidence);
  return out;
}

std::vector<std::string> names(const std::vector<Author>& authors) {
  std::vector<std::string> out;
  for (const auto& a : authors) out.push_back(a.name);
  return out;
}

// Fixtures live in tests/data/html beside this file's folder.
std::string fixture(const std::string& name) {
  const auto path = fs::path(__FILE__).parent_path().parent_path() / "data" / "html" / name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Article html(const std::string& bytes) {
  std::string problem;
  auto article = parse_html_article(bytes, problem);
  INFO("problem: " << problem);
  REQUIRE(article);
  CHECK(problem.empty());
  return *article;
}

std::string html_problem(const std::string& bytes) {
  std::string problem;
  const auto article = parse_html_article(bytes, problem);
  CHECK_FALSE(article);
  return problem;
}

std::string sidecar_error(const std::string& json, Article& article) {
  try {
    apply_sidecar(json, article);
  } catch (const pt::ConfigError& e) {
    return e.what();
  }
  FAIL("no ConfigError for " << json);
  return {};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Dates

TEST_CASE("parse_metadata_date reads the documented formats") {
  struct Case {
    const char* text;
    const char* iso;
    DatePrecision precision;
  };
  const std::vector<Case> cases = {
      {"2019-09-09", "2019-09-09", DatePrecision::Day},
      {"2019-09", "2019-09", DatePrecision::Month},
      {"2019", "2019", DatePrecision::Year},
      {"  2019-09-09\t", "2019-09-09", DatePrecision::Day},
      {"2020-02-29", "2020-02-29", DatePrecision::Day},
      {"2000-02-29", "2000-02-29", DatePrecision::Day},
      {"2019-09-09T14:03:00Z", "2019-09-09", DatePrecision::Day},
      {"2019-09-09t14:03:00z", "2019-09-09", DatePrecision::Day},
      {"2019-09-09T14:03:00+02:00", "2019-09-09", DatePrecision::Day},
      // The date as written: 23:30 at UTC-5 is already the 9th in UTC, but the publisher wrote the 8th.
      {"2019-09-08T23:30:00-05:00", "2019-09-08", DatePrecision::Day},
      {"2019-09-09T00:30:00+0530", "2019-09-09", DatePrecision::Day},
      {"2019-09-09T14:03:00.123456Z", "2019-09-09", DatePrecision::Day},
      {"2019-09-09T14:03", "2019-09-09", DatePrecision::Day},
      {"2019-09-09 14:03:00", "2019-09-09", DatePrecision::Day},
      {"2019-09-09 14:03:00 +0200", "2019-09-09", DatePrecision::Day},
      {"Mon, 09 Sep 2019 14:03:00 GMT", "2019-09-09", DatePrecision::Day},
      {"Mon, 9 Sep 2019 14:03:00 +0200", "2019-09-09", DatePrecision::Day},
      {"Mon, 09 Sep 2019 14:03 EST", "2019-09-09", DatePrecision::Day},
      {"09 Sep 2019", "2019-09-09", DatePrecision::Day},
      {"September 9, 2019", "2019-09-09", DatePrecision::Day},
      {"september 9 2019", "2019-09-09", DatePrecision::Day},
      {"SEPT. 9, 2019", "2019-09-09", DatePrecision::Day},
      {"Sep 9th, 2019", "2019-09-09", DatePrecision::Day},
      {"9 September 2019", "2019-09-09", DatePrecision::Day},
      {"1st May 2020", "2020-05-01", DatePrecision::Day},
      {"Monday, September 9, 2019", "2019-09-09", DatePrecision::Day},
      {"Feb 29, 2020", "2020-02-29", DatePrecision::Day},
      {"September 2019", "2019-09", DatePrecision::Month},
      {"dec 2019", "2019-12", DatePrecision::Month},
      {"26-FEB-1987 15:01:01.79", "1987-02-26", DatePrecision::Day},
      {"9-Sep-2019", "2019-09-09", DatePrecision::Day},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto date = parse_metadata_date(c.text);
    REQUIRE(date);
    CHECK(date->iso() == c.iso);
    CHECK(date->precision == c.precision);
    CHECK(date->origin == Origin{});  // callers say where it came from
  }
}

TEST_CASE("parse_metadata_date rejects impossible dates and other text") {
  const std::vector<const char*> cases = {
      "",
      "   ",
      "2019-02-29",  // 2019 is not a leap year
      "1900-02-29",  // nor is 1900
      "2019-13-45",
      "2019-13",
      "2019-00",
      "2019-04-31",
      "2019-09-00",
      "0999",  // before year 1000
      "999",
      "19-09-09",
      "2019-9-9",
      "2019/09/09",
      "20190909",
      "2019-09-09X",
      "31-FEB-1987",  // no such day
      "26-XYZ-1987",
      "2019-09-09T",
      "2019-09-09T25:00:00Z",
      "2019-09-09T14:60:00Z",
      "2019-09-09T14:03:00+2",
      "2019-09-09T14:03:00+25:00",
      "2019-09-09T14:03:00.Z",
      "September 31, 2019",
      "February 29, 2019",
      "Smarch 9, 2019",
      "9/9/2019",
      "09.09.2019",
      "yesterday",
      "Funday, 9 September 2019",
      "Mon, 09 Sep 2019 14:03:00 GMT extra",
      "Mon, 09 Sep 2019 noon",
      "Monday, September 2019",
      "September 9",
      "9 September 19",
      "123 September 2019",
      "September 2019 9",
  };
  for (const auto* text : cases) {
    CAPTURE(text);
    CHECK_FALSE(parse_metadata_date(text));
  }
}

// ---------------------------------------------------------------------------------------------
// Front matter

TEST_CASE("front matter: every field, quotes and an inline list") {
  const std::string text =
      "---\n"
      "title: \"Quoted: the Title\"\n"
      "source: Global Research\n"
      "original_source: 'OneWorld'\n"
      "date: 2019-09-09\n"
      "authors: [Andrew Korybko, \"Max Blumenthal\"]\n"
      "url: https://www.globalresearch.ca/story/5688211\n"
      "---\n"
      "This first line is body, not the title.\n"
      "\n"
      "Second paragraph.\n";
  std::vector<std::string> warnings;
  const auto a = parse_text_with_front_matter(text, warnings);
  CHECK(warnings.empty());
  CHECK(a.title == "Quoted: the Title");
  CHECK(a.body == "This first line is body, not the title.\n\nSecond paragraph.");
  CHECK(show(a.meta.source) == "Global Research | global-research | front-matter | source: Global Research");
  CHECK(show(a.meta.original_source) == "OneWorld | oneworld | front-matter | original_source: 'OneWorld'");
  CHECK(show(a.meta.date) == "2019-09-09 | day | front-matter | date: 2019-09-09");
  CHECK(show(a.meta.authors) ==
        std::vector<std::string>{
            "Andrew Korybko | andrew-korybko | front-matter | authors: [Andrew Korybko, \"Max Blumenthal\"]",
            "Max Blumenthal | max-blumenthal | front-matter | authors: [Andrew Korybko, \"Max Blumenthal\"]"});
  CHECK(a.meta.url == "https://www.globalresearch.ca/story/5688211");
}

TEST_CASE("front matter: key spellings, author forms and list styles") {
  struct Case {
    const char* name;
    std::string block;  // between the --- lines
    std::string source;
    std::string date;
    std::vector<std::string> authors;
  };
  const std::vector<Case> cases = {
      {"publisher and published", "publisher: Reuters\npublished: 2019-09\n", "Reuters", "2019-09", {}},
      {"site_name and pubdate", "site_name: The Guardian\npubdate: \"September 9, 2019\"\n", "The Guardian",
       "2019-09-09", {}},
      {"keys in any case", "Source: AP\nDATE: 2019\nAuthor: Jane Doe\n", "AP", "2019", {"Jane Doe"}},
      {"site-name with a dash", "site-name: Al Jazeera\n", "Al Jazeera", "", {}},
      {"author with and", "author: Max Blumenthal and Ben Norton\n", "", "", {"Max Blumenthal", "Ben Norton"}},
      {"authors with commas and &", "authors: A. Smith, B. Jones & C. Brown\n", "", "", {"A. Smith", "B. Jones", "C. Brown"}},
      {"a suffix stays with its name", "author: Martin Luther King, Jr.\n", "", "", {"Martin Luther King, Jr."}},
      {"block list", "authors:\n  - Andrew Korybko\n  - 'Pepe Escobar'\n- \"Max Blumenthal\"\n", "", "",
       {"Andrew Korybko", "Pepe Escobar", "Max Blumenthal"}},
      {"list items are not split", "authors: [\"Smith, John\"]\n", "", "", {"Smith, John"}},
      {"duplicates once", "authors: [Jane Doe, jane doe]\n", "", "", {"Jane Doe"}},
      {"ISO timestamp", "date: 2019-09-09T14:03:00+02:00\n", "", "2019-09-09", {}},
      {"Jekyll timestamp", "date: 2019-09-09 14:03:00 +0200\n", "", "2019-09-09", {}},
      {"first of two spellings wins", "source: First\npublisher: Second\n", "First", "", {}},
      {"comment after a value", "source: Reuters # the wire\n", "Reuters", "", {}},
      {"comments, blank lines, unknown and nested keys", "# a comment\n\ntags: [a, b]\nextra:\n  nested: 1\nsource: AFP\n",
       "AFP", "", {}},
      {"null values", "source: ~\ndate: null\nauthor: \"\"\n", "", "", {}},
      {"Jekyll's published flag is not a date", "published: false\n", "", "", {}},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      std::vector<std::string> warnings;
      const auto a = parse_text_with_front_matter("---\n" + c.block + "---\nHeadline\nBody.\n", warnings);
      CHECK(warnings.empty());
      CHECK(a.title == "Headline");
      CHECK(a.body == "Body.");
      CHECK((a.meta.source ? a.meta.source->name : "") == c.source);
      CHECK((a.meta.date ? a.meta.date->iso() : "") == c.date);
      CHECK(names(a.meta.authors) == c.authors);
    }
  }
}

TEST_CASE("front matter: quoted values") {
  struct Case {
    const char* line;
    const char* title;
  };
  const std::vector<Case> cases = {
      {"title: \"Say \\\"hi\\\" to \\u00e9t\\u00e9\"", "Say \"hi\" to \xC3\xA9t\xC3\xA9"},
      {"title: 'It''s here'", "It's here"},
      {"title: 'Hash # kept'  # but this comment is not", "Hash # kept"},
      {"title: \"Two\\nlines\"", "Two lines"},
      {"title:    spaced   out   ", "spaced out"},
      {"title: a:b and http://x.example", "a:b and http://x.example"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.line);
    std::vector<std::string> warnings;
    const auto a = parse_text_with_front_matter(std::string("---\n") + c.line + "\n---\nBody\n", warnings);
    CHECK(warnings.empty());
    CHECK(a.title == c.title);
    CHECK(a.body == "Body");
  }
}

TEST_CASE("front matter: problems are warnings, never fatal") {
  SECTION("no closing line: plain text") {
    std::vector<std::string> warnings;
    const auto a = parse_text_with_front_matter("---\ntitle: Hello\nsource: Reuters\n\nThe text.\n", warnings);
    CHECK(warnings == std::vector<std::string>{"front matter: no closing '---' line; read as plain text"});
    CHECK(a.title == "title: Hello");
    CHECK(a.body == "source: Reuters\n\nThe text.");
    CHECK_FALSE(a.meta.source);
  }
  SECTION("bad date: left out, the rest kept") {
    std::vector<std::string> warnings;
    const auto a = parse_text_with_front_matter("---\ndate: 2019-13-45\nsource: Reuters\n---\nTitle\nBody\n", warnings);
    CHECK(warnings == std::vector<std::string>{"front matter: bad date '2019-13-45'"});
    CHECK_FALSE(a.meta.date);
    CHECK(show(a.meta.source) == "Reuters | reuters | front-matter | source: Reuters");
    CHECK(a.title == "Title");
  }
  SECTION("2019-02-29 is a bad date") {
    std::vector<std::string> warnings;
    const auto a = parse_text_with_front_matter("---\npubdate: 2019-02-29\n---\nTitle\n", warnings);
    CHECK(warnings == std::vector<std::string>{"front matter: bad date '2019-02-29'"});
    CHECK_FALSE(a.meta.date);
  }
  SECTION("a line that is not key: value means it was no front matter") {
    std::vector<std::string> warnings;
    const auto a = parse_text_with_front_matter("---\nSource: Reuters\nThis is prose.\n---\nMore\n", warnings);
    CHECK(warnings == std::vector<std::string>{"front matter: line 3 is not 'key: value'; read as plain text"});
    CHECK(a.title == "Source: Reuters");
    CHECK(a.body == "This is prose.\n---\nMore");
    CHECK_FALSE(a.meta.source);
  }
  SECTION("an unclosed quote") {
    std::vector<std::string> warnings;
    const auto a = parse_text_with_front_matter("---\ntitle: \"Open\n---\nBody\n", warnings);
    CHECK(warnings == std::vector<std::string>{"front matter: line 2 is an unclosed quote; read as plain text"});
    CHECK(a.title == "title: \"Open");
  }
  SECTION("a list item without a key") {
    std::vector<std::string> warnings;
    parse_text_with_front_matter("---\n- one\n---\nBody\n", warnings);
    CHECK(warnings == std::vector<std::string>{"front matter: line 2 is a list item without a key; read as plain text"});
  }
  SECTION("a title list and a name without letters are ignored with a warning") {
    std::vector<std::string> warnings;
    const auto a = parse_text_with_front_matter("---\ntitle: [A, B]\nsource: \"--\"\nauthors: [\"!!\", Jane Doe]\n---\nFirst\n", warnings);
    CHECK(warnings == std::vector<std::string>{"front matter: title is a list; ignored",
                                               "front matter: ignored source '--' (no letters or digits)",
                                               "front matter: ignored author '!!' (no letters or digits)"});
    CHECK(a.title == "First");
    CHECK_FALSE(a.meta.source);
    CHECK(names(a.meta.authors) == std::vector<std::string>{"Jane Doe"});
  }
}

TEST_CASE("front matter: where it is and is not read") {
  struct Case {
    const char* name;
    std::string text;
    std::string title;
    std::string body;
    std::string source;
  };
  const std::vector<Case> cases = {
      {"no front matter", "Plain title\nBody\n", "Plain title", "Body", ""},
      {"--- with trailing space is not an opening", "--- \nsource: X\n---\nBody\n", "---", "source: X\n---\nBody", ""},
      {"--- not on the first line", "\n---\nsource: X\n---\nBody\n", "---", "source: X\n---\nBody", ""},
      {"closed by ...", "---\nsource: X\n...\nTitle\nBody\n", "Title", "Body", "X"},
      {"empty block", "---\n---\nTitle\nBody\n", "Title", "Body", ""},
      {"a Markdown heading after the block", "---\nsource: X\n---\n\n# The Title #\n\nBody\n", "The Title", "Body", "X"},
      {"front-matter title: the first line is body", "---\ntitle: T\n---\n\n# Heading\nBody\n", "T", "# Heading\nBody", ""},
      {"nothing after the block", "---\ntitle: Only a title\n---\n", "Only a title", "", ""},
      {"CRLF, already normalised", normalize_text("---\r\ntitle: T\r\nsource: X\r\n---\r\nBody\r\n"), "T", "Body", "X"},
      {"BOM, already removed", normalize_text("\xEF\xBB\xBF---\ntitle: T\n---\nBody\n"), "T", "Body", ""},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      std::vector<std::string> warnings;
      const auto a = parse_text_with_front_matter(c.text, warnings);
      CHECK(warnings.empty());
      CHECK(a.title == c.title);
      CHECK(a.body == c.body);
      CHECK((a.meta.source ? a.meta.source->name : "") == c.source);
    }
  }
}

TEST_CASE("front matter: an over-long title is cut like a first-line title") {
  std::string long_title;
  while (long_title.size() < 400) long_title += "word ";
  std::vector<std::string> warnings;
  const auto a = parse_text_with_front_matter("---\ntitle: " + long_title + "\n---\nBody\n", warnings);
  CHECK(a.title.size() <= kMaxTitleBytes);
  CHECK(a.title.ends_with("word\xE2\x80\xA6"));
}

// ---------------------------------------------------------------------------------------------
// HTML

TEST_CASE("HTML: a realistic news page") {
  const auto a = html(fixture("news_page.html"));
  // JSON-LD's headline wins over og:title and <title>.
  CHECK(a.title == "Pakistan Mediates as US-Taliban Talks Resume in Doha");
  // Only the article's own text: no navigation, header, byline box, share bar, caption, script,
  // newsletter box, related stories, article footer, comments, sidebar, site footer or cookie banner.
  CHECK(a.body ==
        "ISLAMABAD \xE2\x80\x94 Pakistan\xE2\x80\x99s foreign ministry said on Monday that it would host a new round "
        "of talks between the U.S. and the Taliban.\n"
        "The talks, which stalled in August, are expected to focus on a ceasefire.\n"
        "\xE2\x80\x9CWe are hopeful,\xE2\x80\x9D a spokesman said.\n"
        "What comes next\n"
        "A meeting in Islamabad\n"
        "A vote in Kabul");
  for (const char* never : {"SCRIPT", "STYLE_TEXT", "NOSCRIPT", "Share on", "Photo: Reuters", "newsletter", "Related",
                            "Comments", "Great article", "Most read", "cookies", "rights reserved", "Home",
                            "Politics", "Originally published"}) {
    CAPTURE(never);
    CHECK(a.body.find(never) == std::string::npos);
  }
  CHECK(show(a.meta.source) == "Daily Ledger | daily-ledger | json-ld | publisher.name: Daily Ledger");
  CHECK(show(a.meta.date) == "2019-09-09 | day | json-ld | datePublished: 2019-09-09T04:30:00Z");
  // The organisation listed as an author is the publisher, not a person who wrote it.
  CHECK(show(a.meta.authors) == std::vector<std::string>{"Amina Rahman | amina-rahman | json-ld | author.name: Amina Rahman",
                                                         "John O'Neill | john-oneill | json-ld | author.name: John O'Neill"});
  CHECK(a.meta.url == "https://www.dailyledger.example/world/2019/09/09/us-taliban-talks");
  CHECK_FALSE(a.meta.original_source);
}

TEST_CASE("HTML: a page with meta tags only") {
  const std::string page = R"(<!doctype html><html><head>
<title>Ceasefire holds in the north - The Northern Courier</title>
<meta property="og:site_name" content="The Northern Courier">
<meta property="og:url" content="https://courier.example/2019/ceasefire">
<meta property="article:published_time" content="2019-09-08T23:30:00-05:00">
<meta property="article:author" content="https://facebook.com/someone">
<meta name="author" content="By Jane Doe and John Roe">
</head><body><div class="content"><p>The ceasefire held overnight.</p><p>Officials were relieved.</p></div></body></html>)";
  const auto a = html(page);
  CHECK(a.title == "Ceasefire holds in the north");  // " - Site Name" dropped: it is og:site_name
  CHECK(a.body == "The ceasefire held overnight.\nOfficials were relieved.");
  CHECK(show(a.meta.source) ==
        "The Northern Courier | the-northern-courier | html-meta | <meta property=\"og:site_name\" content=\"The Northern Courier\">");
  CHECK(show(a.meta.date) ==
        "2019-09-08 | day | html-meta | <meta property=\"article:published_time\" content=\"2019-09-08T23:30:00-05:00\">");
  CHECK(show(a.meta.authors) ==
        std::vector<std::string>{
            "Jane Doe | jane-doe | html-meta | <meta name=\"author\" content=\"By Jane Doe and John Roe\">",
            "John Roe | john-roe | html-meta | <meta name=\"author\" content=\"By Jane Doe and John Roe\">"});
  CHECK(a.meta.url == "https://courier.example/2019/ceasefire");
}

TEST_CASE("HTML: titles") {
  struct Case {
    const char* name;
    std::string head;
    std::string body;
    std::string title;
    std::string source;  // name | how
  };
  const std::vector<Case> cases = {
      {"og:title over <title>", "<title>Page title</title><meta property=og:title content='Social title'>", "<p>Text</p>",
       "Social title", ""},
      {"og:title with the site suffix", "<meta property=og:title content='Story | Site'><meta property=og:site_name content=Site>",
       "<p>Text</p>", "Story", "Site | html-meta"},
      {"a suffix that is not the site stays", "<title>Talks resume - Analysis</title><meta property=og:site_name content=Site>",
       "<p>Text</p>", "Talks resume - Analysis", "Site | html-meta"},
      {"the suffix names the host: the source", "<title>Story title | Global Research</title>"
       "<link rel=canonical href='https://www.globalresearch.ca/story/1'>", "<p>Text</p>", "Story title",
       "Global Research | html-title"},
      {"the suffix does not name the host", "<title>Story title | Global Research</title>"
       "<link rel=canonical href='https://example.org/story/1'>", "<p>Text</p>", "Story title | Global Research", ""},
      {"first <h1> when there is no title; not repeated in the body", "", "<h1>The  Headline</h1><p>Text</p>",
       "The Headline", ""},
      {"the article's <h1>, not the logo's", "", "<header><h1>Site Logo</h1></header><main><h1>Real</h1><p>Text</p></main>",
       "Real", ""},
      {"no title anywhere: the first line", "", "<p>First line</p><p>Text</p>", "First line", ""},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const auto a = html("<html><head>" + c.head + "</head><body>" + c.body + "</body></html>");
      CHECK(a.title == c.title);
      CHECK(a.body == "Text");
      CHECK((a.meta.source ? a.meta.source->name + " | " + a.meta.source->origin.how : "") == c.source);
    }
  }
}

TEST_CASE("HTML: text layout") {
  struct Case {
    const char* name;
    std::string body;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"inline elements join with single spaces", "<p>one <b>two</b>\n   <i>three</i>four</p>", "one two threefour"},
      {"blocks end lines, no blank lines", "<div><p>a</p>\n\n<p></p><p>  </p><div>b<br>c<br><br>d</div></div>",
       "a\nb\nc\nd"},
      {"lists, tables, quotes", "<ul><li>x</li><li>y</li></ul><table><tr><td>1</td><td>2</td></tr></table><blockquote>q</blockquote>",
       "x\ny\n1\n2\nq"},
      {"entities and &nbsp;", "<p>caf&eacute;&nbsp;&amp;&nbsp;&nbsp;bar &lt;b&gt; &#8217; &#x2014;</p>",
       "caf\xC3\xA9 & bar <b> \xE2\x80\x99 \xE2\x80\x94"},
      {"pre keeps its lines", "<pre>line 1\n  line 2\n\nline 3</pre>", "line 1\nline 2\nline 3"},
      {"hidden things are not text",
       "<p>seen</p><p hidden>h1</p><p style='display: none'>h2</p><span aria-hidden=true>h3</span><p>seen too</p>",
       "seen\nseen too"},
      {"widgets by class and id", "<p>kept</p><div class='socialIcons'>s</div><div id=subscribe-box>x</div>"
       "<div class=advertisement>ad</div><ul class='menu'><li>m</li></ul><div class='ad'>a</div>"
       "<div id=disqus_thread>d</div><div class='OUTBRAIN'>o</div><p>end</p>",
       "kept\nend"},
      {"words that only look like widget names stay", "<div class='commentary'><p>opinion</p></div>"
       "<div class=subscriber-content><p>paid</p></div><div class=canvas-wrap><p>art</p></div>",
       "opinion\npaid\nart"},
      {"forms and buttons go", "<p>a</p><form><input value=q><button>Search</button></form><p>b</p>", "a\nb"},
      {"a form wrapping the page stays (ASP.NET)", "<form id=aspnetForm><div><p>whole page</p></div></form>", "whole page"},
      {"ARIA landmarks", "<div role=navigation>n</div><div role=contentinfo>f</div><p>text</p>", "text"},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const auto a = html("<html><head><title>T</title></head><body>" + c.body + "</body></html>");
      CHECK(a.body == c.text);
    }
  }
}

TEST_CASE("HTML: which element holds the article") {
  std::string long_text;
  for (int i = 0; i < 12; ++i) long_text += "<p>Paragraph " + std::to_string(i) + " of the real story, long enough to count.</p>";
  SECTION("<article> over the page") {
    const auto a = html("<title>T</title><body><p>outside</p><article><p>inside</p></article></body>");
    CHECK(a.body == "inside");
  }
  SECTION("itemprop=articleBody") {
    const auto a = html("<title>T</title><body><p>outside</p><div itemprop='articleBody'><p>inside</p></div></body>");
    CHECK(a.body == "inside");
  }
  SECTION("role=main and <main> when there is no article") {
    CHECK(html("<title>T</title><body><p>out</p><div role=main><p>in</p></div></body>").body == "in");
    CHECK(html("<title>T</title><body><p>out</p><main><p>in</p></main></body>").body == "in");
  }
  SECTION("the longest of several <article>s") {
    const auto a = html("<title>T</title><body><article><p>short teaser</p></article><article>" + long_text +
                        "</article></body>");
    CHECK(a.body.starts_with("Paragraph 0 of the real story"));
    CHECK(a.body.find("teaser") == std::string::npos);
  }
  SECTION("a small teaser <article> does not replace a page whose story is elsewhere") {
    const auto a = html("<title>T</title><body><div class=story>" + long_text +
                        "</div><article><p>Read also: teaser</p></article></body>");
    CHECK(a.body.starts_with("Paragraph 0 of the real story"));
    CHECK(a.body.ends_with("Read also: teaser"));
  }
  SECTION("comments marked as <article> are never the article") {
    const auto a = html("<title>T</title><body><p>The story.</p><div class=comments><article><p>A long comment "
                        "that is longer than the story itself.</p></article></div></body>");
    CHECK(a.body == "The story.");
  }
}

TEST_CASE("HTML: dates from the article's <time> when the page has no date meta") {
  SECTION("inside the article, its header included") {
    const auto a = html("<title>T</title><body><header><time datetime='2020-01-01'>today</time></header><article>"
                        "<header><time datetime='2019-09-09T10:00:00+02:00'>9 Sep</time></header><p>Text</p></article></body>");
    CHECK(show(a.meta.date) == "2019-09-09 | day | html-meta | <time datetime=\"2019-09-09T10:00:00+02:00\">");
  }
  SECTION("one marked as the publication date first") {
    const auto a = html("<title>T</title><article><time datetime='2019-09-10'>updated</time>"
                        "<time itemprop=datePublished datetime='2019-09-01'>1 Sep</time><p>Text</p></article>");
    CHECK(a.meta.date->iso() == "2019-09-01");
  }
  SECTION("not the page header's date when the page is the article") {
    const auto a = html("<title>T</title><body><header><time datetime='2020-01-01'>today</time></header><p>Text</p></body>");
    CHECK_FALSE(a.meta.date);
  }
  SECTION("a bad meta date falls through to the next") {
    const auto a = html("<title>T</title><meta property='article:published_time' content='soon'>"
                        "<meta name=pubdate content='2019-09'><p>Text</p>");
    CHECK(show(a.meta.date) == "2019-09 | month | html-meta | <meta name=\"pubdate\" content=\"2019-09\">");
  }
}

TEST_CASE("HTML: broken markup is read as browsers would") {
  const auto a = html("<html><head><title>Broken page</head><body><p>First <b>bold<p>Second <i>it"
                      "<div>third<table><tr><td>cell one<td>cell two</table><p>after &amp; things &unknown; <</body>");
  CHECK(a.title == "Broken page");
  CHECK(a.body == "First bold\nSecond it\nthird\ncell one\ncell two\nafter & things &unknown; <");
}

TEST_CASE("HTML: a page declared ISO-8859-1 comes out as UTF-8") {
  const auto bytes = fixture("latin1.html");
  REQUIRE(pt::utf8::first_invalid(bytes));  // the fixture really is Latin-1
  const auto a = html(bytes);
  CHECK(a.title == "Le caf\xC3\xA9 de la gare ferme");
  CHECK(a.body ==
        "Le caf\xC3\xA9 ferm\xC3\xA9 depuis l\xE2\x80\x99\xC3\xA9t\xC3\xA9 \xC3\xA9tait c\xC3\xA9l\xC3\xA8" "bre.\n"
        "Prix : 3 \xE2\x82\xAC \xE2\x80\x94 na\xC3\xAFve.");
  CHECK(names(a.meta.authors) == std::vector<std::string>{"Ren\xC3\xA9 Dupr\xC3\xA9"});
}

TEST_CASE("HTML: charsets") {
  SECTION("<meta charset> windows-1252") {
    const auto a = html("<html><head><meta charset=\"windows-1252\"><title>T</title></head><body><p>\x93quoted\x94 caf\xE9</p></body></html>");
    CHECK(a.body == "\xE2\x80\x9Cquoted\xE2\x80\x9D caf\xC3\xA9");
  }
  SECTION("undeclared UTF-8") {
    const auto a = html("<html><head><title>T</title></head><body><p>caf\xC3\xA9 \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC</p></body></html>");
    CHECK(a.body == "caf\xC3\xA9 \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC");
  }
  SECTION("a UTF-8 byte order mark") {
    const auto a = html("\xEF\xBB\xBF<html><head><title>T</title></head><body><p>caf\xC3\xA9</p></body></html>");
    CHECK(a.body == "caf\xC3\xA9");
  }
  SECTION("a page that lies about its charset still gives valid UTF-8") {
    const auto a = html("<html><head><meta charset=utf-8><title>T</title></head><body><p>caf\xE9 ok</p></body></html>");
    CHECK_FALSE(pt::utf8::first_invalid(a.body));
    CHECK(a.body.ends_with(" ok"));
  }
}

TEST_CASE("HTML: JSON-LD") {
  SECTION("@graph with references to the author and publisher (Yoast)") {
    const auto a = html(R"(<html><head><title>Page</title>
<meta property="og:site_name" content="OG Site"><meta name="author" content="Meta Author">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
  {"@type":"Organization","@id":"https://ex.example/#org","name":"Example Times"},
  {"@type":"WebPage","@id":"https://ex.example/story/","url":"https://ex.example/story/"},
  {"@type":"Person","@id":"https://ex.example/#/person/1","name":"Lee Chang"},
  {"@type":["Article","NewsArticle"],"headline":"Graph headline","datePublished":"2019-09-09T08:00:00+08:00",
   "author":{"@id":"https://ex.example/#/person/1"},"publisher":{"@id":"https://ex.example/#org"},
   "mainEntityOfPage":{"@id":"https://ex.example/story/"}}]}</script>
</head><body><p>Text</p></body></html>)");
    CHECK(a.title == "Graph headline");
    CHECK(show(a.meta.source) == "Example Times | example-times | json-ld | publisher.name: Example Times");
    CHECK(show(a.meta.date) == "2019-09-09 | day | json-ld | datePublished: 2019-09-09T08:00:00+08:00");
    CHECK(show(a.meta.authors) == std::vector<std::string>{"Lee Chang | lee-chang | json-ld | author.name: Lee Chang"});
    CHECK(a.meta.url == "https://ex.example/story/");
  }
  SECTION("invalid JSON-LD is ignored; a later valid block is used") {
    const auto a = html(R"(<html><head><title>Page title</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Broken",}</script>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Not closed"</script>
<script type="application/ld+json">[{"@type":"BreadcrumbList"},{"@type":"ReportageNewsArticle","headline":"Good","author":"Ann Lee, Bob Ray"}]</script>
</head><body><p>Text</p></body></html>)");
    CHECK(a.title == "Good");
    CHECK(show(a.meta.authors) == std::vector<std::string>{"Ann Lee | ann-lee | json-ld | author: Ann Lee, Bob Ray",
                                                           "Bob Ray | bob-ray | json-ld | author: Ann Lee, Bob Ray"});
  }
  SECTION("only invalid JSON-LD: meta tags as if it were not there") {
    const auto a = html(R"(<title>Page title</title><meta property="og:site_name" content="Site">
<script type="application/ld+json">not json at all</script><p>Text</p>)");
    CHECK(a.title == "Page title");
    CHECK(show(a.meta.source) == "Site | site | html-meta | <meta property=\"og:site_name\" content=\"Site\">");
  }
  SECTION("other types are not the article; a bad date falls back to the meta tag") {
    const auto a = html(R"(<title>Page title</title><meta property="article:published_time" content="2019-09-09">
<script type="application/ld+json">{"@type":"WebSite","name":"Not an article"}</script>
<script type="application/ld+json">{"@type":"BlogPosting","datePublished":"2019-02-29","author":{"name":"Kim Ode"}}</script><p>Text</p>)");
    CHECK(a.title == "Page title");
    CHECK(show(a.meta.date) ==
          "2019-09-09 | day | html-meta | <meta property=\"article:published_time\" content=\"2019-09-09\">");
    CHECK(names(a.meta.authors) == std::vector<std::string>{"Kim Ode"});
  }
  SECTION("a WebPage whose mainEntity is the article") {
    const auto a = html(R"(<title>Page</title><script type="application/ld+json">
{"@type":"WebPage","mainEntity":{"@type":"NewsArticle","headline":"Main entity headline"}}</script><p>Text</p>)");
    CHECK(a.title == "Main entity headline");
  }
}

TEST_CASE("HTML: script text never reaches the body") {
  const auto a = html(R"(<html><head><script>var head = "SCRIPT1";</script></head><body>
<p>Before <script>document.write("<p>SCRIPT2</p>")</script>after.</p>
<script type="text/template"><p>SCRIPT3</p></script>
<template><p>SCRIPT4</p></template>
<script type="application/ld+json">{"headline": "SCRIPT5"}</script>
<style>p::before { content: "SCRIPT6"; }</style>
<svg><text>SCRIPT7</text></svg>
<p>End.</p></body></html>)");
  // No title anywhere: the first line is the title, as for plain text.
  CHECK(a.title == "Before after.");
  CHECK(a.body == "End.");
}

TEST_CASE("HTML: pages with no text") {
  struct Case {
    const char* name;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {"empty", ""},
      {"white space", " \n\t "},
      {"only scripts", "<html><head><script>var x = 'text';</script></head><body><script>alert('hi')</script></body></html>"},
      {"only furniture", "<html><head><title>Title only</title></head><body><nav>Home</nav><footer>(c)</footer></body></html>"},
      {"only markup", "<html><body><div><p> &nbsp; </p></div></body></html>"},
  };
  for (const auto& c : cases) {
    SECTION(c.name) { CHECK(html_problem(c.bytes) == "HTML page has no text"); }
  }
}

TEST_CASE("HTML: deep nesting and big pages") {
  SECTION("nested tables") {
    std::string page = "<html><body>";
    for (int i = 0; i < 200; ++i) page += "<table><tr><td>";
    page += "deep cell";
    for (int i = 0; i < 200; ++i) page += "</td></tr></table>";
    page += "</body></html>";
    CHECK(html(page).title == "deep cell");
  }
  SECTION("100000 nested elements (past libxml2's default limit of 256; nothing recurses)") {
    std::string page = "<html><head><title>T</title></head><body><p>top</p>";
    for (int i = 0; i < 50000; ++i) page += "<div><span>";
    page += "bottom";
    page += "</body></html>";
    CHECK(html(page).body == "top\nbottom");
  }
  SECTION("a 4 MB page") {
    std::string page = "<html><head><title>T</title></head><body><article>";
    std::size_t lines = 0;
    while (page.size() < (4u << 20)) {
      page += "<p>Paragraph " + std::to_string(lines++) + " with some words &amp; an entity.</p>\n";
    }
    page += "</article></body></html>";
    const auto a = html(page);
    CHECK(static_cast<std::size_t>(std::count(a.body.begin(), a.body.end(), '\n')) == lines - 1);
    CHECK(a.body.ends_with("Paragraph " + std::to_string(lines - 1) + " with some words & an entity."));
  }
}

// ---------------------------------------------------------------------------------------------
// Sidecars

TEST_CASE("sidecar: fields win over what was read") {
  std::vector<std::string> warnings;
  Article a = parse_text_with_front_matter("---\nsource: Front\nauthor: Old Name\n---\nOld title\nBody\n", warnings);
  a.meta.actors.push_back(Actor{"Donald Trump", "donald-trump", ActorType::Person, 3, 1.0, Origin{"gazetteer", "Trump"}});
  apply_sidecar(R"({
    "title": "New  title",
    "source": "Global Research",
    "original_source": "OneWorld",
    "date": "2019-09-09T14:03:00Z",
    "authors": ["Andrew Korybko", "Pepe Escobar"],
    "url": "https://www.globalresearch.ca/x/1",
    "tags": ["ignored", "unknown keys"],
    "nested": {"also": "ignored"}
  })", a);
  CHECK(a.title == "New title");
  CHECK(a.body == "Body");
  CHECK(show(a.meta.source) == "Global Research | global-research | sidecar | source: Global Research");
  CHECK(show(a.meta.original_source) == "OneWorld | oneworld | sidecar | original_source: OneWorld");
  CHECK(show(a.meta.date) == "2019-09-09 | day | sidecar | date: 2019-09-09T14:03:00Z");
  CHECK(show(a.meta.authors) == std::vector<std::string>{"Andrew Korybko | andrew-korybko | sidecar | authors: Andrew Korybko",
                                                         "Pepe Escobar | pepe-escobar | sidecar | authors: Pepe Escobar"});
  CHECK(a.meta.url == "https://www.globalresearch.ca/x/1");
  CHECK(a.meta.actors.size() == 1);
}

TEST_CASE("sidecar: partial, string authors, null and empty values") {
  Article a;
  a.title = "Kept";
  a.meta.source = Outlet{"Front", "front", Origin{"front-matter", "source: Front"}};
  apply_sidecar(R"({"author": "Max Blumenthal and Ben Norton", "source": null, "title": "", "date": "2019"})", a);
  CHECK(a.title == "Kept");
  CHECK(a.meta.source->name == "Front");
  CHECK(show(a.meta.date) == "2019 | year | sidecar | date: 2019");
  CHECK(show(a.meta.authors) ==
        std::vector<std::string>{"Max Blumenthal | max-blumenthal | sidecar | author: Max Blumenthal and Ben Norton",
                                 "Ben Norton | ben-norton | sidecar | author: Max Blumenthal and Ben Norton"});
  apply_sidecar("{}", a);  // nothing to say: nothing changes
  CHECK(a.meta.authors.size() == 2);
}

TEST_CASE("sidecar: errors name the problem and leave the article unchanged") {
  struct Case {
    const char* json;
    const char* error;  // the whole message, or its start when it ends in "..."
  };
  const std::vector<Case> cases = {
      {"", "sidecar: invalid JSON: ..."},
      {"{\"title\": \"x\",}", "sidecar: invalid JSON: ..."},
      {"{\"title\": \"unterminated", "sidecar: invalid JSON: ..."},
      {"{\"title\": \"caf\xE9\"}", "sidecar: invalid JSON: ..."},
      {"[1, 2]", "sidecar: expected a JSON object, got array"},
      {"\"just a string\"", "sidecar: expected a JSON object, got string"},
      {"{\"title\": 5}", "sidecar: title: expected a string, got number"},
      {"{\"source\": {\"name\": \"X\"}}", "sidecar: source: expected a string, got object"},
      {"{\"original_source\": true}", "sidecar: original_source: expected a string, got boolean"},
      {"{\"url\": [\"https://x.example\"]}", "sidecar: url: expected a string, got array"},
      {"{\"date\": 20190909}", "sidecar: date: expected a string, got number"},
      {"{\"authors\": {\"name\": \"X\"}}", "sidecar: authors: expected a string or an array of strings, got object"},
      {"{\"authors\": [\"A\", 2]}", "sidecar: authors[1]: expected a string, got number"},
      {"{\"date\": \"2019-02-29\"}", "sidecar: date: impossible or unrecognised date '2019-02-29'"},
      {"{\"date\": \"2019-13-45\"}", "sidecar: date: impossible or unrecognised date '2019-13-45'"},
      {"{\"date\": \"next week\"}", "sidecar: date: impossible or unrecognised date 'next week'"},
      {"{\"source\": \"!!!\"}", "sidecar: source: '!!!' has no letters or digits"},
      {"{\"title\": \"New\", \"authors\": [\"\xE2\x80\x94\"]}", "sidecar: authors: '\xE2\x80\x94' has no letters or digits"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.json);
    Article a;
    a.title = "Original";
    a.meta.url = "https://original.example/";
    const auto error = sidecar_error(c.json, a);
    const std::string expected = c.error;
    if (expected.ends_with("...")) CHECK(error.starts_with(expected.substr(0, expected.size() - 3)));
    else CHECK(error == expected);
    CHECK(error.find("[json.exception") == std::string::npos);
    CHECK_FALSE(pt::utf8::first_invalid(error));
    CHECK(a.title == "Original");
    CHECK(a.meta.url == "https://original.example/");
  }
}
