// Building the filter query; resolving names to the slugs the index holds; validating dates.
#include "filters.h"

#include <charconv>
#include <cstdio>
#include <set>

#include "pt/error.h"
#include "pt/schema.h"
#include "ptindex/gazetteer.h"
#include "ptindex/metadata.h"

namespace pt {
namespace {

std::string term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  t += value;
  return t;
}

bool has_term(const Xapian::Database& db, const std::string& t) { return db.term_exists(t); }

// Slugs of the index under `prefix` whose last words are `slug` ("trump" -> "donald-trump").
std::vector<std::string> by_last_words(const Xapian::Database& db, std::string_view prefix, const std::string& slug) {
  std::vector<std::string> found;
  const std::string p(prefix);
  const std::string tail = "-" + slug;
  for (auto it = db.allterms_begin(p); it != db.allterms_end(p); ++it) {
    const std::string s = (*it).substr(p.size());
    if (s.size() > tail.size() && s.ends_with(tail)) found.push_back(*it);
  }
  return found;
}

// The terms a name written by the user stands for under `prefix` (possibly none: no match).
std::vector<std::string> resolve(const Xapian::Database& db, std::string_view prefix, const std::string& written,
                                 const indexer::Gazetteer* gazetteer) {
  const std::string slug = indexer::slugify(written);
  if (slug.empty()) throw QueryError("filter value '" + written + "' has no letters or digits");
  if (has_term(db, term(prefix, slug))) return {term(prefix, slug)};
  if (gazetteer) {
    if (const auto* entry = gazetteer->find(written)) return {term(prefix, entry->slug)};
  }
  auto partial = by_last_words(db, prefix, slug);
  if (!partial.empty()) return partial;
  return {term(prefix, slug)};
}

Xapian::Query any_of(const std::vector<std::string>& terms) {
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

int number(const std::string& text, std::size_t from, std::size_t len) {
  int v = 0;
  const char* b = text.data() + from;
  const auto [ptr, ec] = std::from_chars(b, b + len, v);
  if (ec != std::errc{} || ptr != b + len) return -1;
  return v;
}

std::string digits(int value, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, value);
  return buf;
}

}  // namespace

int parse_filter_date(const std::string& text, bool end) {
  const auto bad = [&](const std::string& why) {
    return QueryError("date '" + text + "' " + why + " (use YYYY, YYYY-MM or YYYY-MM-DD)");
  };
  const bool shape = (text.size() == 4 || (text.size() == 7 && text[4] == '-') ||
                      (text.size() == 10 && text[4] == '-' && text[7] == '-'));
  if (!shape) throw bad("is not a date");
  const int year = number(text, 0, 4);
  const int month = text.size() >= 7 ? number(text, 5, 2) : (end ? 12 : 1);
  if (year < 1000 || month < 1 || month > 12) throw bad("is impossible");
  int day = end ? 31 : 1;
  if (text.size() == 10) {
    day = number(text, 8, 2);
    if (!indexer::valid_date(year, month, day)) throw bad("is impossible");
  } else if (end) {
    while (!indexer::valid_date(year, month, day)) --day;
  }
  return year * 10000 + month * 100 + day;
}

std::optional<Xapian::Query> build_filter(const Xapian::Database& db, const SearchFilters& f,
                                          const std::function<const indexer::Gazetteer&()>& gazetteer) {
  if (f.empty()) return std::nullopt;
  std::vector<Xapian::Query> parts;
  const auto add_names = [&](const std::vector<std::string>& values, std::string_view prefix,
                            const indexer::Gazetteer* aliases) {
    if (values.empty()) return;
    std::set<std::string> terms;
    for (const auto& v : values)
      for (auto& t : resolve(db, prefix, v, aliases)) terms.insert(std::move(t));
    parts.push_back(any_of({terms.begin(), terms.end()}));
  };
  add_names(f.sources, schema::kSourcePrefix, nullptr);
  if (!f.actors.empty()) add_names(f.actors, schema::kActorPrefix, &gazetteer());
  add_names(f.authors, schema::kAuthorPrefix, nullptr);
  if (!f.years.empty()) {
    std::vector<std::string> terms;
    for (const auto& y : f.years) {
      if (y.size() != 4 || number(y, 0, 4) < 1000) throw QueryError("year '" + y + "' is not a year (use YYYY)");
      terms.push_back(term(schema::kYearPrefix, y));
    }
    parts.push_back(any_of(terms));
  }
  if (!f.months.empty()) {
    std::vector<std::string> terms;
    for (const auto& m : f.months) {
      if (m.size() != 7 || m[4] != '-') throw QueryError("month '" + m + "' is not a month (use YYYY-MM)");
      const int first = parse_filter_date(m, false);
      terms.push_back(term(schema::kMonthPrefix, digits(first / 100, 6)));
    }
    parts.push_back(any_of(terms));
  }
  if (!f.from.empty() || !f.to.empty()) {
    // A document's date covers [first, last] (a whole month or year when only that is known);
    // it matches when that overlaps [from, to].
    const int from = f.from.empty() ? 0 : parse_filter_date(f.from, false);
    const int to = f.to.empty() ? 99991231 : parse_filter_date(f.to, true);
    if (from > to) throw QueryError("date range " + f.from + ".." + f.to + " ends before it starts");
    parts.push_back(Xapian::Query(Xapian::Query::OP_AND,
                                  Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDateFirst, digits(to, 8)),
                                  Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDateLast, digits(from, 8))));
  }
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

}  // namespace pt
