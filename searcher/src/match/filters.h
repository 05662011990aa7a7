// Filters as Xapian queries: boolean terms for sources, actors, authors, years, months; value ranges for dates.
#pragma once

#include <xapian.h>

#include <functional>
#include <optional>

#include "ptindex/gazetteer.h"
#include "ptsearch/searcher.h"

namespace pt {

// The filter query, or nullopt when `filters` is empty. Actor values resolve through the
// gazetteer's aliases and the index's own actors ("Trump" -> donald-trump); author values by
// surname too. Throws QueryError for an impossible date, a reversed range, a bad year or month.
// `gazetteer` is called only when actor filters need it: loading the gazetteer is the costliest
// part of a searcher's start-up, and most queries never need it.
std::optional<Xapian::Query> build_filter(const Xapian::Database& db, const SearchFilters& filters,
                                          const std::function<const indexer::Gazetteer&()>& gazetteer);

// YYYY, YYYY-MM or YYYY-MM-DD as the first (`end` false) or last (`end` true) day it covers,
// YYYYMMDD. Throws QueryError naming the value when it is malformed or impossible.
int parse_filter_date(const std::string& text, bool end);

}  // namespace pt
