// Unit tests: the gazetteer (loading, user files, errors, name folding) and actor extraction (traps included).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pt/error.h"
#include "ptindex/article.h"
#include "ptindex/extract.h"
#include "ptindex/gazetteer.h"

using namespace pt::indexer;
namespace fs = std::filesystem;

namespace {

// A file in a fresh temporary folder, removed with it.
class TempFile {
 public:
  explicit TempFile(const std::string& contents, const std::string& name = "actors.txt") {
    dir_ = fs::temp_directory_path() / ("pt_actors_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::create_directories(dir_);
    path_ = dir_ / name;
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path dir_, path_;
};

Article article(std::string title, std::string body) {
  Article a;
  a.title = std::move(title);
  a.body = std::move(body);
  return a;
}

std::vector<Actor> actors_of(const Article& a, const Gazetteer& g = Gazetteer::builtin(), std::size_t max = 12) {
  return extract_actors(a, g, ActorOptions{max});
}

const Actor* find_actor(const std::vector<Actor>& actors, const std::string& slug) {
  const auto it = std::find_if(actors.begin(), actors.end(), [&](const Actor& a) { return a.slug == slug; });
  return it == actors.end() ? nullptr : &*it;
}

std::string listing(const std::vector<Actor>& actors) {
  std::string out;
  for (const auto& a : actors) out += a.slug + "(" + std::string(to_string(a.type)) + "," + std::to_string(a.mentions) + ") ";
  return out;
}

fs::path sample_corpus() { return fs::path(__FILE__).parent_path().parent_path().parent_path() / "sample-corpus"; }

Article read_article(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_text_article(normalize_text(text.str()));
}

}  // namespace

// --- the built-in gazetteer ------------------------------------------------------------------

TEST_CASE("built-in gazetteer: every kind of entry, ICU's countries included") {
  const auto& g = Gazetteer::builtin();
  std::size_t people = 0, orgs = 0, countries = 0;
  for (const auto& e : g.entries()) {
    CHECK(e.slug == slugify(e.name));
    if (e.type == ActorType::Person) ++people;
    if (e.type == ActorType::Organisation) ++orgs;
    if (e.type == ActorType::Country) ++countries;
  }
  CHECK(countries >= 250);  // ICU's regions plus historical states
  CHECK(orgs >= 100);
  CHECK(people >= 250);
  REQUIRE(g.find_slug("soviet-union"));
  CHECK(g.find_slug("soviet-union")->type == ActorType::Country);
  CHECK(g.find_slug("west-germany"));
  CHECK(g.find_slug("yugoslavia"));
  CHECK(g.find_slug("taliban")->type == ActorType::Organisation);
  CHECK(g.find_slug("no-such-thing") == nullptr);
  CHECK(g.fingerprint() == Gazetteer::builtin().fingerprint());
  CHECK(g.fingerprint().starts_with("gz1-"));
}

TEST_CASE("find folds written names as the analyser does") {
  const auto& g = Gazetteer::builtin();
  struct Case {
    const char* written;
    const char* slug;  // nullptr: no entry
  };
  const Case cases[] = {
      {"U.S.", "united-states"},
      {"US", "united-states"},
      {"u.s.", "united-states"},
      {"the United States", "united-states"},
      {"UNITED STATES", "united-states"},
      {"America", "united-states"},
      {"UK", "united-kingdom"},
      {"Britain", "united-kingdom"},
      {"Great Britain", "united-kingdom"},
      {"Kabul", "afghanistan"},
      {"Doha", "qatar"},
      {"Washington", "united-states"},
      {"Calif.", "united-states"},
      {"Moscow", "russia"},  // no date: the present-day state
      {"USSR", "soviet-union"},
      {"Burma", "myanmar"},
      {"Kampuchea", "cambodia"},
      {"Côte d’Ivoire", "ivory-coast"},
      {"Cote d'Ivoire", "ivory-coast"},
      {"Zürich", "switzerland"},
      {"Zurich", "switzerland"},
      {"Taliban’s", "taliban"},
      {"Taliban's", "taliban"},
      {"NATO", "nato"},
      {"Nato", "nato"},
      {"E.C.", "european-community"},
      {"IMF", "international-monetary-fund"},
      {"Al-Qaeda", "al-qaeda"},
      {"ISIS", "islamic-state"},
      {"Trump", "donald-trump"},
      {"Mr. Trump", nullptr},  // titles belong to the text, not to the name
      {"President Trump", "donald-trump"},
      {"Gorbachev", "mikhail-gorbachev"},
      {"james baker", "james-baker"},
      {"Karl Otto Pöhl", "karl-otto-poehl"},
      {"Reuters", nullptr},  // an outlet: never an actor
      {"Atlantis", nullptr},
      {"", nullptr},
      {"  ", nullptr},
  };
  for (const auto& c : cases) {
    INFO(c.written);
    const auto* e = g.find(c.written);
    if (!c.slug) CHECK(e == nullptr);
    else {
      REQUIRE(e != nullptr);
      CHECK(e->slug == c.slug);
    }
  }
}

// --- user files --------------------------------------------------------------------------------

TEST_CASE("a user file adds, extends and replaces entries") {
  TempFile file(
      "# my newsroom's actors\n"
      "\n"
      "person | Jan Kowalski | Kowalski | J. Kowalski\n"
      "org    | Acme Widgets | AWC\n"
      "person | Donald Trump | The Donald\n"
      "city   | Poland | Zakopane\n"
      "country | Freedonia @1933-1934 | Fredonia\n"
      "outlet | Kowalski Daily | KD\n"
      "org | Foo Bar | FB\n"
      "person | Foo Bar | Fooey\n"
      "=org | Baz Qux | Only\n"
      "org | Baz Qux | Also\n"
      "=country | Georgia | Sakartvelo\n"
      "country | United States | -America\n"
      "remove | Taliban\n");
  const auto g = Gazetteer::with_user_file(file.path());
  REQUIRE(g.find("Kowalski"));
  CHECK(g.find("Kowalski")->slug == "jan-kowalski");
  CHECK(g.find("J. Kowalski")->slug == "jan-kowalski");
  CHECK(g.find("AWC")->type == ActorType::Organisation);
  // Same slug: aliases added to the built-in entry, which keeps its own.
  CHECK(g.find("The Donald")->slug == "donald-trump");
  CHECK(g.find("Trump")->slug == "donald-trump");
  CHECK(g.find("Zakopane")->slug == "poland");
  CHECK(g.find("Fredonia")->slug == "freedonia");
  CHECK(g.find("KD") == nullptr);  // outlets are no entries
  // A later line with the same slug overrides the type and extends the aliases.
  REQUIRE(g.find_slug("foo-bar"));
  CHECK(g.find_slug("foo-bar")->type == ActorType::Person);
  CHECK(g.find("FB")->slug == "foo-bar");
  CHECK(g.find("Fooey")->slug == "foo-bar");
  // '=' replaces the aliases; '-' removes one.
  CHECK(g.find("Only")->slug == "baz-qux");
  CHECK(g.find("Also")->slug == "baz-qux");
  CHECK(g.find("Sakartvelo")->slug == "georgia");
  CHECK(g.find("America") == nullptr);
  CHECK(g.find("U.S.")->slug == "united-states");
  CHECK(g.find_slug("taliban") == nullptr);
  CHECK(g.fingerprint() != Gazetteer::builtin().fingerprint());
  CHECK(Gazetteer::with_user_file(file.path()).fingerprint() == g.fingerprint());
  CHECK(g.entries().size() == Gazetteer::builtin().entries().size() + 5 - 1);
}

TEST_CASE("malformed user files: a ConfigError naming file and line") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"person Jan Kowalski\n", ":1: expected \"TYPE | NAME | ALIAS | ...\""},
      {"# fine\nperson | Jan Kowalski\npersn | Jan Nowak\n", ":3: unknown type \"persn\""},
      {"person |\n", ":1: missing name"},
      {"person |   | Kowalski\n", ":1: missing name"},
      {"person | Jan Kowalski || Kowalski\n", ":1: empty alias"},
      {"person | ...\n", ":1: name \"...\" has no letter or digit"},
      {"person | Jan Kowalski | ---\n", ":1: alias \"---\" has no letter or digit"},
      {"city | Atlantis | Poseidonis\n", ":1: unknown country \"Atlantis\""},
      {"country | Freedonia @33-34\n", ":1: bad years"},
      {"country | Freedonia @1934-1933\n", ":1: bad years \"@1934-1933\": the first year is after the last"},
      {"country | Freedonia @abc\n", ":1: bad years"},
      {"city | Poland @1990-2000 | Zakopane\n", ":1: years belong on the country line"},
      {"iso | ZZ | Zedland\n", ":1: unknown ISO region code \"ZZ\""},
      {"remove | Nobody In Particular\n", ":1: remove: no entry named"},
      {"\n\nperson | Jan \xff Kowalski\n", ":3: not valid UTF-8"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    TempFile file(c.text);
    try {
      (void)Gazetteer::with_user_file(file.path());
      FAIL("no error");
    } catch (const pt::ConfigError& e) {
      const std::string what = e.what();
      CHECK(what.starts_with(file.path().string() + ":"));
      CHECK_THAT(what, Catch::Contains(c.message));
    }
  }
}

