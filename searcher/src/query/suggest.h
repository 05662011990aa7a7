// "Did you mean": a query's words the index does not have, replaced by the closest words it has.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "pt/analyzer.h"

namespace pt {

// Edits (insert, delete, substitute, swap two neighbours) between two UTF-8 strings, counted in
// code points, or max + 1 when there are more than `max`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t max);

// The indexed word closest to `term` (an analysed, unstemmed term the index lacks): at most 1
// edit for words up to 4 code points, 2 for longer ones; fewest edits first, then the word in
// most documents. Looks only at words with the same first letter (a B-tree range), so a mistyped
// first letter is not corrected. Empty when there is none.
std::string closest_indexed_word(const Xapian::Database& db, const std::string& term);

// `text` (a query, filters already taken out) with each word the index has in no form (neither
// as written nor stemmed) replaced by closest_indexed_word; query syntax and the other words are
// kept as typed. Empty when no word was replaced. Words with digits, operators and words under
// 3 code points are left alone.
std::string suggest_query(const Xapian::Database& db, std::string_view text, const Analyzer& analyzer);

}  // namespace pt
