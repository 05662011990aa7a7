// Building the Xapian document of one article: terms, positions, title prefix, stems, record.
#pragma once

#include <xapian.h>

#include <cstddef>

#include "pt/analyzer.h"
#include "pt/record.h"

namespace pt::indexer {

struct TermCounts {
  std::size_t dropped = 0;  // tokens over Xapian's term length limit, left out
};

// Terms follow pt/schema.h; the id term and the fingerprint value are set by the caller. The record
// is stored encoded by `encoder` (with the index's compression dictionary), or without a
// dictionary when it is null.
Xapian::Document make_document(const Record& record, const Analyzer& analyzer, unsigned title_weight, TermCounts& counts,
                               RecordEncoder* encoder = nullptr);

}  // namespace pt::indexer