TEST_CASE("an actors file that cannot be read is an IoError") {
  CHECK_THROWS_AS(Gazetteer::with_user_file("/nonexistent/actors.txt"), pt::IoError);
  TempFile file("");  // an empty file is fine: the built-in entries alone
  CHECK(Gazetteer::with_user_file(file.path()).entries().size() == Gazetteer::builtin().entries().size());
}

// --- extraction ------------------------------------------------------------------------------

TEST_CASE("coreference: one actor for every way of naming it") {
  struct Case {
    const char* name;
    const char* body;
    const char* slug;
    unsigned mentions;
  };
  const Case cases[] = {
      {"titles and surnames", "President Donald Trump spoke. Mr. Trump left early. Later Trump said no.", "donald-trump", 3},
      {"the United States", "The US and the U.S. are the United States, also called America.", "united-states", 4},
      {"a city counts for its country", "Talks in Doha went on. Qatar hosted them.", "qatar", 2},
      {"a surname after the full name", "Finance Minister Michael Wilson spoke. Wilson said rates would fall.", "michael-wilson", 2},
      {"a surname after a title", "Canadian Finance Minister Wilson said rates would fall.", "michael-wilson", 1},
      {"a discovered person and their surname", "Special envoy Jan Kowalski arrived on Monday. Kowalski met the press.", "jan-kowalski", 2},
      {"a cued surname joins the full name", "Mr. Nowak spoke first. Then Piotr Nowak left the room.", "piotr-nowak", 2},
      {"an acronym and its name", "The North Atlantic Treaty Organization met. NATO said nothing.", "nato", 2},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto actors = actors_of(article("Notes", c.body));
    INFO(listing(actors));
    const auto* a = find_actor(actors, c.slug);
    REQUIRE(a != nullptr);
    CHECK(a->mentions == c.mentions);
  }
}

