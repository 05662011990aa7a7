// Unit test helper: a match's documents with their weights and percentages, to compare two matches row by row.
#pragma once

#include <xapian.h>

#include <vector>

namespace test {

struct MsetRow {
  Xapian::docid did;
  double weight;
  int percent;
  bool operator==(const MsetRow&) const = default;
};

inline std::vector<MsetRow> rows(const Xapian::MSet& mset) {
  std::vector<MsetRow> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back({*it, it.get_weight(), it.get_percent()});
  return out;
}

}  // namespace test
