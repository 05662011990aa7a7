// Compacting an index (one database or a stub of shards) into a single-file copy with Xapian's compaction API.
#pragma once

#include <cstdint>
#include <string>

namespace pt::indexer {

struct CompactStats {
  std::uint64_t source_bytes = 0;  // bytes of the source index (all its shards)
  std::uint64_t output_bytes = 0;  // bytes of the compacted copy
  unsigned shards = 1;             // databases merged
  double seconds = 0;
};

// Writes a compacted, single-file copy of the index at `source` to `destination` (which must not
// exist). Throws pt::IndexError / pt::IoError / pt::ConfigError; the source is never modified.
CompactStats compact_index(const std::string& source, const std::string& destination);

}  // namespace pt::indexer
