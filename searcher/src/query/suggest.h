// "Did you mean": a query's words the index does not have, replaced by the closest words it has.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "pt/analyzer.h"

namespace pt {

// Edits (insert, delete, substitute, swap two neighbours) between two UTF-8 strings, counted in
// code points, or max + 1 when there are more than `max`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t max);

// The indexed term closest to `term` (a stem the index lacks; the index's words are stems): at
// most 1 edit for terms up to 4 code points, 2 for longer ones; fewest edits first, then the term
// in most documents. Looks only at terms with the same first letter (a B-tree range), so a
// mistyped first letter is not corrected. Empty when there is none.
std::string closest_indexed_word(const Xapian::Database& db, const std::string& term);

// A document's text (title and body) by its number: where suggestions read how a stem is written.
using DocumentText = std::function<std::string(Xapian::docid)>;

// `query` as typed with each word of `words` (the query's words: filters such as source:"X"
// taken out) whose stem the index lacks replaced by a word of the text whose stem is the closest
// indexed one (closest_indexed_word), the written form nearest to what was typed, cased as typed;
// query syntax, filters and the other words are kept. At most kMaxCorrections distinct words are
// looked up. Empty when no word was replaced. Words with digits, operators, field names (title:)
// and words under 3 code points are left alone.
inline constexpr std::size_t kMaxCorrections = 3;
std::string suggest_query(const Xapian::Database& db, std::string_view query, std::string_view words, const Analyzer& analyzer,
                          const DocumentText& text_of);

}  // namespace pt
