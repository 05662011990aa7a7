// Filters written in the query text (source:, actor:, author:, date:, year:, month:), taken out before parsing.
#pragma once

#include <string>

#include "ptsearch/searcher.h"

namespace pt {

// Removes every `field:value` / `field:"quoted value"` of the filter fields from `query` (outside
// phrases) and adds its value to `filters`; the words left go to the query parser. date:A..B sets
// from/to (either side may be empty: date:2019-09.., date:..2019); date:2019-09 is that month.
// Throws QueryError for an empty value or a second date range.
void take_query_filters(std::string& query, SearchFilters& filters);

}  // namespace pt
