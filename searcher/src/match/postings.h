// Reading one term's postings for a handful of documents: one walk of its posting list.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <string>
#include <vector>

namespace pt {

// Calls `found(i, posting)` for each docs[i] that holds `term`, walking the term's posting list
// once in docid order (skip_to) instead of looking each document up: a page's documents are a
// few among many, and most lack any one word.
template <typename Found>
void for_each_posting_in(const Xapian::Database& db, const std::string& term, const std::vector<Xapian::docid>& docs,
                         Found&& found) {
  std::vector<std::size_t> order(docs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return docs[a] < docs[b]; });
  auto it = db.postlist_begin(term);
  const auto end = db.postlist_end(term);
  for (const auto i : order) {
    if (it == end) break;
    it.skip_to(docs[i]);
    if (it != end && *it == docs[i]) found(i, it);
  }
}

}  // namespace pt
