// A spread of a corpus' articles: what the record compression dictionaries are trained on.
#pragma once

#include <cstddef>
#include <vector>

#include "pt/record.h"
#include "ptindex/builder.h"
#include "ptindex/corpus.h"

namespace pt::indexer {

struct SampleArticle {
  std::string id;
  std::string path;  // the file, relative to the corpus root
  Article article;   // as parsed: explicit metadata only, nothing extracted yet
};

// Up to `max_articles`: every k-th article file, and the first lines of each JSONL file in equal
// shares. Files that cannot be read or parsed are passed over silently (the build proper reports them).
std::vector<SampleArticle> sample_articles(const CorpusListing& listing, const BuildOptions& options, std::size_t max_articles);

}  // namespace pt::indexer
