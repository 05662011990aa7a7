// Where an index's databases live: one Xapian database, or shard-N databases under a XAPIANDB stub.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pt::indexer {

struct IndexLayout {
  std::string root;                      // what the user names with --index (and the searcher opens)
  std::vector<std::string> shard_paths;  // one entry (root itself) when not sharded
  // Shards of what is to be one database: a build of an unsharded index from empty writes parts
  // in parallel, as --shards would, and merges them into root once it has read the whole corpus.
  // Until then root is a sharded index (searchable, and resumed by the next build).
  bool in_parts = false;
  bool sharded() const { return shard_paths.size() > 1 || shard_paths.front() != root; }
};

// The layout a build writes. An existing sharded index (root/XAPIANDB) keeps its shard count
// unless `requested` differs, which needs `rebuild` (ConfigError otherwise); likewise a plain
// index asked for shards. With `rebuild`, the other layout's Xapian files are removed from root
// (only files Xapian writes: *.glass, iamglass, flintlock, XAPIANDB, shard-N folders). An
// unsharded index built from empty (none there, or `rebuild`) is written in `parts` parts when
// `parts` > 1; an index left in parts by an unfinished build is resumed in them. (A rebuilt plain
// index stays in root, searchable, until the merged one replaces it.)
IndexLayout plan_index_layout(const std::string& root, std::optional<unsigned> requested, bool rebuild,
                              unsigned parts = 1);

// Writes root/XAPIANDB listing the shards (relative "auto shard-N" lines), atomically; an index
// in parts says so in its first line.
void write_shard_stub(const IndexLayout& layout);

// Removes the shard folders and the stub of an index in parts once they were merged into root.
void remove_parts(const IndexLayout& layout);

// The shard of a document id: the same id always lands on the same shard.
unsigned shard_of(std::string_view id, std::size_t shards);

// The shard folder name "shard-N".
std::string shard_name(unsigned n);

}  // namespace pt::indexer
