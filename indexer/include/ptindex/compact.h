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

// Compacts one writable glass database folder in place, so that it can still be updated: a full
// compaction into a folder beside it, then the two swapped by renaming (the old copy is removed).
// ptindex build does this at the end of a build that started from an empty index: Xapian's
// batched writes leave B-tree blocks part-full, and compaction halves the index. Throws
// pt::IndexError / pt::IoError; on failure the database is left as it was.
CompactStats compact_in_place(const std::string& database);

}  // namespace pt::indexer
