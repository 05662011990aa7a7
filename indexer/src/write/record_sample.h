// A spread of a corpus' articles as records: what the record compression dictionary is trained on.
#pragma once

#include <cstddef>
#include <vector>

#include "pt/record.h"
#include "ptindex/builder.h"
#include "ptindex/corpus.h"

namespace pt::indexer {

// Up to `max_records` records (id, path, title, body): every k-th article file, and the first lines
// of each JSONL file in equal shares. Files that cannot be read or parsed are passed over silently
// (the build proper reports them).
std::vector<Record> sample_records(const CorpusListing& listing, const BuildOptions& options, std::size_t max_records);

}  // namespace pt::indexer
