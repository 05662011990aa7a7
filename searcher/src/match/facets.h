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

// One spy per facet slot, attached to an Enquire. The actor spy counts each document's sorted
// actor list as one value; read() splits the lists and adds their counts per actor.
class FacetCounter {
 public:
  // Counts the facets named (any of source, actor, year, month; empty: all). Throws QueryError
  // for an unknown name.
  FacetCounter(Xapian::Enquire& enquire, const std::vector<std::string>& names);
  // The facets after get_mset: source and actor by count (ties by value), top `limit`, with `more`
  // telling how many were left out; year and month in date order, all of them.
  std::vector<Facet> read(std::size_t limit, bool exact, const FacetLabeler& label) const;

 private:
  std::unique_ptr<Xapian::ValueCountMatchSpy> source_, year_, month_, actors_;  // null: not asked for
};

}  // namespace pt
