// Reading a stored record's metadata JSON into the public DocumentMeta.
#pragma once

#include "pt/record.h"
#include "ptsearch/searcher.h"

namespace pt {

// The metadata of a record (empty when it has none); throws RecordError when the JSON is corrupt.
DocumentMeta read_document_meta(const Record& record);

}  // namespace pt
