// Compacting an index into a single-file copy (Xapian::Database::compact).
#include "ptindex/compact.h"

#include "pt/error.h"

namespace pt::indexer {

CompactStats compact_index(const std::string& source, const std::string& destination) {
  throw ConfigError("compacting " + source + " into " + destination + " is not implemented yet");
}

}  // namespace pt::indexer
