// Reading match-spy counts into Facet values; summing the actor slots.
#include "facets.h"

#include <algorithm>
#include <map>

#include "pt/schema.h"

namespace pt {
namespace {

std::map<std::string, std::uint64_t> counts(const Xapian::ValueCountMatchSpy& spy) {
  std::map<std::string, std::uint64_t> out;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) out[*it] += it.get_termfreq();
  return out;
}

Facet by_count(std::string name, const std::map<std::string, std::uint64_t>& values, std::size_t limit, bool exact,
               const FacetLabeler& label) {
  Facet f;
  f.name = std::move(name);
  f.exact = exact;
  std::vector<std::pair<std::string, std::uint64_t>> sorted(values.begin(), values.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [value, count] : sorted) {
    if (f.values.size() == limit) {
      ++f.more;
      continue;
    }
    FacetValue v{value, value, "", count};
    label(f.name, v);
    f.values.push_back(std::move(v));
  }
  return f;
}

Facet by_date(std::string name, const std::map<std::string, std::uint64_t>& values, bool exact) {
  Facet f;
  f.name = std::move(name);
  f.exact = exact;
  for (const auto& [value, count] : values) f.values.push_back(FacetValue{value, value, "", count});
  return f;
}

}  // namespace

FacetCounter::FacetCounter(Xapian::Enquire& enquire)
    : source_(schema::kSlotSource), year_(schema::kSlotYear), month_(schema::kSlotMonth) {
  enquire.add_matchspy(&source_);
  enquire.add_matchspy(&year_);
  enquire.add_matchspy(&month_);
  for (unsigned i = 0; i < schema::kActorSlots; ++i) {
    actors_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(schema::kSlotFirstActor + i));
    enquire.add_matchspy(actors_.back().get());
  }
}

std::vector<Facet> FacetCounter::read(std::size_t limit, bool exact, const FacetLabeler& label) const {
  std::map<std::string, std::uint64_t> actor_counts;
  for (const auto& spy : actors_)
    for (const auto& [value, count] : counts(*spy)) actor_counts[value] += count;  // one slot per actor per document
  return {by_count("source", counts(source_), limit, exact, label), by_count("actor", actor_counts, limit, exact, label),
          by_date("year", counts(year_), exact), by_date("month", counts(month_), exact)};
}

}  // namespace pt
