// End-to-end: filters, facets, date ranges, sorting, near-duplicate collapsing and --doc on a corpus with explicit metadata.
#include <catch2/catch.hpp>
#include <set>

#include "cli_support.h"

using namespace cli;
using nlohmann::json;

namespace {

// A shared story long enough to get a collapse key, published by two outlets.
const std::string kWireStory =
    "Negotiators from the Taliban and the United States met in Doha on Monday to resume talks on a "
    "ceasefire in Afghanistan, officials said, after months of stalled contacts over the withdrawal of "
    "foreign troops and the release of prisoners held by the government in Kabul. The envoy said the "
    "two sides agreed to meet again next week.";

struct Article {
  std::string file, front_matter, body;
};

// Front matter gives each article's source, date and authors; bodies name the actors.
const std::vector<Article> kArticles = {
    {"a1.md", "title: Talks resume in Doha\nsource: Alpha News\ndate: 2019-09-09\nauthors: [Jane Roe]", kWireStory},
    {"a2.md", "title: Talks resume, Doha reports\nsource: Bravo Times\ndate: 2019-09-10\nauthor: John Doe", kWireStory},
    {"a3.md", "title: Kabul month review\nsource: Alpha News\ndate: 2019-09",
     "President Donald Trump spoke about Afghanistan and the Taliban. Mr. Trump said the talks were dead."},
    {"a4.md", "title: Year in review\nsource: Bravo Times\ndate: 2019",
     "Pakistan and Afghanistan signed a trade deal. Pakistan said the deal would help Afghanistan."},
    {"a5.md", "title: New year talks\nsource: Alpha News\ndate: 2020-01-15\nauthors: [Jane Roe, John Doe]",
     "Russia hosted the Taliban in Moscow for talks about Afghanistan."},
    {"a6.md", "title: Undated note\nsource: Charlie Post", "A note about Qatar and the Taliban without any date."},
};

fs::path make_corpus(const TempDir& t) {
  const auto c = t / "corpus";
  fs::create_directories(c);
  for (const auto& a : kArticles) write_file(c / a.file, "---\n" + a.front_matter + "\n---\n" + a.body + "\n");
  return c;
}

struct Fixture {
  TempDir t;
  fs::path idx = t / "idx";
  Fixture() {
    const auto r = ptindex({"build", make_corpus(t).string(), "--index", idx.string(), "-q"});
    REQUIRE(r.status == 0);
  }
  json search(const std::vector<std::string>& args) const {
    std::vector<std::string> all = {"--index", idx.string(), "--json", "-n", "100"};
    all.insert(all.end(), args.begin(), args.end());
    const auto r = ptsearch(all);
    INFO(r.err);
    REQUIRE(r.status == 0);
    return json::parse(r.out);
  }
  static std::vector<std::string> ids(const json& j) { return hit_ids(j); }
};

std::uint64_t total(const json& j) {
  CHECK(j.at("total").at("exact") == true);
  return j.at("total").at("estimate").get<std::uint64_t>();
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("facets: counts for the empty query, and every facet value filters to exactly its count", "[cli][facets]") {
  const Fixture f;
  const auto all = f.search({"--facets", "--facet-size", "100", "--", ""});
  CHECK(total(all) == kArticles.size());
  const auto& facets = all.at("facets");
  const auto values = [&](const std::string& name) {
    std::map<std::string, std::uint64_t> out;
    for (const auto& v : facets.at(name).at("values")) out[v.at("value")] = v.at("count");
    return out;
  };
  CHECK(values("source") == std::map<std::string, std::uint64_t>{{"alpha-news", 3}, {"bravo-times", 2}, {"charlie-post", 1}});
  CHECK(values("year") == std::map<std::string, std::uint64_t>{{"2019", 4}, {"2020", 1}});
  CHECK(values("month") == std::map<std::string, std::uint64_t>{{"2019-09", 3}, {"2020-01", 1}});
  for (const auto& v : facets.at("source").at("values"))
    if (v.at("value") == "alpha-news") CHECK(v.at("label") == "Alpha News");
  // The actor facet holds the central actors of these bodies.
  const auto actors = values("actor");
  CHECK(actors.count("taliban"));
  CHECK(actors.count("afghanistan"));

  const std::map<std::string, std::string> option = {{"source", "--source"}, {"actor", "--actor"}, {"year", "--year"}, {"month", "--month"}};
  for (const auto& [name, flag] : option) {
    for (const auto& v : facets.at(name).at("values")) {
      const std::string value = v.at("value");
      INFO(name << " = " << value);
      CHECK(total(f.search({flag, value, "--", ""})) == v.at("count").get<std::uint64_t>());
      CHECK(total(f.search({"--", name + ":\"" + value + "\""})) == v.at("count").get<std::uint64_t>());
    }
  }
}

TEST_CASE("facets: --facet counts only the facets named, with the same counts; --no-snippets", "[cli][facets]") {
  const Fixture f;
  const auto all = f.search({"--facets", "--facet-size", "100", "--", "Taliban"});
  const struct {
    std::vector<std::string> args;
    std::vector<std::string> facets;
  } cases[] = {
      {{"--facet", "source"}, {"source"}},
      {{"--facet", "year", "--facet", "actor"}, {"actor", "year"}},
      {{"--facet", "month"}, {"month"}},
  };
  for (const auto& c : cases) {
    auto args = c.args;
    args.insert(args.end(), {"--facet-size", "100", "--", "Taliban"});
    const auto some = f.search(args);
    std::vector<std::string> names;
    for (const auto& [name, facet] : some.at("facets").items()) {
      names.push_back(name);
      CHECK(facet == all.at("facets").at(name));
    }
    CHECK(sorted(names) == c.facets);
    CHECK(some.at("hits") == all.at("hits"));
  }
  const auto r = ptsearch({"--index", f.idx.string(), "--facet", "sources", "Taliban"});
  CHECK(r.status == 2);
  CHECK(r.err == "ptsearch: unknown facet 'sources' (choose from source, actor, year, month)\n");

  const auto bare = f.search({"--no-snippets", "--", "Taliban"});
  REQUIRE(!bare.at("hits").empty());
  CHECK(Fixture::ids(bare) == Fixture::ids(f.search({"--", "Taliban"})));
  for (const auto& h : bare.at("hits")) CHECK(h.at("snippet").at("text") == "");
}

TEST_CASE("filters: sources, authors and actors by name, alias or surname", "[cli][facets]") {
  const Fixture f;
  CHECK(sorted(f.ids(f.search({"--no-collapse", "--source", "Alpha News", "--", ""}))) ==
        std::vector<std::string>{"a1.md", "a3.md", "a5.md"});
  CHECK(sorted(f.ids(f.search({"--no-collapse", "--", "source:\"alpha news\" OR source:bravo-times"}))).size() == 0 + 5);
  CHECK(sorted(f.ids(f.search({"--no-collapse", "--author", "Doe", "--", ""}))) == std::vector<std::string>{"a2.md", "a5.md"});
  CHECK(sorted(f.ids(f.search({"--no-collapse", "--", "author:\"Jane Roe\""}))) == std::vector<std::string>{"a1.md", "a5.md"});
  // "Trump", "Mr. Trump" and "Donald Trump" all name the actor of a3.
  for (const std::string name : {"Trump", "Donald Trump", "donald-trump"}) {
    INFO(name);
    CHECK(f.ids(f.search({"--actor", name, "--", ""})) == std::vector<std::string>{"a3.md"});
  }
  // Words and filters together; several values of one field are alternatives.
  CHECK(f.ids(f.search({"--source", "Charlie Post", "--", "qatar"})) == std::vector<std::string>{"a6.md"});
  CHECK(sorted(f.ids(f.search({"--no-collapse", "--source", "Charlie Post", "--source", "Bravo Times", "--", ""}))) ==
        std::vector<std::string>{"a2.md", "a4.md", "a6.md"});
  CHECK(f.search({"--source", "Nobody", "--", ""}).at("hits").empty());
}

TEST_CASE("filters: a date known to the month or year matches any range it overlaps", "[cli][facets][dates]") {
  const Fixture f;
  const auto range = [&](const std::string& q) { return sorted(f.ids(f.search({"--no-collapse", "--", q}))); };
  // 2019-09-15..20 overlaps September 2019 (a3) and the year 2019 (a4), not 2019-09-09/10.
  CHECK(range("date:2019-09-15..2019-09-20") == std::vector<std::string>{"a3.md", "a4.md"});
  CHECK(range("date:2019-09-09") == std::vector<std::string>{"a1.md", "a3.md", "a4.md"});
  CHECK(range("date:2019-09") == std::vector<std::string>{"a1.md", "a2.md", "a3.md", "a4.md"});
  CHECK(range("date:2020..") == std::vector<std::string>{"a5.md"});
  CHECK(range("date:..2019-08") == std::vector<std::string>{"a4.md"});
  CHECK(sorted(f.ids(f.search({"--no-collapse", "--from", "2019-10-01", "--to", "2020-12-31", "--", ""}))) ==
        std::vector<std::string>{"a4.md", "a5.md"});
  // The month facet's filter asks for a known month: a4 (2019 only) is not in it.
  CHECK(range("month:2019-09") == std::vector<std::string>{"a1.md", "a2.md", "a3.md"});
  CHECK(range("year:2019") == std::vector<std::string>{"a1.md", "a2.md", "a3.md", "a4.md"});
  for (const std::string bad : {"date:2019-02-29", "date:2019-00", "date:2020-01..2019-12", "date:yesterday"}) {
    INFO(bad);
    const auto r = ptsearch({"--index", f.idx.string(), "--", bad});
    CHECK(r.status == 2);
    CHECK(is_one_line(r.err, "ptsearch: "));
  }
  const auto r = ptsearch({"--index", f.idx.string(), "--from", "2019-13-01", ""});
  CHECK(r.status == 2);
}

TEST_CASE("sorting by date and collapsing near-duplicates", "[cli][facets][sort]") {
  const Fixture f;
  // Newest first: dated documents by their first day, the undated one last.
  const auto newest = f.ids(f.search({"--no-collapse", "--sort", "newest", "--", ""}));
  CHECK(newest == std::vector<std::string>{"a5.md", "a2.md", "a1.md", "a3.md", "a4.md", "a6.md"});
  const auto oldest = f.ids(f.search({"--no-collapse", "--sort", "oldest", "--", ""}));
  CHECK(oldest == std::vector<std::string>{"a4.md", "a3.md", "a1.md", "a2.md", "a5.md", "a6.md"});

  // a1 and a2 carry the same story: one hit, the other listed with its outlet.
  const auto j = f.search({"--", "ceasefire Doha"});
  REQUIRE(j.at("hits").size() == 1);
  CHECK(total(j) == 2);
  CHECK(j.at("distinct") == 1);
  const auto& hit = j.at("hits").at(0);
  const std::string other = hit.at("id") == "a1.md" ? "a2.md" : "a1.md";
  REQUIRE(hit.at("duplicates").size() == 1);
  CHECK(hit.at("duplicates").at(0).at("id") == other);
  CHECK(hit.at("duplicates").at(0).at("source") == (other == "a1.md" ? "Alpha News" : "Bravo Times"));
  // With facets (counted in a match of their own, before collapsing): the same page and totals,
  // and both outlets counted.
  const auto faceted = f.search({"--facets", "--", "ceasefire Doha"});
  CHECK(f.ids(faceted) == f.ids(j));
  CHECK(total(faceted) == 2);
  CHECK(faceted.at("distinct") == 1);
  std::map<std::string, std::uint64_t> sources;
  for (const auto& v : faceted.at("facets").at("source").at("values")) sources[v.at("value")] = v.at("count");
  CHECK(sources == std::map<std::string, std::uint64_t>{{"alpha-news", 1}, {"bravo-times", 1}});
  const auto all = f.search({"--no-collapse", "--", "ceasefire Doha"});
  CHECK(sorted(f.ids(all)) == std::vector<std::string>{"a1.md", "a2.md"});
  CHECK(all.at("collapsed") == false);

  const auto text = ptsearch({"--index", f.idx.string(), "--color", "never", "ceasefire", "Doha"});
  CHECK(text.out.find("also published as: " + other) != std::string::npos);
}

TEST_CASE("document view (--doc): one document's metadata with where each field came from", "[cli][facets][doc]") {
  const Fixture f;
  const auto r = ptsearch({"--index", f.idx.string(), "--doc", "a5.md", "--json"});
  REQUIRE(r.status == 0);
  const auto d = json::parse(r.out).at("document");
  CHECK(d.at("id") == "a5.md");
  CHECK(d.at("title") == "New year talks");
  CHECK(d.at("source").at("name") == "Alpha News");
  CHECK(d.at("source").at("how") == "front-matter");
  CHECK(d.at("date").at("iso") == "2020-01-15");
  CHECK(d.at("date").at("precision") == "day");
  REQUIRE(d.at("authors").size() == 2);
  CHECK(d.at("authors").at(1).at("slug") == "john-doe");
  bool russia = false;
  for (const auto& a : d.at("actors")) russia = russia || (a.at("slug") == "russia" && a.at("type") == "country");
  CHECK(russia);

  const auto text = ptsearch({"--index", f.idx.string(), "--doc", "a6.md"});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("source: Charlie Post") != std::string::npos);
  CHECK(text.out.find("date: none found") != std::string::npos);

  const auto missing = ptsearch({"--index", f.idx.string(), "--doc", "nope.md"});
  CHECK(missing.status == 1);
  CHECK(is_one_line(missing.err, "ptsearch: "));
  CHECK(missing.err.find("nope.md") != std::string::npos);
}

TEST_CASE("a user gazetteer (--actors) is kept in the index and used by filters", "[cli][facets][actors]") {
  TempDir t;
  const auto c = t / "corpus";
  const auto idx = t / "idx";
  fs::create_directories(c);
  write_file(c / "z.md", "---\nsource: Alpha News\n---\nThe Zorbian Guild met again. Zorbian Guild leaders said the Guild "
                         "would talk to Zorbia.\n");
  write_file(t / "actors.txt", "# test actors\norg | Zorbian Guild | ZG | The Guild\ncountry | Zorbia | Zorbian Republic\n");

  auto r = ptindex({"build", c.string(), "--index", idx.string(), "--actors", (t / "actors.txt").string()});
  REQUIRE(r.status == 0);
  const auto doc = json::parse(ptsearch({"--index", idx.string(), "--doc", "z.md", "--json"}).out).at("document");
  std::set<std::string> slugs;
  for (const auto& a : doc.at("actors")) slugs.insert(a.at("slug"));
  CHECK(slugs.count("zorbian-guild"));
  CHECK(slugs.count("zorbia"));
  // An alias only the user's file knows resolves through the gazetteer kept in the index.
  const auto hits = [&](const std::string& actor) {
    return hit_ids(json::parse(ptsearch({"--index", idx.string(), "--json", "--actor", actor, ""}).out));
  };
  CHECK(hits("ZG") == std::vector<std::string>{"z.md"});
  CHECK(hits("Zorbian Republic") == std::vector<std::string>{"z.md"});

  // A later build without --actors keeps using the same gazetteer: nothing to re-index.
  r = ptindex({"build", c.string(), "--index", idx.string()});
  REQUIRE(r.status == 0);
  CHECK(parse_summary(r.out) == Summary{1, 0, 0, 1, 0, 0});
  // A changed file re-indexes.
  write_file(t / "actors.txt", "org | Zorbian Guild | ZG\n");
  r = ptindex({"build", c.string(), "--index", idx.string(), "--actors", (t / "actors.txt").string()});
  CHECK(parse_summary(r.out) == Summary{1, 0, 1, 0, 0, 0});

  // A malformed file: one line naming the file and line, exit 1, the index untouched.
  write_file(t / "bad.txt", "org | Fine Org\nwizard | Merlin\n");
  r = ptindex({"build", c.string(), "--index", idx.string(), "--actors", (t / "bad.txt").string()});
  CHECK(r.status == 1);
  CHECK(is_one_line(r.err, "ptindex: "));
  CHECK(r.err.find("bad.txt:2") != std::string::npos);
  CHECK(hits("ZG") == std::vector<std::string>{"z.md"});
}

TEST_CASE("more like this: the copy of a story first, the document itself never", "[cli][facets][like]") {
  const Fixture f;
  const auto j = f.search({"--like", "a1.md"});
  const auto ids = f.ids(j);
  REQUIRE_FALSE(ids.empty());
  CHECK(ids.front() == "a2.md");
  CHECK(std::find(ids.begin(), ids.end(), "a1.md") == ids.end());
  CHECK(j.at("like") == "a1.md");
  // Filters narrow it like any search.
  CHECK(f.ids(f.search({"--like", "a1.md", "--source", "Bravo Times"})) == std::vector<std::string>{"a2.md"});
  CHECK(f.search({"--like", "a1.md", "--source", "Charlie Post"}).at("hits").empty());
  const auto missing = ptsearch({"--index", f.idx.string(), "--like", "nope.md"});
  CHECK(missing.status == 1);
  CHECK(is_one_line(missing.err, "ptsearch: "));
}