TEST_CASE("people sharing a surname: the one named in full nearest before") {
  const auto actors = actors_of(article("Notes",
                                        "Treasury Secretary James Baker met White House chief of staff Howard Baker. "
                                        "Howard Baker said little. Baker then left."));
  INFO(listing(actors));
  REQUIRE(find_actor(actors, "james-baker"));
  REQUIRE(find_actor(actors, "howard-baker"));
  CHECK(find_actor(actors, "james-baker")->mentions == 1);
  CHECK(find_actor(actors, "howard-baker")->mentions == 3);
}

TEST_CASE("traps: captions, credits, boilerplate and cited outlets are no actors") {
  struct Case {
    const char* name;
    const char* body;
    std::vector<std::string> absent;
    std::vector<std::string> present;
  };
  const std::vector<Case> cases = {
      {"a Source: Reuters photo caption in another outlet's article",
       "Talks between Kenya and Uganda resumed.\n![]() |\nThe delegations met in Moscow. Source: Reuters |\nKenya said more.\n",
       {"reuters", "russia"},
       {"kenya", "uganda"}},
      {"a source line", "Kenya and Uganda signed.\n\nSource: Oriental Review\n", {"oriental-review"}, {"kenya"}},
      {"a lede naming the outlet", "(Baonghean) - Kenya and Uganda signed the accord.", {"baonghean"}, {"kenya"}},
      {"according to a newspaper",
       "The talks ended badly, according to The Frontier Times, and Kenya left.",
       {"frontier-times", "the-frontier-times"},
       {"kenya"}},
      {"news agencies are never actors", "Xinhua and Tass reported that Kenya signed, AP and AFP said.", {"xinhua", "tass", "associated-press", "agence-france-presse"}, {"kenya"}},
      {"a photo credit", "Kenya signed.\nPhoto: Uganda Broadcasting Corporation\n", {"uganda", "uganda-broadcasting-corporation"}, {"kenya"}},
      {"boilerplate footer",
       "Kenya signed.\n\nNote to readers: please click the share buttons above.\n\n"
       "[Comment on Global Research Articles on our Facebook page](#)\n\n"
       "**Disclaimer:** The Centre for Research on Globalization will not be responsible for statements in Uganda.\n",
       {"facebook", "global-research", "centre-for-research-on-globalization", "uganda"},
       {"kenya"}},
      {"an about-the-author block", "Kenya signed.\n\n## About the author:\n\nHe lives in Uganda and writes on Tanzania.\n",
       {"uganda", "tanzania"}, {"kenya"}},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto a = article("Notes from the region", c.body);
    a.meta.source = Outlet{"OneWorld", "oneworld", {}};
    const auto actors = actors_of(a);
    INFO(listing(actors));
    for (const auto& slug : c.absent) CHECK(find_actor(actors, slug) == nullptr);
    for (const auto& slug : c.present) CHECK(find_actor(actors, slug) != nullptr);
  }
}

