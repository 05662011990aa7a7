// Reading match-spy counts into Facet values; splitting the packed actor lists.
#include "facets.h"

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pt/error.h"
#include "pt/schema.h"

namespace pt {
namespace {

using Counts = std::vector<std::pair<std::string, std::uint64_t>>;

// A spy's values, each once, in value order (the spy keeps them in a sorted map).
Counts counts(const Xapian::ValueCountMatchSpy& spy) {
  Counts out;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) out.emplace_back(*it, it.get_termfreq());
  return out;
}

// The top `limit` by count, ties by value; only those are sorted and labelled (a frequent
// word's actor facet can have thousands of values).
Facet by_count(std::string name, Counts values, std::size_t limit, bool exact, const FacetLabeler& label) {
  Facet f;
  f.name = std::move(name);
  f.exact = exact;
  const auto shown = std::min(limit, values.size());
  std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(shown), values.end(),
                    [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  f.more = values.size() - shown;
  for (std::size_t i = 0; i < shown; ++i) {
    FacetValue v{values[i].first, values[i].first, "", values[i].second};
    label(f.name, v);
    f.values.push_back(std::move(v));
  }
  return f;
}

Facet by_date(std::string name, const Counts& values, bool exact) {
  Facet f;
  f.name = std::move(name);
  f.exact = exact;
  for (const auto& [value, count] : values) f.values.push_back(FacetValue{value, value, "", count});
  return f;
}

}  // namespace

FacetCounter::FacetCounter(Xapian::Enquire& enquire, const std::vector<std::string>& names) {
  const auto wanted = [&](std::string_view name) {
    return names.empty() || std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const auto& n : names)
    if (n != "source" && n != "actor" && n != "year" && n != "month")
      throw QueryError("unknown facet '" + n + "' (choose from source, actor, year, month)");
  const auto spy = [&](std::unique_ptr<Xapian::ValueCountMatchSpy>& slot, unsigned value_slot) {
    slot = std::make_unique<Xapian::ValueCountMatchSpy>(value_slot);
    enquire.add_matchspy(slot.get());
  };
  if (wanted("source")) spy(source_, schema::kSlotSource);
  if (wanted("year")) spy(year_, schema::kSlotYear);
  if (wanted("month")) spy(month_, schema::kSlotMonth);
  if (wanted("actor")) spy(actors_, schema::kSlotActors);
}

std::vector<Facet> FacetCounter::read(std::size_t limit, bool exact, const FacetLabeler& label) const {
  std::vector<Facet> out;
  if (source_) out.push_back(by_count("source", counts(*source_), limit, exact, label));
  if (actors_) {
    std::unordered_map<std::string, std::uint64_t> actor_counts;
    for (auto it = actors_->values_begin(); it != actors_->values_end(); ++it) {
      const std::string& list = *it;  // each actor once, so each document adds 1 per actor it names
      for (std::size_t from = 0; from < list.size();) {
        auto to = list.find(schema::kActorSeparator, from);
        if (to == std::string::npos) to = list.size();
        if (to > from) actor_counts[list.substr(from, to - from)] += it.get_termfreq();
        from = to + 1;
      }
    }
    out.push_back(by_count("actor", Counts(actor_counts.begin(), actor_counts.end()), limit, exact, label));
  }
  if (year_) out.push_back(by_date("year", counts(*year_), exact));
  if (month_) out.push_back(by_date("month", counts(*month_), exact));
  return out;
}

}  // namespace pt
