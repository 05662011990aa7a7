// Compacting an index (one database or a stub of shards) into a single-file copy with Xapian's compaction API.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

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

// Merges the glass databases `parts` (written in parallel by one build) into one compacted
// database in the folder `database`, replacing the Xapian files there, if any, and its XAPIANDB
// stub: the compaction goes to a folder inside it, then its files are renamed into place,
// iamglass last, so the folder never opens as a half-written database. Metadata keys take the
// first part's value. The parts are left for the caller to remove. `stop_requested` is asked as
// each table starts and ends and before the renames: when it says yes, the merge is given up
// and nullopt returned, `database` as it was. Throws pt::IndexError / pt::IoError; on failure
// before the renames, what was in `database` is left as it was.
std::optional<CompactStats> merge_parts_into(const std::vector<std::string>& parts, const std::string& database,
                                             const std::function<bool()>& stop_requested = {});

}  // namespace pt::indexer
