// Article metadata (source, date, authors, actors), each field with how it was found.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pt::indexer {

// Where a field came from, so a user can see why a document is where it is.
//   how: "front-matter", "sidecar", "html-meta", "json-ld", "html-title"        (explicit metadata)
//        "lede", "source-line", "dateline", "original-source-line", "partner-archive",
//        "copyright", "byline", "articles-by"                                    (found in the text)
//        "gazetteer", "discovered"                                               (actors)
//        "inferred"                                                              (weak textual evidence, marked)
//   evidence: the text that gave the value (a line, a meta tag), trimmed to ~160 bytes.
struct Origin {
  std::string how;
  std::string evidence;
  bool operator==(const Origin&) const = default;
};

// A news outlet: display name as normally written ("Global Research") and its slug ("global-research").
struct Outlet {
  std::string name;
  std::string slug;
  Origin origin;
  bool operator==(const Outlet&) const = default;
};

enum class DatePrecision { Day, Month, Year };

struct PubDate {
  int year = 0;
  int month = 0;  // 1-12, 0 when precision is Year
  int day = 0;    // 1-31, 0 unless precision is Day
  DatePrecision precision = DatePrecision::Day;
  Origin origin;
  // "2019-09-09", "2019-09" or "2019".
  std::string iso() const;
  // First and last day covered, as YYYYMMDD numbers (20190901 .. 20190930 for "2019-09").
  int first_day() const;
  int last_day() const;
  bool operator==(const PubDate&) const = default;
};

struct Author {
  std::string name;  // "Andrew Korybko"
  std::string slug;  // "andrew-korybko"
  Origin origin;
  bool operator==(const Author&) const = default;
};

// Cities are not a type of their own: a city mention counts for its country.
enum class ActorType { Person, Organisation, Country };

struct Actor {
  std::string name;   // canonical name from the gazetteer or as discovered ("Donald Trump")
  std::string slug;   // "donald-trump"
  ActorType type = ActorType::Person;
  unsigned mentions = 0;
  double salience = 0;  // higher = more central; actors are sorted by it, highest first
  Origin origin;        // "gazetteer" or "discovered"; evidence = first mention as written
  bool operator==(const Actor&) const = default;
};

struct ArticleMeta {
  std::optional<Outlet> source;           // the outlet that published this copy
  std::optional<Outlet> original_source;  // an earlier publication ("originally published on OneWorld")
  std::optional<PubDate> date;
  std::vector<Author> authors;
  std::string url;
  std::vector<Actor> actors;  // by salience, highest first
};

// "Global Research" -> "global-research": NFKC case fold, letters and digits kept, anything else
// one '-', none at the ends. Empty when the name has no letter or digit.
std::string slugify(std::string_view name);

std::string_view to_string(ActorType type);
std::optional<ActorType> parse_actor_type(std::string_view text);  // "person", "organisation"/"org", "country"
std::string_view to_string(DatePrecision precision);

// A valid calendar date (Gregorian, year 1000-9999)?
bool valid_date(int year, int month, int day);

}  // namespace pt::indexer