TEST_CASE("the article's own outlets and authors are no actors") {
  auto a = article("Korybko on Kenya",
                   "By Andrew Korybko\n\nGlobal Research and Andrew Korybko argue that Kenya and Uganda gain. Korybko adds more. "
                   "Jane Roe of the Daily Planet Group agrees.\n\n"
                   "Andrew Korybko is an American Moscow-based political analyst writing on China.\n");
  a.meta.source = Outlet{"Daily Planet Group", "daily-planet-group", {}};
  a.meta.authors.push_back(Author{"Andrew Korybko", "andrew-korybko", {}});
  const auto actors = actors_of(a);
  INFO(listing(actors));
  CHECK(find_actor(actors, "andrew-korybko") == nullptr);
  CHECK(find_actor(actors, "korybko") == nullptr);
  CHECK(find_actor(actors, "global-research") == nullptr);
  CHECK(find_actor(actors, "daily-planet-group") == nullptr);
  CHECK(find_actor(actors, "russia") == nullptr);  // "Moscow-based", in the author's biography
  CHECK(find_actor(actors, "china") == nullptr);
  CHECK(find_actor(actors, "kenya") != nullptr);

  // A byline names an author even when the metadata does not.
  const auto bylined = actors_of(article("Notes", "By Jane Roe\n\nJane Roe thinks Kenya will sign.\n"));
  INFO(listing(bylined));
  CHECK(find_actor(bylined, "jane-roe") == nullptr);
  CHECK(find_actor(bylined, "kenya") != nullptr);
}

TEST_CASE("common words that are also names do not fire on ordinary text") {
  struct Case {
    const char* name;
    const char* title;
    const char* body;
    const char* slug;
    bool expected;
  };
  const Case cases[] = {
      {"lower-case us", "Notes", "Let us talk. They told us to leave and join us.", "united-states", false},
      {"Us at a sentence start", "Notes", "Us and them. We met.", "united-states", false},
      {"US in capitals", "Notes", "US officials met. The US left.", "united-states", true},
      {"U.S. in a headline in capitals", "U.S. TRADE DEFICIT WIDENS", "The deficit widened.", "united-states", true},
      {"US in a headline in capitals is ambiguous", "LET US TALK NOW", "Nothing else.", "united-states", false},
      {"who", "Who is to blame?", "Who knows who did it.", "world-health-organization", false},
      {"WHO", "Notes", "The WHO said the outbreak was over.", "world-health-organization", true},
      {"IS in capitals", "Notes", "The self-proclaimed Islamic State (IS) struck; IS fighters fled.", "islamic-state", true},
      {"is", "Notes", "It is what it is.", "islamic-state", false},
      {"ill and Ill.", "Notes", "He fell ill in the spring.", "united-states", false},
      {"a state abbreviation with its dot", "Notes", "PEORIA, Ill., March 3 - The company said.", "united-states", true},
      {"lower-case country names", "Notes", "The turkey and the chad were served in china cups.", "turkey", false},
      {"a surname alone is not enough", "Notes", "Michael Wilson was not mentioned; Wilson Pickett sang.", "michael-wilson", true},
      {"a common surname alone", "Notes", "Wilson said rates would fall.", "michael-wilson", false},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto actors = actors_of(article(c.title, c.body));
    INFO(listing(actors));
    CHECK((find_actor(actors, c.slug) != nullptr) == c.expected);
  }
}

