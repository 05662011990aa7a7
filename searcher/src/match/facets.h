// Facet counting with Xapian's ValueCountMatchSpy (works over remote shards too).
#pragma once

#include <xapian.h>

#include <functional>
#include <memory>
#include <vector>

#include "ptsearch/searcher.h"

namespace pt {

// Display name and type of a facet value: (facet name, value) -> FacetValue with label/type set.
using FacetLabeler = std::function<void(const std::string& facet, FacetValue& value)>;

// One spy per facet slot (the actor facet sums its kActorSlots slots), attached to an Enquire.
class FacetCounter {
 public:
  // Counts the facets named (any of source, actor, year, month; empty: all). Throws QueryError
  // for an unknown name.
  FacetCounter(Xapian::Enquire& enquire, const std::vector<std::string>& names);
  // The facets after get_mset: source and actor by count (ties by value), top `limit`, with `more`
  // telling how many were left out; year and month in date order, all of them.
  std::vector<Facet> read(std::size_t limit, bool exact, const FacetLabeler& label) const;

 private:
  std::unique_ptr<Xapian::ValueCountMatchSpy> source_, year_, month_;  // null: not asked for
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> actors_;   // empty: not asked for
};

}  // namespace pt
