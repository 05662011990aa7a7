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

// Terms follow pt/schema.h; the id term and the fingerprint value are set by the caller.
Xapian::Document make_document(const Record& record, const Analyzer& analyzer, unsigned title_weight, TermCounts& counts);

}  // namespace pt::indexer
