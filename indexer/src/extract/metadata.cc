// Metadata value helpers: slugs, dates, and the names of enum values.
#include "ptindex/metadata.h"

#include <cstdio>

#include "pt/analyzer.h"
#include "pt/utf8.h"
#include "ptindex/extract.h"

namespace pt::indexer {

std::string slugify(std::string_view name) {
  // The analyser's terms are exactly "letters and digits, case-folded": join them with '-'.
  std::string slug;
  for (const auto& token : Analyzer::folding().tokenize(name)) {
    if (!slug.empty()) slug += '-';
    for (char c : token.term)
      if (c != '\'') slug += c;
  }
  return slug;
}

void extract_metadata(Article& article, const Gazetteer& gazetteer, const ActorOptions& options) {
  extract_text_metadata(article);
  if (article.body.size() <= kMaxActorTextBytes) {
    article.meta.actors = extract_actors(article, gazetteer, options);
    return;
  }
  Article head;
  head.title = article.title;
  head.meta = article.meta;
  std::size_t cut = utf8::safe_prefix(article.body, kMaxActorTextBytes);
  if (const auto nl = article.body.rfind('\n', cut); nl != std::string::npos && nl > cut / 2) cut = nl;
  head.body = article.body.substr(0, cut);
  article.meta.actors = extract_actors(head, gazetteer, options);
}

std::string_view to_string(ActorType type) {
  switch (type) {
    case ActorType::Person: return "person";
    case ActorType::Organisation: return "organisation";
    case ActorType::Country: return "country";
  }
  return "person";
}

std::optional<ActorType> parse_actor_type(std::string_view text) {
  if (text == "person") return ActorType::Person;
  if (text == "organisation" || text == "organization" || text == "org") return ActorType::Organisation;
  if (text == "country") return ActorType::Country;
  return std::nullopt;
}

std::string_view to_string(DatePrecision precision) {
  switch (precision) {
    case DatePrecision::Day: return "day";
    case DatePrecision::Month: return "month";
    case DatePrecision::Year: return "year";
  }
  return "day";
}

namespace {

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

}  // namespace

bool valid_date(int year, int month, int day) {
  return year >= 1000 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

std::string PubDate::iso() const {
  char buf[16];
  if (precision == DatePrecision::Year) std::snprintf(buf, sizeof buf, "%04d", year);
  else if (precision == DatePrecision::Month) std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

int PubDate::first_day() const {
  const int m = precision == DatePrecision::Year ? 1 : month;
  const int d = precision == DatePrecision::Day ? day : 1;
  return year * 10000 + m * 100 + d;
}

int PubDate::last_day() const {
  const int m = precision == DatePrecision::Year ? 12 : month;
  const int d = precision == DatePrecision::Day ? day : days_in_month(year, m);
  return year * 10000 + m * 100 + d;
}

}  // namespace pt::indexer