TEST_CASE("salience: title mentions, then mentions and position") {
  const auto actors = actors_of(article("Kenya weighs its options",
                                        "Officials met on Monday. Much was said about trade. Later France and Germany "
                                        "commented, France twice. France again.\n"));
  INFO(listing(actors));
  REQUIRE(actors.size() >= 3);
  CHECK(actors[0].slug == "kenya");
  CHECK(actors[1].slug == "france");
  CHECK(actors[2].slug == "germany");
  for (std::size_t i = 1; i < actors.size(); ++i) CHECK(actors[i - 1].salience >= actors[i].salience);

  const auto early = actors_of(article("Notes", "Kenya spoke first. Then came a long pause. Much later Uganda spoke.\n"));
  REQUIRE(early.size() == 2);
  CHECK(early[0].slug == "kenya");
  CHECK(early[0].origin.how == "gazetteer");
  CHECK(early[0].origin.evidence == "Kenya");
}

TEST_CASE("discovery: names the gazetteer lacks") {
  struct Case {
    const char* name;
    const char* body;
    const char* slug;
    ActorType type;
  };
  const Case cases[] = {
      {"a minister", "Foreign Minister Jan Kowalski flew to Kenya.", "jan-kowalski", ActorType::Person},
      {"a spokesman", "The agreement holds, spokesman Piotr Nowak said.", "piotr-nowak", ActorType::Person},
      {"Mr.", "Mr. Zbigniew Wodecki declined to comment.", "zbigniew-wodecki", ActorType::Person},
      {"a known given name", "Later John Smithers arrived in Nairobi.", "john-smithers", ActorType::Person},
      {"a company", "Acme Widget Corp said profits rose.", "acme-widget-corp", ActorType::Organisation},
      {"an organisation with of", "The Bank of Freedonia raised rates.", "bank-of-freedonia", ActorType::Organisation},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto actors = actors_of(article("Notes", c.body));
    INFO(listing(actors));
    const auto* a = find_actor(actors, c.slug);
    REQUIRE(a != nullptr);
    CHECK(a->type == c.type);
    CHECK(a->origin.how == "discovered");
  }
  struct Absent {
    const char* name;
    const char* body;
  };
  const Absent absent[] = {
      {"sentence-initial words and months", "The Talks in March went well. On Monday Officials Met again."},
      {"a description, not a name", "The Finance Ministry and the Council of Ministers met."},
      {"a place without a type", "They met at Camp David for the New Silk Road."},
  };
  for (const auto& c : absent) {
    INFO(c.name);
    const auto actors = actors_of(article("Notes", c.body));
    INFO(listing(actors));
    CHECK(std::none_of(actors.begin(), actors.end(), [](const Actor& a) { return a.origin.how == "discovered"; }));
  }
}

