// Unit tests: text metadata (source, original source, date, authors from the text) and line roles, table-driven, with traps.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "extract/lines.h"
#include "extract/text_cues.h"
#include "ptindex/article.h"
#include "ptindex/extract.h"

using namespace pt::indexer;

namespace {

// As ptindex reads a text file: normalise, title/body, then the text cues.
Article extracted(std::string_view text) {
  Article a = parse_text_article(normalize_text(text));
  extract_text_metadata(a);
  return a;
}

std::string source_of(const Article& a) { return a.meta.source ? a.meta.source->name : "-"; }
std::string source_how(const Article& a) { return a.meta.source ? a.meta.source->origin.how : "-"; }
std::string original_of(const Article& a) { return a.meta.original_source ? a.meta.original_source->name : "-"; }
std::string date_of(const Article& a) {
  return a.meta.date ? a.meta.date->iso() + "/" + std::string(to_string(a.meta.date->precision)) + "/" + a.meta.date->origin.how
                     : "-";
}
std::string authors_of(const Article& a) {
  std::string out;
  for (const auto& au : a.meta.authors) out += (out.empty() ? "" : "; ") + au.name;
  return out.empty() ? "-" : out;
}

// A long paragraph of prose, so that cues before and after it sit in the head and tail.
const std::string kProse =
    "The Taliban and the United States have been negotiating in Doha for nearly a year, and both sides said on "
    "Saturday that the talks had made progress on a timetable for the withdrawal of foreign troops from Afghanistan, "
    "while the government in Kabul was kept out of the room and watched the process with growing unease.";

std::string article(const std::string& head, const std::string& tail = "") {
  return "A Headline About Afghanistan\n\n" + head + (head.empty() ? "" : "\n\n") + kProse + "\n\n" + kProse + "\n\n" + kProse +
         "\n\n" + kProse + (tail.empty() ? "" : "\n\n" + tail) + "\n";
}

std::string read_sample(const std::string& name) {
  const auto path = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "sample-corpus" / name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("text source: cues, their traps and their precedence", "[text_metadata]") {
  struct Case {
    const char* name;
    std::string text;
    std::string source, how, original;
  };
  const std::vector<Case> cases = {
      {"lede with a hyphen", "Title\n(Baonghean) - Hope followed by disappointment.\n" + kProse, "Baonghean", "lede", "-"},
      {"lede with an en dash", "Title\n(Baonghean) \xE2\x80\x93 Hope followed by disappointment.\n" + kProse, "Baonghean", "lede", "-"},
      {"lede with an em dash after a place", "Title\nKABUL (Reuters) \xE2\x80\x94 The Taliban said on Sunday.\n" + kProse, "Reuters",
       "lede", "-"},
      {"lede as the first line (it becomes the title)", "(VNA) - Hanoi hosted the talks on Monday.\n" + kProse, "VNA", "lede", "-"},
      {"a parenthesis opening prose is no lede",
       "Title\n" + kProse + "\n(These civil and military issues are the subject of a thorough review, July 7, 2020.) More.", "-", "-",
       "-"},
      {"a lede deep in the text is no lede", article("", "(AP) - A late paragraph that quotes a wire lede."), "-", "-", "-"},
      {"source line after the last paragraph", article("", "By Andrew Korybko\nSource: Oriental Review"), "Oriental Review",
       "source-line", "-"},
      {"source line with markdown", article("", "Source: **[Oriental Review](#)**"), "Oriental Review", "source-line", "-"},
      {"trap: 'Source: Reuters' photo caption inside another outlet's article",
       "Title\n(Baonghean) - Hope followed by disappointment.\n" + kProse + "\n![]() |\nUS President Donald Trump at Camp David. Source: Reuters |\n" +
           kProse,
       "Baonghean", "lede", "-"},
      {"trap: a caption 'Source: Reuters' under an image is not the source",
       article("", "![](https://example.com/trump.jpg)\nSource: Reuters"), "-", "-", "-"},
      {"trap: a table-cell caption ending in '|' is not the source",
       article("", "Negotiations have been going on in Doha. Source: Al Jazeera |"), "-", "-", "-"},
      {"trap: 'Source: World Bank' under a chart mid-article is a data citation",
       "Title\n\n" + kProse + "\n\n" + kProse + "\n\nSource: World Bank\n\n" + kProse + "\n\n" + kProse + "\n\n" + kProse + "\n\n" +
           kProse + "\n\n" + kProse + "\n\n" + kProse,
       "-", "-", "-"},
      {"trap: a web address is not a name", article("", "Source: www.globalresearch.ca"), "-", "-", "-"},
      {"trap: 'Source: own calculations' is not an outlet", article("", "Source: own calculations"), "-", "-", "-"},
      {"the original source line", article("", "The original source of this article is Global Research  "), "Global Research",
       "original-source-line", "-"},
      {"originally published on, with markdown: original source only",
       article("", "*This article was originally published on [OneWorld](#).*"), "-", "-", "OneWorld"},
      {"originally published in, with a date after the name",
       article("", "This article was originally published in The Nation on September 3, 2019."), "-", "-", "The Nation"},
      {"first appeared in", article("", "This article first appeared in Truthout."), "-", "-", "Truthout"},
      {"an original source that is the source itself is dropped",
       article("", "This article was originally published on Oriental Review.\nSource: Oriental Review"), "Oriental Review",
       "source-line", "-"},
      {"partner archive with an empty name first, the real one last",
       "Title\n\nThis article is from the archive of our partner .\n\n" + kProse + "\n\nThis article is from the archive of our partner The Wire.",
       "The Wire", "partner-archive", "-"},
      {"trap: a partner archive with only an empty name", "Title\n\nThis article is from the archive of our partner .\n\n" + kProse, "-",
       "-", "-"},
      {"dateline: outlet and date", article("By [Andrew Korybko](#)\n\nGlobal Research, September 09, 2019"), "Global Research",
       "dateline", "-"},
      {"dateline of a place is no outlet", article("KABUL, September 9, 2019"), "-", "-", "-"},
      {"copyright: the outlet, not the person",
       article("By Andrew Korybko", "Copyright \xC2\xA9 [Andrew Korybko](#), Global Research, 2019"), "Global Research", "copyright",
       "-"},
      {"trap: copyright held by a person only", article("", "\xC2\xA9 Jane Doe 2019"), "-", "-", "-"},
      {"copyright with a range and all rights reserved",
       article("", "\xC2\xA9 2005\xE2\x80\x93" "2019 Example News. All rights reserved."), "Example News", "copyright", "-"},
      {"byline with an outlet", article("By Andrew Korybko, Global Research"), "Global Research", "byline", "-"},
      {"precedence: the original source line beats the dateline, the lede and the copyright",
       "Title\n(Baonghean) - Hope.\n\nGlobal Research, September 09, 2019\n\n" + kProse + "\n\nThe original source of this article is OneWorld\nCopyright \xC2\xA9 Example News, 2019",
       "OneWorld", "original-source-line", "-"},
      {"precedence: a dateline beats a lede", "Title\nGlobal Research, September 09, 2019\n(Baonghean) - Hope.\n" + kProse,
       "Global Research", "dateline", "-"},
      {"precedence: a lede beats a source line", "Title\n(Baonghean) - Hope.\n" + kProse + "\nSource: Oriental Review", "Baonghean",
       "lede", "-"},
      {"precedence: a source line beats a partner archive and copyright",
       article("", "Source: Oriental Review\nThis article is from the archive of our partner The Wire.\n\xC2\xA9 2019 Example News"),
       "Oriental Review", "source-line", "-"},
      {"no cue at all", article(""), "-", "-", "-"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const Article a = extracted(c.text);
    CHECK(source_of(a) == c.source);
    CHECK(source_how(a) == c.how);
    CHECK(original_of(a) == c.original);
    if (a.meta.source) {
      CHECK(a.meta.source->slug == slugify(c.source));
      CHECK(!a.meta.source->origin.evidence.empty());
    }
  }
}

TEST_CASE("text date: datelines and copyright years, never a date from prose, quotations or citations", "[text_metadata]") {
  struct Case {
    const char* name;
    std::string text;
    std::string date;
  };
  const std::vector<Case> cases = {
      {"dateline with an outlet", article("Global Research, September 09, 2019"), "2019-09-09/day/dateline"},
      {"dateline with a weekday", article("Monday, September 9, 2019"), "2019-09-09/day/dateline"},
      {"day before month", article("Published: 9 September 2019"), "2019-09-09/day/dateline"},
      {"ISO date after a label", article("Posted on 2019-09-09"), "2019-09-09/day/dateline"},
      {"abbreviated month with a time", article("Published Sept. 9, 2019 10:30 AM GMT"), "2019-09-09/day/dateline"},
      {"month precision", article("Global Research, September 2019"), "2019-09/month/dateline"},
      {"published line in the tail", article("", "Published on September 9, 2019"), "2019-09-09/day/dateline"},
      {"byline ending with a date", article("By Jane Doe, September 9, 2019"), "2019-09-09/day/dateline"},
      {"copyright year", article("", "Copyright \xC2\xA9 Andrew Korybko, Global Research, 2019"), "2019/year/copyright"},
      {"a dateline beats a copyright year",
       article("Global Research, September 09, 2019", "Copyright \xC2\xA9 Global Research, 2018"), "2019-09-09/day/dateline"},
      {"trap: a copyright range is the site's span, not the article's year",
       article("", "\xC2\xA9 2005-2019 Example News. All rights reserved."), "-"},
      {"trap: a date inside a quotation", article("\xE2\x80\x9CGlobal Research, September 09, 2019\xE2\x80\x9D"), "-"},
      {"trap: a quoted sentence with a date",
       article("He said: \"On September 9, 2019 we will sign the agreement in Doha.\""), "-"},
      {"trap: a date inside a parenthesised citation",
       article("(These civil and military issues are the subject of a thorough review, with comprehensive quotations, maps and "
               "graphs in Afghanistan: The Prospects for Real Peace, July 7, 2020, "
               "www.csis.org/analysis/afghanistan-prospects-real-peace.)"),
       "-"},
      {"trap: a citation's title and date on a line of its own", article("Afghanistan: The Prospects for Real Peace, July 7, 2020"), "-"},
      {"trap: dates of events in the prose",
       "Title\nSeptember 8th could have gone down in Afghan history. The Taliban has agreed to hold intra-Afghan talks on September "
       "23, 2019.\n" + kProse,
       "-"},
      {"trap: an update is not the publication", article("Updated: September 10, 2019"), "-"},
      {"trap: an impossible date", article("Global Research, February 30, 2019"), "-"},
      {"trap: a year without a day or month is no dateline", article("Global Research, 2019"), "-"},
      {"no date at all", article(""), "-"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const Article a = extracted(c.text);
    CHECK(date_of(a) == c.date);
    if (a.meta.date) {
      const auto& d = *a.meta.date;
      CHECK(valid_date(d.year, d.month == 0 ? 1 : d.month, d.day == 0 ? 1 : d.day));
    }
  }
}

TEST_CASE("text authors: bylines, 'Articles by' and 'Author:', names that look like names", "[text_metadata]") {
  struct Case {
    const char* name;
    std::string text;
    std::string authors, how;
  };
  const std::vector<Case> cases = {
      {"byline on a line of its own", article("By Andrew Korybko"), "Andrew Korybko", "byline"},
      {"markdown-linked byline", article("By [Andrew Korybko](#)"), "Andrew Korybko", "byline"},
      {"bold markdown-linked byline", article("**By [Andrew Korybko](https://example.com/author/korybko)**"), "Andrew Korybko",
       "byline"},
      {"byline after the article", article("", "By Andrew Korybko\nSource: Oriental Review"), "Andrew Korybko", "byline"},
      {"two authors", article("By Jane Doe and John Roe"), "Jane Doe; John Roe", "byline"},
      {"three authors", article("By Jane Doe, John Roe and Maria de la Cruz"), "Jane Doe; John Roe; Maria de la Cruz", "byline"},
      {"two linked authors", article("By [Jane Doe](#) & [John Roe](#)"), "Jane Doe; John Roe", "byline"},
      {"byline with an outlet", article("By Andrew Korybko, Global Research"), "Andrew Korybko", "byline"},
      {"byline with a pipe and an outlet", article("By Jane Doe | Reuters"), "Jane Doe", "byline"},
      {"shouted byline", article("BY JANE DOE"), "Jane Doe", "byline"},
      {"byline with a title", article("By Dr. Jane Doe"), "Jane Doe", "byline"},
      {"written by", article("Written by Jane Doe"), "Jane Doe", "byline"},
      {"author line", article("Author: Jane Doe"), "Jane Doe", "byline"},
      {"articles by", article("", "Articles by: [Andrew Korybko](#)"), "Andrew Korybko", "articles-by"},
      {"a byline wins over 'Articles by'", article("By Jane Doe", "Articles by: [Andrew Korybko](#)"), "Jane Doe", "byline"},
      {"trap: By contrast", article("By contrast, the Taliban refused to talk."), "-", "-"},
      {"trap: By the way", article("By the way"), "-", "-"},
      {"trap: By The Way as a heading", article("By The Way"), "-", "-"},
      {"trap: By a year", article("By 2020, the US had withdrawn most troops."), "-", "-"},
      {"trap: By a title and a name", article("By President Trump's order"), "-", "-"},
      {"trap: By an outlet's staff", article("By Reuters Staff"), "-", "-"},
      {"trap: By a single word", article("By Sunday"), "-", "-"},
      {"trap: a byline inside a quotation", article("\xE2\x80\x9C" "By Jane Doe\xE2\x80\x9D"), "-", "-"},
      {"trap: a byline inside a caption", article("", "![]()\nBy Jane Doe"), "-", "-"},
      {"no byline", article(""), "-", "-"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const Article a = extracted(c.text);
    CHECK(authors_of(a) == c.authors);
    CHECK((a.meta.authors.empty() ? std::string("-") : a.meta.authors.front().origin.how) == c.how);
    for (const auto& au : a.meta.authors) CHECK(au.slug == slugify(au.name));
  }
}

TEST_CASE("text metadata: explicit metadata wins, empty fields are filled", "[text_metadata]") {
  Article a = parse_text_article(normalize_text(article("By Andrew Korybko\n\nGlobal Research, September 09, 2019")));
  a.meta.source = Outlet{"Oriental Review", "oriental-review", Origin{"front-matter", "source: Oriental Review"}};
  a.meta.authors = {Author{"Jane Doe", "jane-doe", Origin{"sidecar", "authors"}}};
  extract_text_metadata(a);
  REQUIRE(a.meta.source);
  CHECK(a.meta.source->name == "Oriental Review");
  CHECK(a.meta.source->origin.how == "front-matter");
  REQUIRE(a.meta.authors.size() == 1);
  CHECK(a.meta.authors[0].name == "Jane Doe");
  REQUIRE(a.meta.date);  // the date was empty: the dateline fills it
  CHECK(a.meta.date->iso() == "2019-09-09");
  CHECK(a.meta.date->origin.evidence == "Global Research, September 09, 2019");
}

TEST_CASE("text metadata on the sample corpus", "[text_metadata]") {
  struct Case {
    const char* file;
    std::string source, how, original, date, authors;
  };
  const std::vector<Case> cases = {
      {"000_a188337ed794e192.txt", "Baonghean", "lede", "-", "-", "-"},
      {"001_da17fc448e34686d.txt", "Global Research", "original-source-line", "OneWorld", "2019-09-09/day/dateline", "Andrew Korybko"},
      {"002_9c83e067df388347.txt", "Oriental Review", "source-line", "-", "-", "Andrew Korybko"},
      {"003_be81196f20b58ea7.txt", "-", "-", "-", "-", "-"},
      {"004_070143b364e2e163.txt", "The Wire", "partner-archive", "-", "-", "-"},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    const Article a = extracted(read_sample(c.file));
    CHECK(source_of(a) == c.source);
    CHECK(source_how(a) == c.how);
    CHECK(original_of(a) == c.original);
    CHECK(date_of(a) == c.date);
    CHECK(authors_of(a) == c.authors);
  }
  const Article a = extracted(read_sample("001_da17fc448e34686d.txt"));
  REQUIRE(a.meta.source);
  CHECK(a.meta.source->slug == "global-research");
  CHECK(a.meta.source->origin.evidence == "The original source of this article is Global Research");
  REQUIRE(a.meta.original_source);
  CHECK(a.meta.original_source->slug == "oneworld");
  REQUIRE(a.meta.authors.size() == 1);
  CHECK(a.meta.authors[0].slug == "andrew-korybko");
}

namespace {

// The role of the first line of `body` whose text contains `needle`.
std::optional<LineRole> role_of(std::string_view body, std::string_view needle) {
  for (const auto& line : classify_lines(body))
    if (line.text(body).find(needle) != std::string_view::npos) return line.role;
  return std::nullopt;
}

const char* role_name(std::optional<LineRole> r) {
  if (!r) return "absent";
  switch (*r) {
    case LineRole::Content: return "content";
    case LineRole::Caption: return "caption";
    case LineRole::Credit: return "credit";
    case LineRole::Boilerplate: return "boilerplate";
    case LineRole::Blank: return "blank";
  }
  return "?";
}

}  // namespace

TEST_CASE("line roles: captions, credits, boilerplate, bios, navigation, and content that only looks like them", "[lines]") {
  struct Case {
    const char* name;
    std::string body;
    std::string line;  // a piece of the line to judge
    std::string role;
  };
  const std::string early = kProse + "\n\n";  // puts a line in the first half when it follows
  const std::string late = kProse + "\n\n" + kProse + "\n\n" + kProse + "\n\n";
  const std::vector<Case> cases = {
      {"image mark", kProse + "\n![]() |\nTrump at Camp David. Source: Reuters |\n" + kProse, "![]() |", "caption"},
      {"line after an image mark", kProse + "\n![]() |\nTrump at Camp David. Source: Reuters |\n" + kProse, "Camp David. Source",
       "caption"},
      {"caption after an image and a blank line", kProse + "\n![](a.jpg)\n\nThe envoy in Doha.\n\n" + kProse, "The envoy in Doha",
       "caption"},
      {"table-cell caption without an image mark", kProse + "\nNegotiations in Doha. Source: Al Jazeera |\n" + kProse,
       "Source: Al Jazeera", "caption"},
      {"caption ending with a photo credit", kProse + "\nThe president speaks in Kabul. (Photo: Reuters)\n" + kProse,
       "speaks in Kabul", "caption"},
      {"featured image credit", late + "*Featured image is from OneWorld*", "Featured image", "credit"},
      {"photo credit", kProse + "\nPhoto: AP\n" + kProse, "Photo: AP", "credit"},
      {"wire photographer credit", kProse + "\nREUTERS/Kevin Lamarque\n" + kProse, "REUTERS/", "credit"},
      {"note to readers", late + "Note to readers: please click the share buttons above or below.", "Note to readers", "boilerplate"},
      {"copyright line", late + "Copyright \xC2\xA9 [Andrew Korybko](#), Global Research, 2019", "Copyright", "boilerplate"},
      {"disclaimer", late + "**Disclaimer:** The contents of this article are of sole responsibility of the author(s).",
       "Disclaimer", "boilerplate"},
      {"fair-use notice", late + "[www.globalresearch.ca](http://www.globalresearch.ca) contains copyrighted material the use of which",
       "copyrighted material", "boilerplate"},
      {"comment on our Facebook page", late + "[Comment on Global Research Articles on our Facebook page](#)", "Facebook",
       "boilerplate"},
      {"become a member", late + "[Become a Member of Global Research](#)", "Become a Member", "boilerplate"},
      {"subscribe", late + "Subscribe to our newsletter", "Subscribe", "boilerplate"},
      {"share widget", late + "Share this:", "Share this", "boilerplate"},
      {"similar posts heading", late + "Similar Posts\n\nA Headline Of Another Story By Trump\n\nLeave a Reply",
       "Similar Posts", "boilerplate"},
      {"everything after similar posts", late + "Similar Posts\n\nTrump Meets Putin in Helsinki\n\nLeave a Reply",
       "Trump Meets Putin", "boilerplate"},
      {"leave a reply", late + "Leave a Reply\n\nYour email address will not be published. Required fields are marked *",
       "Leave a Reply", "boilerplate"},
      {"comment form", late + "Leave a Reply\n\nYour email address will not be published. Required fields are marked *",
       "Your email address", "boilerplate"},
      {"comments after a count heading", late + "12 Comments\n\nJohn Smith says the Taliban will win.", "John Smith says",
       "boilerplate"},
      {"bio opening with a bold name",
       late + "**Andrew Korybko** is an American Moscow-based political analyst specializing in Hybrid Warfare.", "political analyst",
       "boilerplate"},
      {"about the author section",
       late + "## About the author:\n\nAndrew Korybko is an American Moscow-based political analyst. He lives in Moscow.",
       "He lives in Moscow", "boilerplate"},
      {"bio by name and role late in the article", late + "Jane Doe is a journalist based in Kabul who covers South Asia.",
       "Jane Doe is", "boilerplate"},
      {"articles by", late + "Articles by: [Andrew Korybko](#)", "Articles by", "boilerplate"},
      {"stand-alone byline", "By [Andrew Korybko](#)\n\n" + kProse, "By [Andrew", "boilerplate"},
      {"stand-alone dateline", "Global Research, September 09, 2019\n\n" + kProse, "Global Research,", "boilerplate"},
      {"source line", late + "Source: Oriental Review", "Source: Oriental", "boilerplate"},
      {"originally published", late + "*This article was originally published on [OneWorld](#).*", "originally", "boilerplate"},
      {"partner archive", "This article is from the archive of our partner .\n\n" + kProse, "partner", "boilerplate"},
      {"taxonomy", "Region: [Asia](#)\n\nTheme: [Intelligence](#)\n\n" + kProse, "Theme:", "boilerplate"},
      {"breadcrumb", "Home \xC2\xBB World \xC2\xBB Asia\n\n" + kProse, "World", "boilerplate"},
      {"navigation word", "Menu\n\n" + kProse, "Menu", "boilerplate"},
      {"recommended reading widget mid-article", early + "Recommended Reading\n\n" + late, "Recommended Reading", "boilerplate"},
      {"horizontal rule", kProse + "\n\n---\n\n" + kProse, "---", "blank"},
      {"escaped rule", kProse + "\n\n\\*\\*\\*\n\n" + kProse, "\\*\\*\\*", "blank"},
      // Content that only looks like boilerplate.
      {"prose after recommended reading mid-article", early + "Recommended Reading\n\nThe complicated three-way negotiations " + kProse + "\n\n" + late,
       "three-way", "content"},
      {"related articles in the first half ends nothing", "Related Articles\n\n" + kProse + "\n\n" + late, "Doha for nearly", "content"},
      {"declined to comment on", kProse + "\nThe minister declined to comment on the report.\n" + kProse, "declined", "content"},
      {"subscribers", kProse + "\nSubscribers to the treaty include Pakistan and Qatar.\n" + kProse, "Subscribers", "content"},
      {"copyright in prose", "Copyright law reform stalled in the European Parliament this week, officials said, after months of "
                             "talks between member states and publishers of news.\n\n" + kProse,
       "Copyright law", "content"},
      {"a person 'is a' sentence early in the article",
       "Zalmay Khalilzad is an Afghan-American diplomat and writer who leads the talks.\n\n" + late, "Khalilzad", "content"},
      {"a long paragraph after an image is prose", kProse + "\n![](a.jpg)\n" + kProse + " " + kProse, "Saturday", "content"},
      {"a quotation", kProse + "\n\xE2\x80\x9CIf the Taliban cannot cease fire, they have no right to negotiate.\xE2\x80\x9D\n" + kProse,
       "cease fire", "content"},
      {"by contrast", kProse + "\nBy contrast, the Taliban refused to talk.\n" + kProse, "By contrast", "content"},
      {"a footnote", late + "## Note\n\n[1] legally designated as a terrorist group by Russia", "legally designated", "content"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(std::string(role_name(role_of(c.body, c.line))) == c.role);
  }
}

TEST_CASE("hard-wrapped text (Reuters): wrapped lines are prose, never bylines, ledes or datelines", "[text_metadata][lines]") {
  // Reuters-21578 as rendered for ptindex: title line, dateline, body wrapped at ~65 columns with
  // indented paragraphs.
  const std::string wrapped =
      "MOBIL TO UPGRADE REFINERY UNIT\n"
      "NEW YORK, March 26 - Mobil Corp said it will spend over 30 mln\n"
      "dlrs to upgrade a gasoline-producing unit at its refinery, a\n"
      "project that was underwritten and arranged for the company\n"
      "by Kidder Peabody and Co. The upgrade is due to be completed in\n"
      "February 1986.\n"
      "    The company said the unit was reviewed earlier this year\n"
      "by Rep. Arlan Stangeland, R-Minn., who asked that the stock of\n"
      "Record March 31, 1987 be included, and the Bank of England\n"
      "said in a separate statement it did not comment on the plan.\n";
  const Article a = extracted(wrapped);
  CHECK(source_of(a) == "-");
  CHECK(date_of(a) == "-");
  CHECK(authors_of(a) == "-");
  for (const auto& line : classify_lines(a.body)) {
    INFO(line.text(a.body));
    CHECK(line.role == LineRole::Content);
  }
  CHECK(cues::hard_wrapped(a.body));
  CHECK_FALSE(cues::hard_wrapped(read_sample("001_da17fc448e34686d.txt")));

  struct Case {
    const char* name;
    std::string text;
    std::string source, date;
  };
  const std::vector<Case> headers = {
      {"a correction marker is no lede", "(CORRECTED) - MOBIL <MOB> TO UPGRADE REFINERY UNIT\n" + kProse, "-", "-"},
      {"a table header is no lede", "TOKYO RUBBER (YEN PER KILO) - APRIL 07\n" + kProse, "-", "-"},
      {"a continuation marker is no lede", "Title\n(Continued) - The India State Trading Corp bought soybean oil.\n" + kProse, "-",
       "-"},
      {"a figure line is no dateline", "Title\nYear ended December 31, 1986.\n" + kProse, "-", "-"},
      {"a record date is no dateline", "Title\nRecord March 31, 1987\n" + kProse, "-", "-"},
      {"a Reuters dateline with a sentence is no dateline", "Title\nFRANKFURT, March 29 - Year ended December 31, 1986.\n" + kProse,
       "-", "-"},
  };
  for (const auto& c : headers) {
    INFO(c.name);
    const Article h = extracted(c.text);
    CHECK(source_of(h) == c.source);
    CHECK(date_of(h) == c.date);
  }
}

TEST_CASE("line roles: every line of the body, with byte offsets", "[lines]") {
  const std::string body = "First line\n\nSecond line";
  const auto lines = classify_lines(body);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].text(body) == "First line");
  CHECK(lines[1].role == LineRole::Blank);
  CHECK(lines[2].begin == 12);
  CHECK(lines[2].text(body) == "Second line");
  CHECK(classify_lines("").size() == 1);
}

TEST_CASE("line roles on the sample corpus: captions, credits and page furniture", "[lines]") {
  struct Case {
    const char* file;
    const char* line;
    const char* role;
  };
  const std::vector<Case> cases = {
      {"000_a188337ed794e192.txt", "Source: Reuters |", "caption"},
      {"000_a188337ed794e192.txt", "Source: Al Jazeera |", "caption"},
      {"000_a188337ed794e192.txt", "Source: AP |", "caption"},
      {"000_a188337ed794e192.txt", "(Baonghean) - Hope", "content"},
      {"000_a188337ed794e192.txt", "Mike Pompeo", "content"},
      {"001_da17fc448e34686d.txt", "Featured image is from OneWorld", "credit"},
      {"001_da17fc448e34686d.txt", "**Andrew Korybko** is an American", "boilerplate"},
      {"001_da17fc448e34686d.txt", "Andrew Korybko is an American", "boilerplate"},
      {"001_da17fc448e34686d.txt", "Centre for Research on Globalization will not", "boilerplate"},
      {"001_da17fc448e34686d.txt", "Facebook page", "boilerplate"},
      {"001_da17fc448e34686d.txt", "originally published on", "boilerplate"},
      {"001_da17fc448e34686d.txt", "Global Research, September 09, 2019", "boilerplate"},
      {"001_da17fc448e34686d.txt", "Secretary of State Pompeo", "content"},
      {"001_da17fc448e34686d.txt", "Pakistan's support", "content"},
      {"002_9c83e067df388347.txt", "Source: Oriental Review", "boilerplate"},
      {"002_9c83e067df388347.txt", "By Andrew Korybko", "boilerplate"},
      {"002_9c83e067df388347.txt", "Similar Posts", "boilerplate"},
      {"002_9c83e067df388347.txt", "Khalilzad", "content"},
      {"003_be81196f20b58ea7.txt", "www.csis.org", "content"},
      {"004_070143b364e2e163.txt", "our partner The Wire", "boilerplate"},
      {"004_070143b364e2e163.txt", "Recommended Reading", "boilerplate"},
      {"004_070143b364e2e163.txt", "The New York Times", "content"},
      {"004_070143b364e2e163.txt", "three-way negotiations", "content"},
  };
  for (const auto& c : cases) {
    INFO(c.file << ": " << c.line);
    const Article a = parse_text_article(normalize_text(read_sample(c.file)));
    CHECK(std::string(role_name(role_of(a.body, c.line))) == c.role);
  }
}

TEST_CASE("text cues: dates at the end of a line, names and outlets", "[text_metadata]") {
  using namespace pt::indexer::cues;
  SECTION("dates") {
    struct Case {
      const char* text;
      std::string iso;  // "-" for none
    };
    const std::vector<Case> cases = {
        {"Global Research, September 09, 2019", "2019-09-09"}, {"9 September 2019", "2019-09-09"},
        {"Sept. 9, 2019", "2019-09-09"},                      {"Monday, 9th September 2019", "2019-09-09"},
        {"2019-09-09", "2019-09-09"},                         {"2019-09-09T14:03:00Z", "2019-09-09"},
        {"September 2019", "2019-09"},                        {"February 29, 2020", "2020-02-29"},
        {"February 29, 2019", "-"},                           {"September 31, 2019", "-"},
        {"2019", "-"},                                        {"the talks in may 2019", "-"},
        {"September 9, 2019, in Doha", "-"},                  {"September 9, 1850", "-"},
    };
    for (const auto& c : cases) {
      INFO(c.text);
      const auto d = date_at_end(c.text);
      std::string iso = "-";
      if (d) {
        PubDate p;
        p.year = d->year;
        p.month = d->month;
        p.day = d->day;
        p.precision = d->precision;
        iso = p.iso();
      }
      CHECK(iso == c.iso);
    }
  }
  SECTION("person names") {
    CHECK(looks_like_person_name("Andrew Korybko"));
    CHECK(looks_like_person_name("Maria de la Cruz"));
    CHECK(looks_like_person_name("J. R. Smith"));
    CHECK(looks_like_person_name("Bashar al-Assad"));
    CHECK(looks_like_person_name("Seán Ó Ríordáin"));
    CHECK_FALSE(looks_like_person_name("Korybko"));
    CHECK_FALSE(looks_like_person_name("Global Research"));
    CHECK_FALSE(looks_like_person_name("Oriental Review"));
    CHECK_FALSE(looks_like_person_name("contrast, the"));
    CHECK_FALSE(looks_like_person_name("The Way"));
    CHECK_FALSE(looks_like_person_name("Reuters Staff"));
    CHECK_FALSE(looks_like_person_name("President Trump"));
    CHECK_FALSE(looks_like_person_name("Agent 007"));
  }
  SECTION("outlet names") {
    CHECK(outlet_name("[OneWorld](#).") == std::optional<std::string>("OneWorld"));
    CHECK(outlet_name("**Oriental Review**") == std::optional<std::string>("Oriental Review"));
    CHECK(outlet_name("Centre for Research on Globalization") == std::optional<std::string>("Centre for Research on Globalization"));
    CHECK(outlet_name("the Guardian") == std::optional<std::string>("the Guardian"));
    CHECK(outlet_name("France 24") == std::optional<std::string>("France 24"));
    CHECK_FALSE(outlet_name("www.globalresearch.ca"));
    CHECK_FALSE(outlet_name("csis.org"));
    CHECK_FALSE(outlet_name("https://example.com"));
    CHECK_FALSE(outlet_name(""));
    CHECK_FALSE(outlet_name(" . "));
    CHECK_FALSE(outlet_name("own research"));
    CHECK_FALSE(outlet_name("Senior Fellow at CSIS"));
    CHECK_FALSE(outlet_name("September 9, 2019"));
    CHECK_FALSE(outlet_name("Twitter"));
  }
  SECTION("plain lines") {
    CHECK(plain_line("*This article was originally published on [OneWorld](#).*") ==
          "This article was originally published on OneWorld.");
    CHECK(plain_line("## About the author:") == "About the author:");
    CHECK(plain_line("\\*\\*\\*") == "");
    CHECK(plain_line("![](a.jpg) Caption text") == "Caption text");
    CHECK(plain_line("[1] legally designated") == "[1] legally designated");
    CHECK(plain_line("snake_case  and   spaces") == "snake_case and spaces");
    // Runs of unmarked text between marks, at both ends and alone (they are copied whole).
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"plain words only", "plain words only"},
        {"", ""},
        {"   ", ""},
        {"tab\there\r", "tab here"},
        {"no\xC2\xA0" "break", "no break"},
        {"caf\xC3\xA9 \xC2\xAB quoted \xC2\xBB", "caf\xC3\xA9 \xC2\xAB quoted \xC2\xBB"},
        {"**bold** and _emph_ and \\_escaped\\_ \\[x\\]", "bold and emph and escaped [x]"},
        {"see [the report](http://x.org/a_b) today!", "see the report today!"},
        {"end with a mark*", "end with a mark"},
        {"_", ""},
        {"a_", "a"},
        {"- list item", "list item"},
        {"> quoted [link](u) and ![img](i.png)", "quoted link and"},
    };
    for (const auto& [line, plain] : cases) {
      INFO(line);
      CHECK(plain_line(line) == plain);
    }
  }
}
