// A document analysed by a worker, ready for its shard's writer: what to write and how to recognise it.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>

#include "ptindex/fingerprint.h"

namespace pt::indexer {

struct PreparedDocument {
  std::string id;        // the document id
  std::string id_term;   // its unique Q term
  unsigned shard = 0;
  Fingerprint fingerprint;
  // Null: the content is what the index holds (a touched file): only the fingerprint is refreshed.
  std::optional<Xapian::Document> document;
  std::uint64_t text_bytes = 0;  // bytes read for it (for commit batching)
  std::size_t dropped_terms = 0;
};

}  // namespace pt::indexer