TEST_CASE("datelines and cities place an article") {
  struct Case {
    const char* name;
    const char* body;
    int year;  // 0: no date
    const char* first;
    const char* absent;  // nullptr: nothing to check
  };
  const Case cases[] = {
      {"a wire dateline", "KABUL, Sept 9 (Reuters) - Officials said talks would go on.", 2019, "afghanistan", "reuters"},
      {"a state after the city decides", "BIRMINGHAM, Ala., March 3 - The company said sales rose.", 1987, "united-states", "united-kingdom"},
      {"a dateline in capitals", "NEW YORK, March 2 - Stocks fell.", 1987, "united-states", nullptr},
      {"Moscow in 1987", "Officials in Moscow said so.", 1987, "soviet-union", "russia"},
      {"Moscow in 2019", "Officials in Moscow said so.", 2019, "russia", "soviet-union"},
      {"Moscow without a date", "Officials in Moscow said so.", 0, "russia", "soviet-union"},
      {"Bonn in 1987", "Officials in Bonn said so.", 1987, "west-germany", "germany"},
      {"Germany in 1987", "Germany said so.", 1987, "west-germany", "germany"},
      {"Germany in 2019", "Germany said so.", 2019, "germany", "west-germany"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto a = article("Notes", c.body);
    if (c.year) a.meta.date = PubDate{c.year, 3, 2, DatePrecision::Day, {}};
    const auto actors = actors_of(a);
    INFO(listing(actors));
    REQUIRE(!actors.empty());
    CHECK(actors[0].slug == c.first);
    CHECK(actors[0].type == ActorType::Country);
    if (c.absent) CHECK(find_actor(actors, c.absent) == nullptr);
  }
}

TEST_CASE("options and user gazetteers") {
  const auto body = "Kenya, Uganda, Tanzania, Rwanda and Burundi met Ethiopia and Somalia.";
  CHECK(actors_of(article("Notes", body), Gazetteer::builtin(), 3).size() == 3);
  CHECK(actors_of(article("Notes", body), Gazetteer::builtin(), 0).empty());
  CHECK(actors_of(article("", "")).empty());

  TempFile file("person | Jan Kowalski | Kowalski\n");
  const auto g = Gazetteer::with_user_file(file.path());
  const auto actors = actors_of(article("Notes", "Kowalski spoke in Warsaw."), g);
  INFO(listing(actors));
  REQUIRE(find_actor(actors, "jan-kowalski"));
  CHECK(find_actor(actors, "jan-kowalski")->origin.how == "gazetteer");
  CHECK(find_actor(actors, "poland"));
}

TEST_CASE("sample corpus: the central actors, nothing from captions or boilerplate") {
  struct Case {
    const char* file;
    std::vector<std::string> central;
    std::vector<std::string> absent;
  };
  const std::vector<Case> cases = {
      {"000_a188337ed794e192.txt",
       {"donald-trump", "united-states", "taliban", "afghanistan", "mike-pompeo", "al-qaeda", "islamic-state"},
       {"reuters", "al-jazeera", "associated-press", "baonghean", "qatar"}},  // Doha is only in a caption
      {"001_da17fc448e34686d.txt",
       {"taliban", "donald-trump", "united-states", "afghanistan", "mike-pompeo", "pakistan", "india"},
       {"global-research", "centre-for-research-on-globalization", "facebook", "andrew-korybko", "oneworld", "china"}},
      {"002_9c83e067df388347.txt",
       {"taliban", "united-states", "afghanistan", "russia", "qatar", "zalmay-khalilzad", "donald-trump", "pakistan"},
       {"oriental-review", "andrew-korybko"}},
      {"003_be81196f20b58ea7.txt", {"afghanistan", "united-states", "taliban", "nato", "qatar", "joe-biden"}, {}},
      {"004_070143b364e2e163.txt",
       {"afghanistan", "taliban", "hamid-karzai", "united-states", "qatar", "barack-obama"},
       {"the-new-york-times", "new-york-times", "the-wire"}},
  };
  for (const auto& c : cases) {
    for (const bool pipeline : {false, true}) {
      INFO(c.file << (pipeline ? " (after extract_text_metadata)" : " (actors alone)"));
      auto a = read_article(sample_corpus() / c.file);
      REQUIRE(!a.body.empty());
      if (pipeline) extract_text_metadata(a);
      const auto actors = actors_of(a);
      INFO(listing(actors));
      for (const auto& slug : c.central) CHECK(find_actor(actors, slug) != nullptr);
      for (const auto& slug : c.absent) CHECK(find_actor(actors, slug) == nullptr);
      // The top three are among the central ones.
      REQUIRE(actors.size() >= 3);
      for (std::size_t i = 0; i < 3; ++i) CHECK(std::count(c.central.begin(), c.central.end(), actors[i].slug) == 1);
    }
  }
}
