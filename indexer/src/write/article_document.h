// From a parsed article to a prepared document: metadata extraction, record, terms, facet values.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "prepared_document.h"
#include "pt/analyzer.h"
#include "pt/record.h"
#include "ptindex/article.h"
#include "ptindex/gazetteer.h"

namespace pt::indexer {

// Extracts the article's metadata (into article.meta) and makes the record stored for it; the
// title and body are moved out of `article`. What the index stores, and what head dictionaries
// are trained on.
Record article_record(std::string id, std::string path, Article& article, const Gazetteer& gazetteer);

// One per worker thread (it owns an Analyzer, which is not thread-safe); the gazetteer is shared.
class ArticleDocumentMaker {
 public:
  // `dictionaries`: the index's record compression dictionaries, those it has.
  ArticleDocumentMaker(const std::string& language, const Gazetteer& gazetteer, unsigned title_weight,
                       const RecordDictionaries& dictionaries);

  // `path`: the file the article came from, relative to the corpus root (shown with results).
  // `file_term`: the XF term of its JSONL file, empty for an article file.
  PreparedDocument make(std::string id, std::string path, Article article, const Fingerprint& fingerprint,
                        const std::string& file_term, unsigned shard);

 private:
  Analyzer analyzer_;
  RecordEncoder encoder_;
  const Gazetteer& gazetteer_;
  unsigned title_weight_;
};

}  // namespace pt::indexer
